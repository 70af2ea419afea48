using System.Globalization;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// A long run as chained segments: one array job whose children run one after another (SEQUENTIAL), child i
/// simulating [start + i x length, start + (i + 1) x length), the last one cut at the end. The entrypoint computes its
/// own segment from AWS_BATCH_JOB_ARRAY_INDEX and GC_SEGMENT_LENGTH and resumes from the restart the previous child
/// ended with (the restart prefix is shared).
/// </summary>
internal static partial class Segments
{
    public const string LengthVariable = "GC_SEGMENT_LENGTH";

    /// <summary>"1mo", "10d", "1y" (also "month(s)", "day(s)", "year(s)") to its canonical form "&lt;n&gt;d|mo|y".</summary>
    public static (int Count, string Unit) Parse(string text)
    {
        var match = Length().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new GcException(ErrorIds.SegmentLengthInvalid, GcErrorKind.InvalidArgument, $"-SegmentLength '{text}' is not a length GEOS-Chem segments can have.",
                "Give days, months or years: 10d, 1mo, 1y.", text);
        }
        var unit = match.Groups[2].Value.ToLowerInvariant() switch { "d" or "day" or "days" => "d", "y" or "year" or "years" => "y", _ => "mo" };
        return (n, unit);
    }

    public static DateTime Add(DateTime from, (int Count, string Unit) length, int times) => length.Unit switch
    {
        "d" => from.AddDays(length.Count * times),
        "y" => from.AddYears(length.Count * times),
        _ => from.AddMonths(length.Count * times),
    };

    /// <summary>The segments' [start, end) periods.</summary>
    public static List<(DateTime Start, DateTime End)> Split(DateTime start, DateTime end, (int Count, string Unit) length)
    {
        var periods = new List<(DateTime, DateTime)>();
        for (var i = 0; ; i++)
        {
            var from = Add(start, length, i);
            if (from >= end) break;
            var to = Add(start, length, i + 1);
            periods.Add((from, to < end ? to : end));
            if (periods.Count > 10_000) throw new GcException(ErrorIds.SegmentLengthInvalid, GcErrorKind.InvalidArgument, "That makes more than 10,000 segments.", "Use a longer -SegmentLength.");
        }
        return periods;
    }

    [GeneratedRegex(@"^(\d+)\s*(d|days?|mo|months?|y|years?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Length();
}

internal static partial class Segments
{
    /// <summary>The submission as segments: an array of one child per segment, run one after another. One segment is a plain job.</summary>
    public static SubmissionSpec Apply(SubmissionSpec spec, string? segmentLength)
    {
        if (segmentLength is null) return spec;
        if (spec.SimulationStart is not { } start || spec.SimulationEnd is not { } end)
        {
            throw new GcException(ErrorIds.SegmentPeriodMissing, GcErrorKind.InvalidArgument, "-SegmentLength needs the whole period to split.",
                "Give -SimulationStart and -SimulationEnd (Publish-GcRunDirectory's output carries them).", segmentLength);
        }
        if (spec.ArraySize is not null)
        {
            throw new GcException(ErrorIds.SegmentArrayConflict, GcErrorKind.InvalidArgument, "-SegmentLength makes the job an array of segments; it cannot also take -ArraySize.",
                "Submit each member of a sweep with its own -SegmentLength row instead.", segmentLength);
        }
        var length = Parse(segmentLength);
        var count = Split(start, end, length).Count;
        if (count < 2) return spec;
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal) { [LengthVariable] = $"{length.Count}{length.Unit}" };
        return spec with { ArraySize = BatchInput.ArraySize(count), Sequential = true, Environment = environment };
    }
}
