using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Reads a duration as a person writes one. .NET reads "24:00:00" as 24 days (its first field is days when it exceeds
/// 23); here hh:mm[:ss] is always hours, minutes, seconds, so "24:00:00" is a day and "36:00:00" a day and a half. Also
/// accepted: unit forms ("90m", "2h", "1d", "1d12h", "45s"), d.hh:mm:ss with an explicit day part ("1.12:00:00"), and
/// ISO 8601 ("PT6H"). A bare number is refused: without a unit it could be seconds, minutes or hours.
/// </summary>
internal static partial class Duration
{
    [GeneratedRegex(@"^(?:(?<d>\d+)\.)?(?<h>\d+):(?<m>\d{1,2})(?::(?<s>\d{1,2}(?:\.\d+)?))?$")]
    private static partial Regex Clock();

    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?:in)?)?(?:(?<s>\d+(?:\.\d+)?)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    public const string Forms = "hh:mm:ss (hours may exceed 24, e.g. 36:00:00), 90m, 2h, 1d, 1d12h, 45s, or ISO 8601 PT6H";

    public static bool TryParse(string? text, out TimeSpan value, out string? problem)
    {
        value = default;
        problem = null;
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            problem = "the duration is empty";
            return false;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            problem = $"'{s}' has no unit: it could be seconds, minutes or hours";
            return false;
        }
        if (Clock().Match(s) is { Success: true } c)
        {
            var minutes = int.Parse(c.Groups["m"].Value, CultureInfo.InvariantCulture);
            var seconds = c.Groups["s"].Success ? double.Parse(c.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (minutes > 59 || seconds >= 60)
            {
                problem = $"'{s}' has {(minutes > 59 ? "minutes" : "seconds")} above 59";
                return false;
            }
            var days = c.Groups["d"].Success ? int.Parse(c.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
            var hours = long.Parse(c.Groups["h"].Value, CultureInfo.InvariantCulture);
            if (c.Groups["d"].Success && hours > 23)
            {
                problem = $"'{s}' gives days and more than 23 hours";
                return false;
            }
            value = TimeSpan.FromDays(days) + TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (Units().Match(s) is { Success: true } u && (u.Groups["d"].Success || u.Groups["h"].Success || u.Groups["m"].Success || u.Groups["s"].Success))
        {
            double Part(string g) => u.Groups[g].Success ? double.Parse(u.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
            value = TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
            return true;
        }
        if (s.StartsWith('P') || s.StartsWith('p'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(s.ToUpperInvariant());
                return true;
            }
            catch (FormatException)
            {
            }
        }
        problem = $"'{s}' is not a duration this module reads";
        return false;
    }

    /// <summary>"1d 12h 0m" style, for messages and -Verbose.</summary>
    public static string Describe(TimeSpan value)
    {
        var parts = new List<string>();
        if (value.Days > 0) parts.Add($"{value.Days}d");
        if (value.Hours > 0) parts.Add($"{value.Hours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0 || parts.Count == 0) parts.Add($"{value.Seconds}s");
        return string.Join(' ', parts) + $" ({value.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h)";
    }
}
