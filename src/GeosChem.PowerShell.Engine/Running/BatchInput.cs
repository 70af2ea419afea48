using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>Checks of user input against what AWS Batch accepts, made before any call so bad input loses nothing.</summary>
internal static partial class BatchInput
{
    public const int MinArraySize = 2;
    public const int MaxArraySize = 10_000;
    public const int MaxDependencies = 20;
    public const int MinTimeoutSeconds = 60;

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}([:#][0-9]{1,5})?$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")]
    private static partial Regex S3UriPattern();

    public static string JobId(string? value)
    {
        var id = (value ?? "").Trim();
        if (JobIdPattern().IsMatch(id)) return id;
        throw new GcException(ErrorIds.BatchJobIdInvalid, GcErrorKind.InvalidArgument,
            $"'{value}' is not an AWS Batch job id.",
            "A job id looks like 8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f, with ':N' for an array child or '#N' for a node. Get-GcBatchJob lists them.", value);
    }

    public static string Name(string? value, string what)
    {
        var name = (value ?? "").Trim();
        if (NamePattern().IsMatch(name)) return name;
        throw new GcException(ErrorIds.BatchNameInvalid, GcErrorKind.InvalidArgument,
            $"'{value}' is not a valid {what}: AWS Batch takes 1-128 letters, digits, hyphens and underscores, starting with a letter or digit.",
            $"Choose a {what} like 'fullchem-4x5-2019-07'.", value);
    }

    /// <summary>An s3://bucket/prefix URI, normalised to end with '/' so that prefixes join predictably.</summary>
    public static string? S3Prefix(string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var uri = value.Trim();
        if (!S3UriPattern().IsMatch(uri))
        {
            throw new GcException(ErrorIds.S3UriInvalid, GcErrorKind.InvalidArgument,
                $"-{parameter} '{value}' is not an s3:// URI.",
                $"Give -{parameter} as s3://bucket/prefix/ (a lower-case bucket name, then the prefix); local paths do not reach a Batch container.", value);
        }
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    public static int? ArraySize(int? size)
    {
        if (size is null or 0) return null;
        if (size is < MinArraySize or > MaxArraySize)
        {
            throw new GcException(ErrorIds.BatchArraySizeInvalid, GcErrorKind.InvalidArgument,
                $"-ArraySize {size} is outside what AWS Batch allows ({MinArraySize} to {MaxArraySize:N0}).",
                $"Use 2-{MaxArraySize:N0} children, or leave -ArraySize out for a single job; split larger sweeps into several arrays.", size);
        }
        return size;
    }

    public static int? TimeoutSeconds(TimeSpan? timeout)
    {
        if (timeout is null) return null;
        if (timeout.Value.TotalSeconds < MinTimeoutSeconds)
        {
            throw new GcException(ErrorIds.BatchTimeoutTooShort, GcErrorKind.InvalidArgument,
                $"-Timeout {timeout.Value} is below AWS Batch's minimum of {MinTimeoutSeconds} seconds.",
                "Give the longest one attempt may run, for example -Timeout 12h or -Timeout '12:00:00' (hours:minutes:seconds).", timeout);
        }
        return (int)Math.Ceiling(timeout.Value.TotalSeconds);
    }

    public static IReadOnlyList<string> Dependencies(string[]? dependsOn)
    {
        var ids = (dependsOn ?? []).SelectMany(d => (d ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(JobId).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > MaxDependencies)
        {
            throw new GcException(ErrorIds.BatchTooManyDependencies, GcErrorKind.InvalidArgument,
                $"-DependsOn names {ids.Count} jobs; AWS Batch allows at most {MaxDependencies} per job.",
                "Make the jobs one array job and depend on that, or chain through an intermediate job.", dependsOn);
        }
        return ids;
    }

    /// <summary>The forms a simulation date may take in a CSV row or on the command line (culture-invariant, exact).</summary>
    public static readonly string[] DateForms = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyyMMdd"];

    /// <summary>
    /// A simulation date read exactly: a DateTime as given, or text in one of <see cref="DateForms"/>. Anything else, a date
    /// that does not exist (2019-02-30) or a day/month order that could be either (01/06/2019) included, is an error
    /// for its row rather than a date dropped or guessed.
    /// </summary>
    public static DateTime? Date(object? value, string parameter)
    {
        switch (value)
        {
            case null:
                return null;
            case DateTime d:
                return d;
            case DateTimeOffset o:
                return o.UtcDateTime;
            case string text when text.Trim().Length == 0:
                return null;
            case string text when DateTime.TryParseExact(text.Trim(), DateForms, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var parsed):
                return parsed;
            default:
                var shown = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                throw new GcException(ErrorIds.SimulationDateInvalid, GcErrorKind.InvalidArgument,
                    $"-{parameter} '{shown}' is not a date this module reads: it must exist and be written year first.",
                    $"Write it as yyyy-MM-dd (for example 2019-07-01), or yyyy-MM-ddTHH:mm[:ss]; forms like 01/06/2019 are refused because the day and month could be either.", shown);
        }
    }
}
