using System.Globalization;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// Before a builder is launched: the signing keys its downloads are verified with must not have expired, because gpg then
/// answers EXPKEYSIG, fetch-pinned.sh refuses the download and the paid-for builder fails its setup. A key that expires
/// within <see cref="WarningWindow"/> is a warning.
/// </summary>
internal static class SigningKeyCheck
{
    public static readonly TimeSpan WarningWindow = TimeSpan.FromDays(30);

    /// <summary>The warnings for keys that expire soon; throws for a key that has expired or is not the pinned one.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<BuilderDownloads.PinnedRow> rows, DateTime nowUtc)
    {
        var warnings = new List<string>();
        foreach (var (name, armored) in BuilderDownloads.Keys(rows).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var pin = rows.First(r => r.Name == name).Pin;
            var key = OpenPgpKey.Read(armored);
            if ("pgp:" + key.Fingerprint != pin) throw new InvalidOperationException($"scripts/keys/{name}.asc is key {key.Fingerprint}, but its row pins {pin}.");
            if (key.Expires is not { } expires) continue;
            var day = expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (expires <= nowUtc)
            {
                throw new GcException(ErrorIds.SigningKeyExpired, GcErrorKind.ResourceUnavailable,
                    $"The {name} signing key this module pins ({key.Fingerprint}) expired on {day}: the builder would refuse the {name} download (gpg: EXPKEYSIG) after it had been paid for.",
                    $"Update GeosChem.PowerShell to a release with the publisher's current key; from a source clone, replace dockerfiles/scripts/keys/{name}.asc with the key from the page its row in dockerfiles/scripts/pinned-downloads.tsv cites (and the row's pgp: fingerprint, if the publisher rotated the key), then rebuild. No builder was launched.",
                    name);
            }
            if (expires - nowUtc <= WarningWindow)
            {
                warnings.Add($"The {name} signing key this module pins ({key.Fingerprint}) expires on {day}; builds after that day will be refused until the key is refreshed (see dockerfiles/scripts/keys/README.md).");
            }
        }
        return warnings;
    }
}
