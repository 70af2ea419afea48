namespace GeosChem.PowerShell.Timing;

/// <summary>
/// One GEOS-Chem timer as the model printed it. GCClassic prints one total per timer; GCHP's MAPL profiler prints the
/// minimum, mean and maximum over ranks, so <see cref="Seconds"/> is the total (GCClassic) or the mean (GCHP).
/// </summary>
internal sealed record TimerReading(
    string Name,
    int Depth,
    double? Seconds,
    double? MinSeconds = null,
    double? MaxSeconds = null,
    double? ExclusiveSeconds = null,
    long? Cycles = null,
    string? Note = null);

/// <summary>The simulated period a log shows: the configured start and end, and how far the run got.</summary>
internal sealed record SimulatedPeriod(DateTime? Start, DateTime? End, DateTime? Reached, bool Finished)
{
    public static readonly SimulatedPeriod Unknown = new(null, null, null, false);

    /// <summary>Days simulated: to the end when the run finished, else to the last date it printed.</summary>
    public double? Days =>
        Start is { } start && (Finished ? End : Reached) is { } until && until >= start ? (until - start).TotalDays : null;
}

/// <summary>What one GEOS-Chem run's own timers say, read from its log, gcclassic_timers.json or allPEs.log.</summary>
internal sealed record RunTiming(
    string Model,
    string Format,
    string? Version,
    double? WallSeconds,
    SimulatedPeriod Period,
    IReadOnlyList<TimerReading> Timers,
    IReadOnlyList<string> Warnings);
