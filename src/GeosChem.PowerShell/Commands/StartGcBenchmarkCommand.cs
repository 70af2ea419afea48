using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Benchmarks;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.RunDirectories;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Submits a short run of one run directory on each of several plans as one Batch sweep, tagged as one benchmark,
/// each with the image of its architecture and a job definition sized for its instance.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "GcBenchmark", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GcBenchmark))]
public sealed partial class StartGcBenchmarkCommand : GcAwsCmdlet
{
    /// <summary>The run directory: an s3:// prefix (as Submit-GcBatchJob takes it), a GcRunDirectory, a GcRunDirectoryUpload, or a local run directory's path.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public object RunDirectory { get; set; } = "";

    /// <summary>Where a local run directory (a GcRunDirectory or a path) was published (Publish-GcRunDirectory).</summary>
    [Parameter]
    public string? RunDirectoryUri { get; set; }

    /// <summary>Plans to compare, e.g. from Get-GcInstanceRecommendation -Top 5.</summary>
    [Parameter(ValueFromPipeline = true)]
    public GcInstanceRecommendation[] Recommendation { get; set; } = [];

    [Parameter]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string[] InstanceType { get; set; } = [];

    /// <summary>For each architecture, the model's balanced choice of instance type.</summary>
    [Parameter]
    [ValidateSet("x86_64", "arm64", IgnoreCase = true)]
    public string[] Architecture { get; set; } = [];

    /// <summary>Threads (GCClassic) or ranks per node (GCHP) to try on each instance type; default: the plan's own choice.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int[] Cores { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 256)]
    public int NodeCount { get; set; } = 1;

    /// <summary>Image URIs, one per architecture (the tag's last part says which: ...-x86_64, ...-arm64).</summary>
    [Parameter(Mandatory = true)]
    public string[] Image { get; set; } = [];

    /// <summary>Queues to use; each plan goes to the first that offers its instance type (On-Demand before Spot). Default: every queue in the region.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(JobQueueCompleter))]
    public string[] JobQueue { get; set; } = [];

    /// <summary>Simulated days per run (default 7: HEMCO reads its monthly and yearly files on the first day, so a 1-day run overstates input time).</summary>
    [Parameter]
    [ValidateRange(1.0, 366.0)]
    public double SimulationDays { get; set; } = 7;

    /// <summary>First simulated day (default: the run directory's start, else 2019-07-01).</summary>
    [Parameter]
    public DateTime? SimulationStart { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(SimulationCompleter))]
    public string? Simulation { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ResolutionCompleter))]
    public string? Resolution { get; set; }

    /// <summary>Refuse the sweep when our On-Demand estimate of its total cost is above this many USD.</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? MaxCost { get; set; }

    /// <summary>Where each run writes its output and restarts: under this s3:// prefix, per benchmark and plan (default: benchmarks/ in the run directory).</summary>
    [Parameter]
    public string? OutputPrefix { get; set; }

    private readonly List<GcInstanceRecommendation> _recommendations = [];

    protected override void ProcessRecord() => _recommendations.AddRange(Recommendation);

    protected override void EndProcessing()
    {
        try
        {
            Start();
        }
        catch (GcException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, awsFailureId: ErrorIds.BenchmarkSubmitFailed));
        }
    }

    private void Start()
    {
        var (uri, run, start) = Describe();
        var context = Context;
        var spec = new BenchmarkRunSpec(run.Model, run.Simulation, run.Resolution, SimulationDays, context.Region);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var plans = new List<BenchmarkPlanSpec>();
        foreach (var (plan, rejection) in BenchmarkPlanner.Plans(spec, _recommendations, InstanceType, [.. Architecture.Select(a => a.ToLowerInvariant())], Cores, NodeCount, today, PriceBook.CatalogOnly))
        {
            if (plan is not null) plans.Add(plan);
            else WriteItemError(rejection!);
        }
        if (plans.Count == 0)
        {
            throw new GcException(ErrorIds.BenchmarkNoPlans, GcErrorKind.InvalidArgument, "No plan to benchmark: give -InstanceType, -Architecture or pipe in Get-GcInstanceRecommendation results (any refused plan is reported above).",
                "For example: Start-GcBenchmark s3://bucket/rundir/ -InstanceType c7i.8xlarge,c7g.8xlarge -Image <x86_64 image>,<arm64 image>.", RunDirectory);
        }
        var total = plans.Sum(p => p.EstimatedCost ?? 0);
        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"{plans.Count} plans of {SimulationDays} simulated days: estimated {total:0.00} USD On-Demand in all."));
        if (MaxCost is { } cap && total > cap)
        {
            throw new GcException(ErrorIds.BenchmarkOverBudget, GcErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The benchmark's {plans.Count} plans are estimated at {total:0.00} USD On-Demand, above -MaxCost {cap:0.00}."),
                "Drop plans, shorten -SimulationDays, or raise -MaxCost. -WhatIf lists each plan's estimate.", total);
        }
        var images = Images(plans);
        var (batch, directory) = Aws.Batch(context);
        var queues = Run(ct => QueuesAsync(batch, directory, ct));
        var id = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var deployed = Configuration.ConfigurationStore.Load(Configuration.ConfigurationStore.PathFor(null, ProcessEnvironment.Instance))?.Deployed;
        using var submitter = new JobSubmitter(batch, directory, new SubmitOptions(), Bridge);
        var benchmark = new GcBenchmark
        {
            Id = id, RunDirectory = uri, Model = run.Model, Simulation = run.Simulation, Resolution = run.Resolution, SimulationDays = SimulationDays,
            SimulationStart = start, EstimatedCost = Math.Round(total, 2), Region = context.Region,
        };
        var output = OutputPrefix is null ? $"{uri}benchmarks/{id}/" : $"{BatchInput.S3Prefix(OutputPrefix, nameof(OutputPrefix))}{id}/";
        var results = new List<GcBenchmarkPlan>();
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            WriteProgress(new ProgressRecord(1, $"Starting benchmark {id}", $"{plan.Label} ({i + 1} of {plans.Count})") { PercentComplete = 100 * i / plans.Count });
            var image = images[plan.Instance.Architecture];
            var queue = queues.FirstOrDefault(q => Fits(q, plan));
            if (queue is null)
            {
                WriteItemError(new GcException(ErrorIds.BenchmarkNoQueue, GcErrorKind.ObjectNotFound,
                    $"No job queue{(JobQueue.Length > 0 ? " of -JobQueue" : "")} in {context.Region} runs {plan.Instance.InstanceType} with {plan.Instance.VCpus * plan.NodeCount} vCPUs; plan {plan.Label} is left out.",
                    "Add the instance type to a compute environment (terraform's ondemand_instance_types, one architecture per environment), or pass -JobQueue.", plan.Label), plan.Label);
                continue;
            }
            var what = string.Create(CultureInfo.InvariantCulture,
                $"Submit a {SimulationDays}-day benchmark run on {plan.Label} ({queue.Name}; estimated {plan.EstimatedSeconds / 3600:0.00} h, {plan.EstimatedCost:0.00} USD On-Demand)");
            var result = new GcBenchmarkPlan
            {
                Plan = plan.Label, InstanceType = plan.Instance.InstanceType, Architecture = plan.Instance.Architecture, NodeCount = plan.NodeCount,
                CoresPerNode = plan.CoresPerNode, Image = image, JobQueue = queue.Name, EstimatedSeconds = Math.Round(plan.EstimatedSeconds, 1),
                EstimatedCost = plan.EstimatedCost is { } c ? Math.Round(c, 2) : null,
            };
            results.Add(result);
            if (!ShouldProcess($"{uri} in {context.Region}", what)) continue;
            var definitionSpec = Definition(plan, image, run.Model, deployed);
            if (plan.NodeCount > 1)
            {
                var ec2 = Aws.Ec2(context);
                var efa = Run(ct => EfaPlacement.DecideAsync(definitionSpec.Name, plan.NodeCount, plan.Instance.InstanceType, [.. queue.Environments],
                    (template, c) => ec2.DescribeLaunchTemplateInterfaceTypesAsync(template.LaunchTemplateId, template.LaunchTemplateName, template.Version, c), ct));
                if (efa.Warning is { } tcp) WriteWarning(tcp);
                definitionSpec = definitionSpec with { EfaDevices = efa.Devices };
            }
            var request = JobDefinitionBuilder.Build(definitionSpec);
            var (definition, registered) = Run(ct => JobDefinitionRegistry.EnsureAsync(batch, request, ct));
            WriteVerbose(registered ? $"Registered {definition} for {plan.Label}." : $"{definition} already fits {plan.Label}.");
            result.JobDefinition = definition;
            var job = Run(ct => submitter.SubmitAsync(new SubmissionSpec
            {
                Name = BatchInput.Name($"{id}-{Safe(plan.Label)}", "job name"),
                Queue = queue.Name,
                Definition = definition,
                RunDirectory = uri,
                OutputPrefix = $"{output}{Safe(plan.Label)}/",
                // Each plan restarts only from its own files: a run directory's other restarts (or another plan's) would
                // let the entrypoint resume past the benchmark's start and time the wrong period.
                RestartPrefix = $"{output}{Safe(plan.Label)}/Restarts/",
                SimulationStart = start,
                SimulationEnd = start.AddDays(SimulationDays),
                NodeCount = plan.NodeCount > 1 ? plan.NodeCount : null,
                Tags = Tags(id, plan, run),
            }, ct));
            result.JobId = job.JobId;
        }
        WriteProgress(new ProgressRecord(1, $"Starting benchmark {id}", "Done") { RecordType = ProgressRecordType.Completed });
        benchmark.Plans = [.. results];
        benchmark.JobId = [.. results.Select(r => r.JobId).OfType<string>()];
        if (benchmark.JobId.Length > 0) WriteObject(benchmark);
    }

    private (string Uri, (string Model, string Simulation, string Resolution) Run, DateTime Start) Describe()
    {
        var value = RunDirectory is PSObject ps ? ps.BaseObject : RunDirectory;
        GcRunDirectory? local = value switch
        {
            GcRunDirectory directory => directory,
            string path when !path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) => RunDirectoryReader.Read(GetUnresolvedProviderPathFromPSPath(path)),
            _ => null,
        };
        var upload = value as GcRunDirectoryUpload;
        var uri = value switch
        {
            string s when s.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) => s,
            GcRunDirectoryUpload u => u.RunDirectory,
            _ => RunDirectoryUri,
        };
        if (uri is null)
        {
            throw new GcException(ErrorIds.BenchmarkRunDirectoryInvalid, GcErrorKind.InvalidArgument,
                $"{local?.Path ?? value} is a local run directory; a Batch job reads its run directory from S3.",
                "Publish it first (Publish-GcRunDirectory) and pass -RunDirectoryUri s3://..., or pass the published s3:// prefix as -RunDirectory.", value);
        }
        var model = Model ?? local?.Model ?? (string.IsNullOrEmpty(upload?.Model) ? null : upload.Model) ?? "GCClassic";
        var simulation = Simulation ?? local?.Simulation ?? (string.IsNullOrEmpty(upload?.Simulation) ? null : upload.Simulation) ?? "fullchem";
        var resolution = Resolution ?? local?.Resolution ?? (model == "GCHP" ? "C24" : "4x5");
        var start = SimulationStart ?? local?.SimulationStart ?? (upload is { SimulationStart.Year: > 1 } ? upload.SimulationStart : new DateTime(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc));
        return (BatchInput.S3Prefix(uri, nameof(RunDirectory))!, (model, simulation, resolution), start);
    }

    private Dictionary<string, string> Images(IReadOnlyList<BenchmarkPlanSpec> plans)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in Image)
        {
            var architecture = BenchmarkPlanner.ArchitectureOf(image) ?? (Image.Length == 1 && plans.Select(p => p.Instance.Architecture).Distinct().Count() == 1 ? plans[0].Instance.Architecture : null);
            if (architecture is null)
            {
                throw new GcException(ErrorIds.BenchmarkImageArchitectureUnknown, GcErrorKind.InvalidArgument,
                    $"Cannot tell the architecture of image {image}: its tag does not end in x86_64 or arm64.", "Use the image tags Get-GcImage lists (<model>-<version>-<compiler>-<mpi>-<arch>).", image);
            }
            images[architecture] = image;
        }
        foreach (var architecture in plans.Select(p => p.Instance.Architecture).Distinct(StringComparer.Ordinal))
        {
            if (!images.ContainsKey(architecture))
            {
                throw new GcException(ErrorIds.BenchmarkImageMissing, GcErrorKind.InvalidArgument,
                    $"Plans on {architecture} need an {architecture} image, and -Image gives none.", $"Add an image built for {architecture} to -Image (Get-GcImage lists them).", architecture);
            }
        }
        return images;
    }

    private async Task<List<QueueInfo>> QueuesAsync(BatchClient batch, BatchDirectory directory, CancellationToken ct)
    {
        var names = JobQueue.ToList();
        if (names.Count == 0)
        {
            await foreach (var q in batch.DescribeJobQueuesAsync(null, ct).ConfigureAwait(false)) names.Add(q.JobQueueName);
        }
        var queues = new List<QueueInfo>();
        foreach (var name in names) queues.Add(await directory.QueueAsync(name, ct).ConfigureAwait(false));
        // Spot reclaims would cut runs short and make timings incomparable: On-Demand queues first.
        return [.. queues.OrderBy(q => q.IsSpot)];
    }

    private static bool Fits(QueueInfo queue, BenchmarkPlanSpec plan) =>
        queue.Environments.Any(e => e.ComputeResources is { } r && r.MaxvCpus >= plan.Instance.VCpus * plan.NodeCount
            && (r.InstanceTypes ?? []).Any(t => t == plan.Instance.InstanceType || t == plan.Instance.Family));

    private static JobDefinitionSpec Definition(BenchmarkPlanSpec plan, string image, string model, GcDeployment? deployed) => new()
    {
        // The whole instance is reserved, so no other job shares it and Batch places the run on that size of instance.
        Name = $"geoschem-bench-{model.ToLowerInvariant()}-{Safe(plan.Instance.InstanceType)}-{plan.CoresPerNode}c" + (plan.NodeCount > 1 ? $"-{plan.NodeCount}n" : ""),
        Image = image,
        Model = model,
        VCpus = plan.Instance.VCpus,
        MemoryGiB = Math.Floor(plan.Instance.MemoryGiB * MemoryModel.UsableMemoryFraction),
        NodeCount = plan.NodeCount,
        InstanceType = plan.Instance.InstanceType,
        PhysicalCoresPerNode = plan.CoresPerNode,
        LogGroupName = deployed?.LogGroup ?? JobDefinitionBuilder.DefaultLogGroup,
        JobRoleArn = deployed?.JobRoleArn,
        InputDataMount = deployed?.InputDataMount,
    };

    private Dictionary<string, string> Tags(string id, BenchmarkPlanSpec plan, (string Model, string Simulation, string Resolution) run) => new(StringComparer.Ordinal)
    {
        [BenchmarkTags.Id] = id,
        [BenchmarkTags.Plan] = plan.Label,
        [BenchmarkTags.Model] = run.Model,
        [BenchmarkTags.Simulation] = run.Simulation,
        [BenchmarkTags.Resolution] = run.Resolution,
        [BenchmarkTags.InstanceType] = plan.Instance.InstanceType,
        [BenchmarkTags.CoresPerNode] = plan.CoresPerNode.ToString(CultureInfo.InvariantCulture),
        [BenchmarkTags.NodeCount] = plan.NodeCount.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A plan label as a job or definition name allows it (letters, digits, hyphens, underscores).</summary>
    private static string Safe(string text) => Unsafe().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex Unsafe();
}
