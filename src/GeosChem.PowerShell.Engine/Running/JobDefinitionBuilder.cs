using System.Globalization;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Turns a <see cref="JobDefinitionSpec"/> into a Batch job definition with what GEOS-Chem needs: an unlimited stack,
/// OpenMP threads and stack size, MPI shared memory, an init process that forwards SIGTERM on a Spot reclaim, a retry
/// strategy that retries reclaims and exits on application errors, awslogs, and for GCHP across nodes a multi-node
/// definition with EFA devices when the instance has them.
/// </summary>
internal static class JobDefinitionBuilder
{
    public const string DefaultLogGroup = "/aws/batch/job";
    public const string SpotReclaimPattern = "Host EC2*";

    /// <summary>
    /// Failures of the platform, not of GEOS-Chem, that a new attempt can get past (AWS Batch's documented status reasons:
    /// "CannotPullContainerError: ..." when ECR or the network hiccups, "ResourceInitializationError: ..." when a volume
    /// or secret could not be set up).
    /// </summary>
    public static readonly string[] TransientStartPatterns = ["CannotPullContainerError*", "ResourceInitializationError*"];

    /// <summary>Retry Spot reclaims and transient start failures; exit on everything else (a model error repeats itself).</summary>
    public static List<EvaluateOnExitShape> RetryRules() =>
    [
        new EvaluateOnExitShape { OnStatusReason = SpotReclaimPattern, Action = "RETRY" },
        .. TransientStartPatterns.Select(p => new EvaluateOnExitShape { OnStatusReason = p, Action = "RETRY" }),
        new EvaluateOnExitShape { OnReason = "*", Action = "EXIT" },
    ];
    private const int UnlimitedUlimit = -1;

    public static RegisterJobDefinitionRequest Build(JobDefinitionSpec spec)
    {
        if (spec.NodeCount > 1 && spec.Spot)
        {
            throw new GcException(ErrorIds.MultiNodeOnSpot, GcErrorKind.InvalidOperation,
                $"'{spec.Name}' asks for {spec.NodeCount} nodes on Spot, but AWS Batch does not run multi-node parallel jobs on Spot capacity.",
                "Drop -Spot and submit to an On-Demand queue, or fit the run on one node (-NodeCount 1) for Spot.", spec.Name);
        }
        if (spec.NodeCount > 1 && string.IsNullOrEmpty(spec.InstanceType))
        {
            throw new GcException(ErrorIds.MultiNodeNeedsInstanceType, GcErrorKind.InvalidArgument,
                "A multi-node job definition must name its instance type; AWS Batch places every node on the same type.",
                "Add -InstanceType (for example hpc7g.16xlarge), or pipe in a Get-GcInstanceRecommendation result.", spec.Name);
        }
        var container = Container(spec);
        var retry = new RetryStrategyShape(spec.RetryAttempts, RetryRules());
        var tags = new Dictionary<string, string>
        {
            ["geoschem:model"] = spec.Model,
            ["geoschem:managed-by"] = "GeosChem.PowerShell",
        };
        return new RegisterJobDefinitionRequest
        {
            JobDefinitionName = spec.Name,
            Type = spec.NodeCount > 1 ? "multinode" : "container",
            ContainerProperties = spec.NodeCount > 1 ? null : container,
            NodeProperties = spec.NodeCount > 1 ? new NodePropertiesShape(spec.NodeCount, 0, [new NodeRangePropertyShape("0:", container)]) : null,
            RetryStrategy = retry,
            Timeout = spec.TimeoutSeconds is { } t ? new JobTimeoutShape(t) : null,
            PropagateTags = true,
            Tags = tags,
            PlatformCapabilities = ["EC2"],
        };
    }

    public const string InputDataVolume = "geoschem-input-data";

    private static ContainerPropertiesShape Container(JobDefinitionSpec spec)
    {
        var memoryMiB = (int)Math.Floor(spec.MemoryGiB * 1024);
        var gchp = spec.Model.Equals("GCHP", StringComparison.OrdinalIgnoreCase);
        var multiNode = spec.NodeCount > 1;
        var efa = multiNode && spec.EfaDevices;
        // The recommender runs one thread (or rank) per physical core where hyperthreads do not pay; otherwise per vCPU.
        var workers = (spec.PhysicalCoresPerNode ?? (gchp ? GchpRanks(spec) : spec.VCpus)).ToString(CultureInfo.InvariantCulture);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [RestartContract.Model] = gchp ? "GCHP" : "GCClassic",
            // GCClassic is OpenMP: one thread per worker. GCHP is MPI: one rank per worker, one thread each.
            ["OMP_NUM_THREADS"] = gchp ? "1" : workers,
            ["OMP_STACKSIZE"] = "500m",
            [RestartContract.RestartRule] = RestartContract.NewestBySimulationTime,
        };
        if (gchp) environment[RestartContract.MpiProcessesPerNode] = workers;
        if (multiNode) environment[RestartContract.MpiHostFile] = "/tmp/geoschem-mpi-hosts";
        if (efa) environment[RestartContract.Efa] = "1";
        // With FSx every input file is already under the mount (lazily loaded from s3://geos-chem): nothing is staged.
        if (spec.InputDataMount is { } mount) environment[RestartContract.DataRoot] = mount;
        foreach (var (key, value) in spec.Environment) environment[key] = value;

        var ulimits = new List<UlimitShape> { new("stack", UnlimitedUlimit, UnlimitedUlimit) };
        if (gchp || efa) ulimits.Add(new UlimitShape("memlock", UnlimitedUlimit, UnlimitedUlimit));
        return new ContainerPropertiesShape
        {
            Image = spec.Image,
            Command = null,
            JobRoleArn = spec.JobRoleArn,
            InstanceType = multiNode ? spec.InstanceType : null,
            Environment = [.. environment.Select(kv => new KeyValuePairShape(kv.Key, kv.Value))],
            ResourceRequirements =
            [
                new ResourceRequirementShape("VCPU", spec.VCpus.ToString(CultureInfo.InvariantCulture)),
                new ResourceRequirementShape("MEMORY", memoryMiB.ToString(CultureInfo.InvariantCulture)),
            ],
            Ulimits = ulimits,
            LinuxParameters = new LinuxParametersShape
            {
                // MPI ranks on one node talk through /dev/shm; Docker's 64 MiB default makes GCHP fail at start-up.
                SharedMemorySize = gchp ? Math.Max(1024, memoryMiB / 4) : 1024,
                InitProcessEnabled = true,
                Devices = efa ? [new DeviceShape("/dev/infiniband/uverbs0", "/dev/infiniband/uverbs0", ["READ", "WRITE", "MKNOD"])] : null,
            },
            LogConfiguration = new LogConfigurationShape("awslogs", new Dictionary<string, string> { ["awslogs-group"] = spec.LogGroupName }),
            // Read-only: a job must not change the input every other job reads.
            Volumes = spec.InputDataMount is { } source ? [new VolumeShape(InputDataVolume, new HostShape(source))] : null,
            MountPoints = spec.InputDataMount is { } target ? [new MountPointShape(target, true, InputDataVolume)] : null,
        };
    }

    /// <summary>
    /// GCHP ranks per node when no physical core count came with the spec: one per physical core of the named instance
    /// type, and without one, half the vCPUs, because EC2 runs at most two hardware threads per core. The job still
    /// reserves all its vCPUs, so wherever Batch places it the ranks never share a core through hyper-threading.
    /// </summary>
    private static int GchpRanks(JobDefinitionSpec spec)
    {
        if (spec.InstanceType is { } type && Planning.InstanceCatalog.Default.Find(type) is { } instance)
        {
            return Math.Max(1, spec.VCpus * instance.PhysicalCores / instance.VCpus);
        }
        return Math.Max(1, spec.VCpus / 2);
    }

    /// <summary>True when an existing revision already means what the request says (see <see cref="JobDefinitionComparer"/>).</summary>
    public static bool Satisfies(JobDefinitionShape existing, RegisterJobDefinitionRequest wanted) => JobDefinitionComparer.SameMeaning(existing, wanted);
}
