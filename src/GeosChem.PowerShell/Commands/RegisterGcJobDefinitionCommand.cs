using System.Collections;
using System.Globalization;
using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Register, "GcJobDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ExplicitSet)]
[OutputType(typeof(GcJobDefinition))]
public sealed class RegisterGcJobDefinitionCommand : GcAwsCmdlet
{
    private const string ExplicitSet = "Explicit";
    private const string RecommendationSet = "FromRecommendation";

    /// <summary>Of an instance's memory, what a job may ask for: the ECS agent and the OS keep the rest.</summary>
    private const double UsableMemoryFraction = MemoryModel.UsableMemoryFraction;

    [Parameter(Mandatory = true, Position = 0)]
    public string Name { get; set; } = "";

    /// <summary>The image URI; binds by property name from Get-GcImage (ImageUri).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageUri")]
    public string Image { get; set; } = "";

    [Parameter(ParameterSetName = ExplicitSet)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    [ValidateSet("GCClassic", "GCHP", IgnoreCase = true)]
    public string Model { get; set; } = "GCClassic";

    [Parameter(Mandatory = true, ParameterSetName = ExplicitSet)]
    [ValidateRange(1, 4096)]
    public int VCpus { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ExplicitSet)]
    [ValidateRange(0.5, 24576)]
    public double MemoryGiB { get; set; }

    [Parameter(ParameterSetName = ExplicitSet)]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string? InstanceType { get; set; }

    [Parameter(ParameterSetName = ExplicitSet)]
    [ValidateRange(1, 1000)]
    public int NodeCount { get; set; } = 1;

    [Parameter(ParameterSetName = ExplicitSet)]
    public SwitchParameter Spot { get; set; }

    /// <summary>A recommendation from Get-GcInstanceRecommendation: vCPUs, memory, instance type, nodes, model and Spot come from it.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RecommendationSet)]
    public GcInstanceRecommendation? Recommendation { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan? Timeout { get; set; }

    [Parameter]
    [ValidateRange(1, 10)]
    public int RetryAttempts { get; set; } = 3;

    [Parameter]
    public Hashtable? Environment { get; set; }

    /// <summary>Default: the deployed platform's log group, else /aws/batch/job.</summary>
    [Parameter]
    public string? LogGroupName { get; set; }

    /// <summary>Default: the deployed platform's job role (reads run directories, writes results).</summary>
    [Parameter]
    public string? JobRoleArn { get; set; }

    private readonly QuotaPlanners _quotas;

    public RegisterGcJobDefinitionCommand() => _quotas = new QuotaPlanners(Aws, usageOptional: true);

    protected override void ProcessRecord()
    {
        try
        {
            var spec = Spec();
            _ = JobDefinitionBuilder.Build(spec); // refuses what no platform could run before anything is asked of AWS
            if (CoreSharing.Warning(spec) is { } shared) WriteWarning(shared);
            var context = Context;
            var (batch, _) = Aws.Batch(context);
            var environments = Run(async ct =>
            {
                var all = new List<ComputeEnvironmentShape>();
                await foreach (var e in batch.DescribeComputeEnvironmentsAsync(null, ct)) all.Add(e);
                return all;
            });
            var ec2 = spec.NodeCount > 1 ? Aws.Ec2(context) : null;
            var efa = Run(ct => EfaPlacement.DecideAsync(spec.Name, spec.NodeCount, spec.InstanceType, environments,
                (template, c) => ec2!.DescribeLaunchTemplateInterfaceTypesAsync(template.LaunchTemplateId, template.LaunchTemplateName, template.Version, c), ct));
            if (efa.Warning is { } tcp) WriteWarning(tcp);
            spec = spec with { EfaDevices = efa.Devices };
            var request = JobDefinitionBuilder.Build(spec);
            var existing = Run(ct => JobDefinitionRegistry.NewestAsync(batch, spec.Name, ct));
            if (PlatformFit.Check(request, environments, spec.Name) is { } notOffered) WriteWarning(notOffered);
            WarnAboutQuota(spec, environments, context);
            if (existing is not null && JobDefinitionBuilder.Satisfies(existing, request))
            {
                WriteVerbose($"{existing.JobDefinitionName}:{existing.Revision} already says all of this; no new revision registered.");
                WriteObject(WithEstimate(Output(spec, existing.JobDefinitionName, existing.Revision, existing.JobDefinitionArn, registered: false, context.Region)));
                return;
            }
            var what = existing is null ? "Register job definition" : $"Register revision {existing.Revision + 1} (the definition changed)";
            if (!ShouldProcess($"{spec.Name} in {context.Region}", what)) return;
            var response = Run(ct => batch.RegisterJobDefinitionAsync(request, ct));
            WriteObject(WithEstimate(Output(spec, response.JobDefinitionName, response.Revision, response.JobDefinitionArn, registered: true, context.Region)));
        }
        catch (GcException ex)
        {
            WriteItemError(ex, Name, awsFailureId: ErrorIds.JobDefinitionRegisterFailed);
        }
    }

    /// <summary>A warning when the plan needs more vCPUs at once than the account's quota for its instance class (the named type, else the environments' types).</summary>
    private void WarnAboutQuota(JobDefinitionSpec spec, IReadOnlyList<ComputeEnvironmentShape> environments, Aws.AwsContext context)
    {
        var types = spec.InstanceType is { } type ? [type]
            : environments.Where(e => (e.ComputeResources?.Type is "SPOT") == spec.Spot)
                .SelectMany(e => e.ComputeResources?.InstanceTypes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var vcpus = spec.VCpus * Math.Max(1, spec.NodeCount);
        try
        {
            if (Run(ct => _quotas.For(context).PlanWarningAsync(types, vcpus, spec.Spot, spec.Name, ct)) is { } warning) WriteWarning(warning);
        }
        catch (GcException ex) when (ex is not AwsServiceException { Kind: GcErrorKind.AuthenticationError })
        {
            WriteVerbose($"The vCPU quota could not be checked ({ex.Problem}).");
        }
    }

    private JobDefinitionSpec Spec()
    {
        var deployed = Configuration.ConfigurationStore.Load(Configuration.ConfigurationStore.PathFor(null, GeosChem.PowerShell.Aws.ProcessEnvironment.Instance))?.Deployed;
        var logGroup = LogGroupName ?? deployed?.LogGroup ?? JobDefinitionBuilder.DefaultLogGroup;
        var jobRole = JobRoleArn ?? deployed?.JobRoleArn;
        if (jobRole is null)
        {
            WriteWarning("No job role: the container gets no AWS credentials of its own, so it cannot read the run directory from S3 or write results. "
                + "Deploy the platform (its job role is then used), or pass -JobRoleArn.");
        }
        var name = BatchInput.Name(Name, "job definition name");
        var image = string.IsNullOrWhiteSpace(Image)
            ? throw new GcException(ErrorIds.ImageMissing, GcErrorKind.InvalidArgument, "-Image is empty.", "Give the image URI, for example 123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:14.5.0-gnu-openmpi-x86_64.")
            : Image.Trim();
        var environment = (Environment ?? []).Cast<DictionaryEntry>()
            .ToDictionary(e => e.Key.ToString()!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
        var timeout = BatchInput.TimeoutSeconds(Timeout);
        if (Timeout is { } t) WriteVerbose($"Timeout per attempt: {Duration.Describe(t)} = {timeout} s.");
        if (Recommendation is { } r)
        {
            return new JobDefinitionSpec
            {
                Name = name, Image = image, Model = r.Model, Spot = r.Spot, NodeCount = Math.Max(1, r.NodeCount),
                InstanceType = r.InstanceType, VCpus = r.VCpus, PhysicalCoresPerNode = r.CoresPerNode > 0 ? r.CoresPerNode : null,
                MemoryGiB = Math.Floor(r.MemoryGiB * UsableMemoryFraction),
                TimeoutSeconds = timeout, RetryAttempts = RetryAttempts, Environment = environment, LogGroupName = logGroup, JobRoleArn = jobRole, InputDataMount = deployed?.InputDataMount,
            };
        }
        var spec = InstanceType is null ? null : InstanceCatalog.Default.Find(InstanceType)
            ?? throw new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.InvalidArgument, $"'{InstanceType}' is not in the instance catalog.",
                "Press Tab after -InstanceType to list known types, or run Update-GcInstanceCatalog.", InstanceType);
        if (spec is not null && (VCpus > spec.VCpus || MemoryGiB > spec.MemoryGiB))
        {
            throw new GcException(ErrorIds.JobDefinitionTooLarge, GcErrorKind.InvalidArgument,
                $"-VCpus {VCpus} and -MemoryGiB {MemoryGiB} do not fit on {spec.InstanceType} ({spec.VCpus} vCPUs, {spec.MemoryGiB} GiB).",
                $"Ask for at most {spec.VCpus} vCPUs and about {Math.Floor(spec.MemoryGiB * UsableMemoryFraction)} GiB, or choose a larger -InstanceType.", Name);
        }
        return new JobDefinitionSpec
        {
            Name = name, Image = image, Model = Model.Equals("GCHP", StringComparison.OrdinalIgnoreCase) ? "GCHP" : "GCClassic",
            VCpus = VCpus, MemoryGiB = MemoryGiB, NodeCount = NodeCount, InstanceType = spec?.InstanceType, Spot = Spot,
            TimeoutSeconds = timeout, RetryAttempts = RetryAttempts, Environment = environment, LogGroupName = logGroup, JobRoleArn = jobRole, InputDataMount = deployed?.InputDataMount,
        };
    }

    private GcJobDefinition WithEstimate(GcJobDefinition definition)
    {
        definition.EstimatedCost = Recommendation?.EstimatedCost;
        return definition;
    }

    private static GcJobDefinition Output(JobDefinitionSpec spec, string name, int revision, string arn, bool registered, string region) => new()
    {
        JobDefinitionName = name,
        Revision = revision,
        JobDefinition = $"{name}:{revision}",
        JobDefinitionArn = arn,
        Registered = registered,
        Type = spec.NodeCount > 1 ? "multinode" : "container",
        Model = spec.Model,
        Image = spec.Image,
        VCpus = spec.VCpus,
        MemoryGiB = spec.MemoryGiB,
        NodeCount = spec.NodeCount,
        InstanceType = spec.InstanceType,
        Efa = spec.NodeCount > 1 && spec.EfaDevices,
        Spot = spec.Spot,
        RetryAttempts = spec.RetryAttempts,
        TimeoutSeconds = spec.TimeoutSeconds,
        LogGroupName = spec.LogGroupName,
        Region = region,
    };
}
