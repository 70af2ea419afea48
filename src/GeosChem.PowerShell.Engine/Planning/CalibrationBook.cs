using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Planning;

/// <summary>A measured run as Add-GcCalibrationRun receives it: from a benchmark report, a run timing, or typed.</summary>
internal sealed record MeasuredRun(
    string Model, string Simulation, string Resolution, string? Option, string InstanceType, string? Architecture, int NodeCount, int? CoresPerNode,
    double? WallSeconds, double? SimulatedDays, double? EstimatedSeconds, string? JobId, string? Version, string? LogPath);

/// <summary>Checks measured runs before they become evidence, and shows the evidence as <see cref="GcCalibrationRun"/>s.</summary>
internal static class CalibrationBook
{
    /// <summary>GEOS-Chem 14 unless the log said otherwise: the version the model's terms are for.</summary>
    public const string DefaultVersion = "14";

    /// <summary>The run as the calibration file will keep it; throws when it cannot be evidence.</summary>
    public static UserRun Check(MeasuredRun m, int id, DateTime recordedUtc, GeosChemDomain domain, InstanceCatalog catalog)
    {
        var option = string.IsNullOrWhiteSpace(m.Option) || m.Option.Trim().Equals("standard", StringComparison.OrdinalIgnoreCase) ? null : m.Option.Trim();
        var (spec, simulation, grid) = domain.Resolve(m.Model, m.Simulation, m.Resolution, option);
        var type = m.InstanceType.Trim().ToLowerInvariant();
        var instance = catalog.Find(type) ?? throw new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.ObjectNotFound,
            $"'{m.InstanceType}' is not in the instance catalog, so the run's hardware is unknown.",
            "Give the EC2 instance type the run used as -InstanceType (Get-GcInstanceRecommendation lists the catalog; Update-GcInstanceCatalog refreshes it).", m.InstanceType);
        if (m.Architecture is { Length: > 0 } arch && !arch.Equals(instance.Architecture, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"The run says {arch}, but {type} is {instance.Architecture}.", "Give the instance type the run really used.", m.Architecture);
        }
        if (m.SimulatedDays is not (> 0 and < double.PositiveInfinity))
        {
            throw Invalid($"The run has no simulated days ({Show(m.SimulatedDays)}): a wall time means nothing without the length it covers.",
                "Give -SimulatedDays (a log cut before its first simulated date cannot calibrate the model).", m.SimulatedDays);
        }
        if (m.WallSeconds is not (> 0 and < double.PositiveInfinity))
        {
            throw Invalid($"The run has no wall time ({Show(m.WallSeconds)}).", "Give -WallSeconds: GEOS-Chem's own total timer, in seconds.", m.WallSeconds);
        }
        if (m.NodeCount < 1) throw Invalid($"-NodeCount {m.NodeCount} is not a positive number of nodes.", "Give -NodeCount 1 or more.", m.NodeCount);
        if (spec.Name != "GCHP" && m.NodeCount > 1)
        {
            throw Invalid($"GCClassic runs on one node (OpenMP), not {m.NodeCount}.", "Give -NodeCount 1 for a GCClassic run.", m.NodeCount);
        }
        // The estimates' own defaults, so a run added without its cores is the plan an estimate without them describes.
        var cores = m.CoresPerNode ?? (spec.Name == "GCHP" ? instance.PhysicalCores - instance.PhysicalCores % 6 : instance.VCpus);
        if (cores < 1 || cores > instance.VCpus)
        {
            throw Invalid($"-CoresPerNode {cores} is outside 1..{instance.VCpus}, the vCPUs of {type}.", "Give the threads (GCClassic) or ranks per node (GCHP) the run used.", cores);
        }
        return new UserRun(id, m.JobId?.Trim() ?? "", recordedUtc, spec.Name, string.IsNullOrWhiteSpace(m.Version) ? DefaultVersion : m.Version.Trim(), simulation,
            option ?? "standard", grid.Name, type, instance.Architecture, m.NodeCount, cores, m.WallSeconds.Value, m.SimulatedDays.Value,
            m.EstimatedSeconds is > 0 ? m.EstimatedSeconds : null, 0, 0, 0, m.LogPath ?? "");
    }

    /// <summary>The stored run this one repeats: the same job id, or with no job id the same log.</summary>
    public static UserRun? DuplicateOf(UserRun run, IEnumerable<UserRun> stored) => stored.FirstOrDefault(s =>
        run.JobId.Length > 0 ? s.JobId.Equals(run.JobId, StringComparison.OrdinalIgnoreCase)
        : run.LogPath.Length > 0 && s.JobId.Length == 0 && s.LogPath.Equals(run.LogPath, StringComparison.Ordinal));

    public static int NextId(IEnumerable<UserRun> stored) => stored.Select(r => r.Id).DefaultIfEmpty(0).Max() + 1;

    /// <summary>What the current model says about the run's plan, before the run is added; null when the plan cannot be estimated.</summary>
    public static double? Estimate(CostEstimator estimator, UserRun run)
    {
        try
        {
            var request = new EstimateRequest(run.Model, run.Simulation, run.Resolution, run.SimulatedDays, run.InstanceType, run.Nodes, run.CoresPerNode,
                false, "us-east-1", run.Option == "standard" ? null : run.Option);
            return estimator.Prepare(request, DateOnly.FromDateTime(run.RecordedUtc)).Seconds;
        }
        catch (GcException)
        {
            return null;
        }
    }

    public static GcCalibrationRun ToModel(UserRun run, string path, GeosChemDomain domain, InstanceCatalog catalog)
    {
        var evidence = run.ToCalibrationRun(domain, catalog, run.Id);
        return new GcCalibrationRun
        {
            Id = run.Id,
            JobId = run.JobId.Length > 0 ? run.JobId : null,
            Origin = "yours",
            Source = evidence.SourceGroup,
            Model = run.Model,
            Version = run.Version,
            Simulation = run.Simulation,
            Option = run.Option,
            Resolution = run.Resolution,
            InstanceType = run.InstanceType,
            Architecture = run.Architecture,
            NodeCount = run.Nodes,
            CoresPerNode = run.CoresPerNode,
            WallSeconds = run.WallSeconds,
            SimulatedDays = run.SimulatedDays,
            SecondsPerSimulatedDay = Math.Round(run.WallSeconds / run.SimulatedDays, 1),
            EstimatedSeconds = run.EstimatedSeconds is { } e ? Math.Round(e) : null,
            EstimateError = run.EstimatedSeconds is { } est ? Math.Round(est / run.WallSeconds - 1, 3) : null,
            Fitted = evidence.UseForFit,
            Note = evidence.Reason,
            RecordedUtc = run.RecordedUtc,
            LogPath = run.LogPath.Length > 0 ? run.LogPath : null,
            CalibrationPath = path,
        };
    }

    public static GcCalibrationRun ToModel(CalibrationRun run, InstanceCatalog catalog) => new()
    {
        Origin = "shipped",
        Source = run.SourceGroup,
        Model = run.Model,
        Version = run.Version,
        Simulation = run.Simulation,
        Option = run.Option.Length > 0 ? run.Option : "standard",
        Resolution = run.Resolution,
        InstanceType = run.Hardware,
        Architecture = run.InstanceType.Length > 0 ? catalog.Find(run.InstanceType)?.Architecture ?? "" : "x86_64",
        NodeCount = run.Nodes,
        CoresPerNode = run.WorkersPerNode,
        WallSeconds = run.WallSeconds,
        SimulatedDays = run.SimDays,
        SecondsPerSimulatedDay = run.SimDays > 0 ? Math.Round(run.WallSeconds / run.SimDays, 1) : 0,
        Fitted = run.UseForFit,
        Note = run.Use == "fit" ? $"published: row {run.SourceRow} of Data/geoschem-timings.csv" : $"{run.Use}: {run.Reason}",
        CalibrationPath = "Data/calibration-runs.csv (in the module)",
    };

    private static string Show(double? value) => value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    private static GcException Invalid(string message, string fix, object? target) =>
        new(ErrorIds.CalibrationRunInvalid, GcErrorKind.InvalidArgument, message, fix, target);
}
