using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Timing;

internal static class RunTimingMapper
{
    public static GcRunTiming ToModel(RunTiming timing, string path) => new()
    {
        Model = timing.Model,
        Version = timing.Version,
        WallSeconds = timing.WallSeconds,
        SimulatedDays = timing.Period.Days,
        Throughput = timing.Period.Days is { } days && timing.WallSeconds is > 0 and var wall ? days / (wall / 86400.0) : null,
        SimulationStart = timing.Period.Start,
        SimulationEnd = timing.Period.End,
        Finished = timing.Period.Finished,
        Timers = timing.Timers.Select(t => new GcTimer
        {
            Name = t.Name, Depth = t.Depth, Seconds = t.Seconds, MinSeconds = t.MinSeconds, MaxSeconds = t.MaxSeconds,
            ExclusiveSeconds = t.ExclusiveSeconds, Cycles = t.Cycles, Note = t.Note,
        }).ToArray(),
        Format = timing.Format,
        Path = path,
        Warnings = timing.Warnings.ToArray(),
    };
}
