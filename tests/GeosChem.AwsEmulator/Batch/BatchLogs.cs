using System.Globalization;
using System.Text.Json.Nodes;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>
/// What a job's container would have printed by now: the entrypoint's start and restart lines, GEOS-Chem's
/// simulated-date progress, GEOS-Chem's own log lines and timers when it ended well (<see cref="GeosChemRunLog"/>),
/// and the exit line, spread over the attempt's run time.
/// </summary>
public static class BatchLogs
{
    private const int ProgressLines = 10;

    /// <summary>The simulation period and restart prefix a job's container was given (GC_SIM_START, GC_SIM_END, GC_RESTART_PREFIX).</summary>
    public static (DateTime Start, DateTime End, string? Prefix) Simulation(BatchJob job)
    {
        var env = BatchJson.MergedEnvironment(job.Definition.Container ?? [], job.ContainerOverrides).OfType<JsonObject>()
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? "");
        var start = Date(env.GetValueOrDefault("GC_SIM_START")) ?? new DateTime(2019, 7, 1);
        var end = Date(env.GetValueOrDefault("GC_SIM_END")) ?? start.AddMonths(1);
        return (start, end, env.GetValueOrDefault("GC_RESTART_PREFIX"));
    }

    public static List<(DateTime At, string Message)> EventsFor(BatchWorld world, BatchJob job, BatchAttempt attempt, DateTime now)
    {
        var events = new List<(DateTime, string)>();
        if (attempt.StartedAt is not { } started) return events;
        var (simStart, simEnd, prefix) = Simulation(job);
        var run = job.Scenario.RunSeconds ?? world.Timings.RunningSeconds;
        var visibleUntil = attempt.StoppedAt is { } stopped && stopped < now ? stopped : now;

        events.Add((started, $"[geoschem-entrypoint] job {job.JobName} ({job.JobId}) attempt {attempt.Number} on {attempt.InstanceType}"));
        events.Add((started, attempt.ResumedFrom is { } from
            ? $"[geoschem-entrypoint] resuming from {prefix}GEOSChem.Restart.{from:yyyyMMdd}_0000z.nc4"
            : $"[geoschem-entrypoint] no restart under {prefix ?? "(no GC_RESTART_PREFIX)"}; starting at {simStart:yyyy-MM-dd}"));
        var first = attempt.ResumedFrom ?? simStart;
        for (var k = 1; k <= ProgressLines; k++)
        {
            var at = started.AddSeconds(run * k / (ProgressLines + 1));
            var simulated = first.AddTicks((simEnd - first).Ticks * k / ProgressLines);
            events.Add((at, $"     - Simulated date: {simulated:yyyy/MM/dd HH:mm} ({100 * k / ProgressLines}% of this run)"));
        }
        if (attempt.StoppedAt is { } end)
        {
            if (attempt.ExitCode == 0)
            {
                attempt.GeosChemLines ??= Damaged(GeosChemRunLog.Lines(job, attempt, first, simEnd, world.Region), job.Scenario.TimerLog);
                // CloudWatch Logs has no empty events (PutLogEvents: a message is at least 1 character).
                events.AddRange(attempt.GeosChemLines.Where(l => l.Length > 0).Select(l => (end, l)));
            }
            // A truncated stream ends where the table was cut: nothing after it reached CloudWatch.
            if (attempt.ExitCode == 0 && string.Equals(job.Scenario.TimerLog, "truncated", StringComparison.OrdinalIgnoreCase)) return Visible(events, visibleUntil);
            events.Add((end, attempt.ExitCode is { } code
                ? $"[geoschem-entrypoint] GEOS-Chem exited with code {code}"
                : $"[geoschem-entrypoint] stopped: {attempt.StatusReason}"));
        }
        return Visible(events, visibleUntil);
    }

    private static List<(DateTime At, string Message)> Visible(List<(DateTime, string)> events, DateTime until) =>
        events.Where(e => e.Item1 <= until).OrderBy(e => e.Item1).ToList();

    /// <summary>A log as a killed or disk-full container leaves it: cut in the middle of the timer table, or with its rows garbled.</summary>
    private static IReadOnlyList<string> Damaged(IReadOnlyList<string> lines, string? fault)
    {
        var table = lines.ToList().FindIndex(l => l.StartsWith("  GEOS-Chem    ", StringComparison.Ordinal) || l.Contains("Times for component <", StringComparison.Ordinal));
        if (fault is null || table < 0) return lines;
        if (fault.Equals("truncated", StringComparison.OrdinalIgnoreCase))
        {
            var cut = Math.Min(lines.Count - 1, table + 4);
            return [.. lines.Take(cut), lines[cut][..(lines[cut].Length / 2)]];
        }
        return [.. lines.Take(table), .. lines.Skip(table).Select(l => l.Contains(':') || l.Contains('|') ? new string(l.Reverse().ToArray()) : l)];
    }

    private static DateTime? Date(string? text) =>
        DateTime.TryParseExact(text, ["yyyyMMdd", "yyyy-MM-dd", "yyyyMMdd HHmmss", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
