namespace GeosChem.PowerShell.Models;

/// <summary>What one GEOS-Chem run's own timers say (Get-GcRunTiming).</summary>
public sealed class GcRunTiming
{
    /// <summary>GCClassic or GCHP.</summary>
    public string Model { get; set; } = "";
    /// <summary>GEOS-Chem's version as the log prints it, where it does.</summary>
    public string? Version { get; set; }
    /// <summary>GEOS-Chem's own total: the "GEOS-Chem" timer (GCClassic), or rank 0's whole run in MAPL's report (GCHP).</summary>
    public double? WallSeconds { get; set; }
    /// <summary>Days simulated: to the configured end when the run finished, else to the last date the log printed.</summary>
    public double? SimulatedDays { get; set; }
    /// <summary>Simulated days per wall-clock day.</summary>
    public double? Throughput { get; set; }
    public DateTime? SimulationStart { get; set; }
    public DateTime? SimulationEnd { get; set; }
    /// <summary>True when the log shows the run reached its end.</summary>
    public bool Finished { get; set; }
    /// <summary>Each timer by the name GEOS-Chem prints (GCHP: its MAPL path, "GCHPchem.Run.GC_CHEM").</summary>
    public GcTimer[] Timers { get; set; } = [];
    /// <summary>GCClassic log, gcclassic_timers.json, or MAPL profiler.</summary>
    public string Format { get; set; } = "";
    public string Path { get; set; } = "";
    public string[] Warnings { get; set; } = [];

    /// <summary>The Batch job whose log this was read from (empty for a file).</summary>
    public string? JobId { get; set; }
    public string? JobName { get; set; }
    /// <summary>Where the job ran: from ECS, else from the benchmark's plan tag.</summary>
    public string? InstanceType { get; set; }
    public int? NodeCount { get; set; }
    public int? CoresPerNode { get; set; }
    /// <summary>From the job's benchmark tags (Start-GcBenchmark writes them), where it has them.</summary>
    public string? Simulation { get; set; }
    public string? Resolution { get; set; }
    public string? BenchmarkId { get; set; }
    public string? Plan { get; set; }
    public string? Region { get; set; }

    /// <summary>The seconds of the timer GEOS-Chem prints as <paramref name="name"/>, or null.</summary>
    public double? this[string name] => Timers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))?.Seconds;
}

/// <summary>One GEOS-Chem timer. GCHP timers carry the minimum, mean (Seconds) and maximum over ranks.</summary>
public sealed class GcTimer
{
    public string Name { get; set; } = "";
    public int Depth { get; set; }
    public double? Seconds { get; set; }
    public double? MinSeconds { get; set; }
    public double? MaxSeconds { get; set; }
    public double? ExclusiveSeconds { get; set; }
    public long? Cycles { get; set; }
    /// <summary>Why a timer has no time ("did not run", an overflowed print format).</summary>
    public string? Note { get; set; }

    public override string ToString() => Seconds is { } s ? $"{Name}: {s:0.###} s" : $"{Name}: {Note}";
}
