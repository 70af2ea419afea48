namespace GeosChem.PowerShell.Models;

/// <summary>How long a GEOS-Chem run should take on a given instance plan, what it should cost, and how sure we are.</summary>
public sealed class GcCostEstimate
{
    public string Model { get; set; } = "";
    public string Simulation { get; set; } = "";
    /// <summary>The fullchem option (standard, benchmark, TOMAS15, ...).</summary>
    public string Option { get; set; } = "standard";
    public string Resolution { get; set; } = "";
    public double SimulationDays { get; set; }
    public string InstanceType { get; set; } = "";
    public string Architecture { get; set; } = "";
    public int NodeCount { get; set; }
    public int CoresPerNode { get; set; }
    public TimeSpan EstimatedWallTime { get; set; }
    public double EstimatedWallHours { get; set; }
    public double LowWallHours { get; set; }
    public double HighWallHours { get; set; }
    /// <summary>USD per node-hour; null where no price is known (never invented).</summary>
    public double? HourlyPrice { get; set; }
    public string PricingModel { get; set; } = "";
    public double? EstimatedCost { get; set; }
    public double? LowCost { get; set; }
    public double? HighCost { get; set; }
    public string? PriceAsOf { get; set; }
    /// <summary>Seconds per simulated day reading input (HEMCO in Classic, MAPL ExtData in GCHP); does not shrink with cores.</summary>
    public double InputSecondsPerDay { get; set; }
    /// <summary>Seconds per simulated day in chemistry (KPP, photolysis, aerosols).</summary>
    public double ChemistrySecondsPerDay { get; set; }
    /// <summary>Seconds per simulated day in transport, convection and boundary-layer mixing.</summary>
    public double TransportSecondsPerDay { get; set; }
    /// <summary>Seconds per simulated day writing diagnostics (History) and other serial work.</summary>
    public double OutputSecondsPerDay { get; set; }
    /// <summary>Memory the run needs on each node, GiB; the plan is refused where a job definition would get less.</summary>
    public double RequiredMemoryGiB { get; set; }
    /// <summary>The GEOS-Chem executable in the product's images that runs this plan (gcclassic, gcclassic-carbon, ...).</summary>
    public string Executable { get; set; } = "";
    /// <summary>Gigabytes (10^9 bytes) the job stages from s3://geos-chem before the run; InputBasis says whether measured or the met fields alone.</summary>
    public double InputGB { get; set; }
    public string InputBasis { get; set; } = "";
    /// <summary>Seconds to stage InputGB at Amazon S3's documented throughput per request with the AWS CLI's default 10 requests (a floor); not in EstimatedWallTime.</summary>
    public double StagingSeconds { get; set; }
    /// <summary>Gigabytes of diagnostics (benchmark-sized: an upper limit) and of restarts (one per simulated day) the job writes.</summary>
    public double OutputGB { get; set; }
    public double RestartGB { get; set; }
    /// <summary>Disk the job needs on its host (input + output + restarts, plus 25%), GiB; the root volume is shared by every job on the host.</summary>
    public double ScratchGiB { get; set; }
    public string Confidence { get; set; } = "";
    public string Basis { get; set; } = "";
    public string Region { get; set; } = "";
    public string[] Warnings { get; set; } = [];
}
