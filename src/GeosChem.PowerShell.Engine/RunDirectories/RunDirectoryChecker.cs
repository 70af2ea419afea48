using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>What the job would run on, as far as the user said (every part optional).</summary>
internal sealed record JobShape(string? InstanceType = null, int? NodeCount = null, int? CoresPerNode = null, string? Executable = null);

/// <summary>The disk a job gets: the launch template's root volume (shared by every job on the host), and the input's measured size if known.</summary>
internal sealed record DiskShape(int RootVolumeGiB, string RootVolumeSource, double? InputGB = null);

/// <summary>
/// Checks a run directory, and running it as a given job, for what would make the run fail or lose work on AWS Batch.
/// Facts used: GCHP's own rules in setCommonRunSettings.sh (cores a multiple of 6, TOTAL_CORES = NUM_NODES x
/// NUM_CORES_PER_NODE, at least 4x4 cells per core), the build each simulation needs (-DMECH=carbon / Hg), and the
/// entrypoint's contract (docs/checkpoint-restart-contract.md).
/// </summary>
internal static class RunDirectoryChecker
{
    /// <summary>Longest restart interval that still survives Spot well: a reclaim loses at most this much simulation.</summary>
    private static readonly TimeSpan SpotSafeInterval = TimeSpan.FromDays(1);

    public static List<GcRunDirectoryIssue> Check(GcRunDirectory run, JobShape job, DiskShape? disk = null)
    {
        var issues = new List<GcRunDirectoryIssue>();
        void Add(string setting, string severity, string problem, string fix, string? value = null) =>
            issues.Add(new GcRunDirectoryIssue { Path = run.Path, Setting = setting, Severity = severity, Problem = problem, Fix = fix, Value = value });

        var spec = GeosChemDomain.Default.Models[run.Model];
        var grid = spec.Resolutions.FirstOrDefault(r => r.Name.Equals(run.Resolution, StringComparison.OrdinalIgnoreCase));
        if (grid is null)
        {
            Add(run.Model == "GCHP" ? "CS_RES" : "grid.resolution", "Warning", $"{run.Resolution} is not a resolution the planner knows for {run.Model}; cost and memory checks are skipped.",
                $"Known: {string.Join(", ", spec.Resolutions.Select(r => r.Name))}.", run.Resolution);
        }
        if (run.Option is "TOMAS15" or "TOMAS40" or "APM" or "RRTMG")
        {
            Add("RUNDIR_SIM_EXTRA_OPTION", "Error", $"The {run.Option} option needs its own GEOS-Chem build (compiled with -D{(run.Option.StartsWith("TOMAS") ? "TOMAS" : run.Option)}=y), which the platform's images do not contain.",
                "Make a standard fullchem run directory, or build an image with that option.", run.Option);
        }
        if (job.Executable is { } exe && !exe.Equals(run.Executable, StringComparison.Ordinal))
        {
            Add("Executable", "Error", $"A {run.Simulation} run directory needs {run.Executable}, not {exe}: GEOS-Chem builds {run.Simulation} as its own mechanism.",
                $"Run it with {run.Executable} (leave GC_EXECUTABLE unset and the entrypoint chooses it).", exe);
        }
        if (run.Model == "GCHP") CheckGchpCores(run, job, grid, Add);
        CheckMemory(run, job, grid, Add);
        CheckRestarts(run, Add);
        if (disk is not null && grid is not null) CheckScratch(run, job, disk, grid, Add);
        if (run.DataRootReferences.Length > 0)
        {
            Add("DataRoot", "Info", $"{run.DataRootReferences.Length} setting(s) name the data root {run.DataRoot} ({string.Join("; ", run.DataRootReferences)}).",
                "Nothing to do: the entrypoint rewrites each to the job's data root.", run.DataRoot);
        }
        var links = run.Links.Select(l => (Name: l[..l.IndexOf(" -> ", StringComparison.Ordinal)], Text: l)).ToList();
        var intoData = links.Where(l => run.DataRoot.Length > 0 && l.Text.Contains(" -> " + run.DataRoot + "/", StringComparison.Ordinal)).ToList();
        var elsewhere = links.Except(intoData).ToList();
        if (intoData.Count > 0)
        {
            Add("Links", "Info", $"{intoData.Count} link(s) point into the data root ({string.Join(", ", intoData.Select(l => l.Name))}); they are not followed or uploaded.",
                "Nothing to do: the entrypoint makes them again in the job's data root.", string.Join("; ", intoData.Select(l => l.Text)));
        }
        if (elsewhere.Count > 0)
        {
            Add("Links", "Info", $"{elsewhere.Count} link(s) point elsewhere on the machine that made the run directory ({string.Join(", ", elsewhere.Select(l => l.Name))}); they are not followed or uploaded.",
                "Nothing to do: the job does not need them.", string.Join("; ", elsewhere.Select(l => l.Text)));
        }
        return issues;
    }

    private static void CheckGchpCores(GcRunDirectory run, JobShape job, GridResolution? grid, Action<string, string, string, string, string?> add)
    {
        if (run.TotalCores is not { } total || run.NodeCount is not { } nodes || run.CoresPerNode is not { } perNode)
        {
            add("TOTAL_CORES", "Error", "setCommonRunSettings.sh does not set TOTAL_CORES, NUM_NODES and NUM_CORES_PER_NODE.", "Set all three (TOTAL_CORES = NUM_NODES x NUM_CORES_PER_NODE).", null);
            return;
        }
        if (total != nodes * perNode)
        {
            add("TOTAL_CORES", "Error", $"TOTAL_CORES={total} but NUM_NODES x NUM_CORES_PER_NODE = {nodes} x {perNode} = {nodes * perNode}; GCHP stops at start.",
                $"Make them agree (for example TOTAL_CORES={nodes * perNode}); the job's own node and core counts replace them when it runs.", total.ToString());
        }
        var jobNodes = job.NodeCount ?? nodes;
        var jobPerNode = job.CoresPerNode ?? perNode;
        var ranks = jobNodes * jobPerNode;
        if (ranks % 6 != 0)
        {
            add("TOTAL_CORES", "Error", $"{ranks} cores is not a multiple of 6: GCHP splits every cubed-sphere face evenly.",
                $"Use {ranks / 6 * 6} or {(ranks / 6 + 1) * 6} cores.", ranks.ToString());
        }
        if (grid?.MaxCores is { } max && ranks > max)
        {
            add("TOTAL_CORES", "Error", $"{ranks} cores is more than {run.Resolution} can use ({max}: each core needs at least 4x4 cells of a face).",
                $"Use at most {max} cores, or a finer grid.", ranks.ToString());
        }
        if ((job.NodeCount is not null || job.CoresPerNode is not null) && (jobNodes != nodes || jobPerNode != perNode))
        {
            add("NUM_NODES", "Info", $"The run directory asks for {nodes} x {perNode} cores; the job runs {jobNodes} x {jobPerNode}.",
                "Nothing to do: the entrypoint sets TOTAL_CORES, NUM_NODES and NUM_CORES_PER_NODE from the job before setCommonRunSettings.sh runs.", $"{jobNodes}x{jobPerNode}");
        }
        if (job.InstanceType is { } type && InstanceCatalog.Default.Find(type) is { } instance && jobPerNode > instance.VCpus)
        {
            add("NUM_CORES_PER_NODE", "Error", $"{jobPerNode} ranks per node do not fit on {type} ({instance.VCpus} vCPUs).",
                $"Use at most {instance.VCpus} cores per node, or more nodes.", jobPerNode.ToString());
        }
    }

    private static void CheckMemory(GcRunDirectory run, JobShape job, GridResolution? grid, Action<string, string, string, string, string?> add)
    {
        if (job.InstanceType is not { } type || grid is null) return;
        if (InstanceCatalog.Default.Find(type) is not { } instance)
        {
            add("InstanceType", "Warning", $"{type} is not in the instance catalog; memory was not checked.", "Use Get-GcInstanceRecommendation to pick a known type.", type);
            return;
        }
        var model = GeosChemDomain.Default.Models[run.Model];
        var work = ProcessorSpeeds.Default.WorkOf(run.Simulation);
        var usable = MemoryModel.JobDefinitionGiB(instance);
        if (run.Model == "GCHP")
        {
            var ranks = job.CoresPerNode ?? run.CoresPerNode ?? instance.PhysicalCores;
            var nodes = job.NodeCount ?? run.NodeCount ?? 1;
            var needed = MemoryModel.RequiredGiBPerNode(model, grid, work, ranks, ranks * nodes);
            if (usable < needed)
            {
                add("MemoryPerRank", "Error", $"{ranks} ranks of GCHP at {run.Resolution} need about {needed:0.#} GiB per node; a job on {type} gets {usable:0.#} GiB.",
                    $"Use fewer ranks per node or a type with more memory per vCPU (Get-GcInstanceRecommendation).", $"{usable:0.#} GiB");
            }
        }
        else
        {
            var needed = MemoryModel.RequiredGiBPerNode(model, grid, work, 1, 1);
            if (usable < needed)
            {
                add("Memory", "Error", $"A job on {type} gets {usable:0.#} GiB; GCClassic {run.Simulation} at {run.Resolution} needs about {needed:0.#} GiB.",
                    "Use a type with more memory (Get-GcInstanceRecommendation).", $"{usable:0.#} GiB");
            }
        }
    }

    private static void CheckRestarts(GcRunDirectory run, Action<string, string, string, string, string?> add)
    {
        var setting = run.Model == "GCHP" ? "Checkpoint_Freq" : "Restart.frequency";
        var interval = RestartInterval(run.RestartFrequency, run.SimulationStart);
        if (interval is null || interval > SpotSafeInterval)
        {
            add(setting, "Info", $"Restarts are written {(run.RestartFrequency == "End" ? "only at the end of the run" : $"every {run.RestartFrequency}")}; a Spot reclaim would lose everything since the last one.",
                "Nothing to do unless you want otherwise: the entrypoint writes a restart every simulated day (set GC_RESTART_FREQUENCY in -Environment to change it).", run.RestartFrequency);
        }
    }

    /// <summary>
    /// The job's disk: input staged from s3://geos-chem, output and daily restarts, with a margin, against the root
    /// volume the platform's launch template gives every instance (shared by all jobs on it, less what the system and
    /// images keep). Always says how many GB the run reads and how long staging takes.
    /// </summary>
    private static void CheckScratch(GcRunDirectory run, JobShape job, DiskShape disk, GridResolution globalGrid, Action<string, string, string, string, string?> add)
    {
        var spec = GeosChemDomain.Default.Models[run.Model];
        var grid = run.Domain is { Length: > 0 } domain && !domain.Equals("global", StringComparison.OrdinalIgnoreCase)
            ? spec.Resolutions.FirstOrDefault(r => r.Name.Equals($"{run.Resolution}_{domain}", StringComparison.OrdinalIgnoreCase)) ?? globalGrid
            : globalGrid;
        var instance = job.InstanceType is { } type ? InstanceCatalog.Default.Find(type) : null;
        var volumes = DataVolumes.Default.Estimate(run.Model, run.MetField, run.Resolution, run.Domain, grid.Columns, run.SimulationDays, disk.InputGB, instance?.NetworkGbps);
        var free = disk.RootVolumeGiB - DataVolumes.Default.HostReservedGiB;
        var jobVCpus = job.CoresPerNode ?? (run.Model == "GCHP" ? run.CoresPerNode : null);
        var jobsPerHost = instance is not null && jobVCpus is > 0 ? Math.Max(1, instance.VCpus / jobVCpus.Value) : 1;
        var sizes = $"input {volumes.InputGB:0.##} GB ({volumes.InputBasis}), output {volumes.OutputGB:0.##} GB, restarts {volumes.RestartGB:0.##} GB, plus 25%";
        var needed = (int)Math.Ceiling(volumes.ScratchGiB * jobsPerHost + DataVolumes.Default.HostReservedGiB);
        var fix = $"Set the root volume to at least {needed} GiB (Set-GcConfiguration compute.rootVolumeGiB {needed}; then Deploy-GcPlatform), submit the run in shorter segments (Submit-GcBatchJob -SegmentLength), or mount an FSx for Lustre file system linked to s3://geos-chem (terraform variable fsx_lustre_storage_gib).";
        if (volumes.ScratchGiB > free)
        {
            add("Scratch", "Error", $"The job needs about {volumes.ScratchGiB:0} GiB of disk ({sizes}); instances get a {disk.RootVolumeGiB} GiB root volume ({disk.RootVolumeSource}), {free:0} GiB of it free for jobs.",
                fix, $"{volumes.ScratchGiB:0} GiB");
        }
        else if (volumes.ScratchGiB * jobsPerHost > free)
        {
            add("Scratch", "Warning", $"{jobsPerHost} such jobs fit on one {job.InstanceType} by vCPUs, and together need about {volumes.ScratchGiB * jobsPerHost:0} GiB of disk; the {disk.RootVolumeGiB} GiB root volume ({disk.RootVolumeSource}) leaves {free:0} GiB for jobs.",
                fix, $"{volumes.ScratchGiB * jobsPerHost:0} GiB");
        }
        else
        {
            add("Scratch", "Info", $"The job needs about {volumes.ScratchGiB:0} GiB of disk ({sizes}) of the {free:0} GiB free on a {disk.RootVolumeGiB} GiB root volume ({disk.RootVolumeSource}); staging the input from s3://geos-chem takes at least {volumes.StagingSeconds:0} s.",
                "Nothing to do.", $"{volumes.ScratchGiB:0} GiB");
        }
    }

    /// <summary>"00000001 000000" (GCClassic) or "240000"/"monthly" (GCHP) as a time span; null for End or unreadable.</summary>
    internal static TimeSpan? RestartInterval(string frequency, DateTime from)
    {
        if (frequency.Equals("monthly", StringComparison.OrdinalIgnoreCase)) return from.AddMonths(1) - from;
        if (ConfigText.AddGcDuration(from, frequency) is { } end) return end - from;
        if (frequency.Length >= 6 && frequency.All(char.IsDigit))
        {
            return TimeSpan.FromHours(int.Parse(frequency[..^4])) + TimeSpan.FromMinutes(int.Parse(frequency[^4..^2])) + TimeSpan.FromSeconds(int.Parse(frequency[^2..]));
        }
        return null;
    }
}
