using System.Collections.Concurrent;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Before a job is sent: a run directory uploaded with an input list (.gc-inputs, Publish-GcRunDirectory) has it staged
/// for one period, and the entrypoint refuses a job outside it (exit 2), so a job whose period the list does not cover
/// is refused here, before it queues. Each run directory's list is read once. No list (a GCClassic run directory, one
/// uploaded another way), a list without a period, or a job with no period of its own (it runs the run directory's,
/// which the list was made for): nothing to compare.
/// </summary>
internal sealed class InputListCheck(IObjectStore store)
{
    private readonly ConcurrentDictionary<string, Task<(DateTime Start, DateTime End)?>> _periods = new(StringComparer.Ordinal);

    /// <summary>Throws GcInputListPeriodMismatch when the job's period is not inside the list's.</summary>
    public async Task CheckAsync(string runDirectory, DateTime? start, DateTime? end, CancellationToken ct)
    {
        if (start is null && end is null) return;
        var period = await _periods.GetOrAdd(runDirectory, prefix => ReadAsync(prefix, ct)).ConfigureAwait(false);
        if (period is not { } listed) return;
        if (Uncovered(listed, start, end) is { } problem)
        {
            var from = start ?? listed.Start;
            var to = end ?? listed.End;
            throw new GcException(ErrorIds.InputListPeriodMismatch, GcErrorKind.InvalidArgument,
                $"The input list {runDirectory}{InputManifest.FileName} was made for {listed.Start:yyyy-MM-dd HH:mm} to {listed.End:yyyy-MM-dd HH:mm}, "
                + $"but this job runs {problem}; the job would stop before staging (or miss input files later).",
                $"Publish the run directory again for the job's period: Publish-GcRunDirectory -Path <run directory> -Destination {runDirectory} "
                + $"-SimulationStart {Stamp(from)} -SimulationEnd {Stamp(to)}, "
                + "or submit within the listed period.", runDirectory);
        }
    }

    private static string Stamp(DateTime t) => t.TimeOfDay == TimeSpan.Zero ? $"{t:yyyy-MM-dd}" : $"{t:yyyy-MM-ddTHH:mm}";

    /// <summary>What part of the job's period lies outside the list's, or null when none does.</summary>
    public static string? Uncovered((DateTime Start, DateTime End) listed, DateTime? start, DateTime? end)
    {
        var from = start ?? listed.Start;
        var to = end ?? listed.End;
        if (from >= listed.Start && to <= listed.End) return null;
        return $"{from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm}";
    }

    private async Task<(DateTime Start, DateTime End)?> ReadAsync(string prefix, CancellationToken ct)
    {
        var (bucket, key) = RunDirectoryUploader.SplitS3(prefix);
        var text = await store.GetTextOrNullAsync(bucket, key + InputManifest.FileName, ct).ConfigureAwait(false);
        return text is null ? null : InputManifest.ReadPeriod(text);
    }
}
