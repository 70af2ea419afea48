namespace GeosChem.PowerShell.Aws.Batch;

// The parts of the AWS Batch wire shapes (rest-json, camelCase members) that the module reads or writes.
// Members follow tests/aws-models/batch/service-2.json; the conformance tests check them against it.

internal sealed record KeyValuePairShape(string Name, string Value);

internal sealed record ResourceRequirementShape(string Type, string Value);

internal sealed record UlimitShape(string Name, int SoftLimit, int HardLimit);

internal sealed record DeviceShape(string HostPath, string? ContainerPath = null, List<string>? Permissions = null);

internal sealed record LinuxParametersShape
{
    public int? SharedMemorySize { get; init; }
    public bool? InitProcessEnabled { get; init; }
    public List<DeviceShape>? Devices { get; init; }
}

internal sealed record HostShape(string? SourcePath);

internal sealed record VolumeShape(string Name, HostShape? Host);

internal sealed record MountPointShape(string? ContainerPath, bool? ReadOnly, string? SourceVolume);

internal sealed record LogConfigurationShape(string LogDriver, Dictionary<string, string>? Options = null);

internal sealed record ContainerPropertiesShape
{
    public string? Image { get; init; }
    public List<string>? Command { get; init; }
    public string? JobRoleArn { get; init; }
    public string? InstanceType { get; init; }
    public List<KeyValuePairShape>? Environment { get; init; }
    public List<ResourceRequirementShape>? ResourceRequirements { get; init; }
    public List<UlimitShape>? Ulimits { get; init; }
    public LinuxParametersShape? LinuxParameters { get; init; }
    public LogConfigurationShape? LogConfiguration { get; init; }
    public List<VolumeShape>? Volumes { get; init; }
    public List<MountPointShape>? MountPoints { get; init; }
}

internal sealed record EvaluateOnExitShape
{
    public string? OnStatusReason { get; init; }
    public string? OnReason { get; init; }
    public string? OnExitCode { get; init; }
    public required string Action { get; init; }
}

internal sealed record RetryStrategyShape(int? Attempts, List<EvaluateOnExitShape>? EvaluateOnExit = null);

internal sealed record JobTimeoutShape(int? AttemptDurationSeconds);

internal sealed record NodeRangePropertyShape(string TargetNodes, ContainerPropertiesShape? Container);

internal sealed record NodePropertiesShape(int NumNodes, int MainNode, List<NodeRangePropertyShape> NodeRangeProperties);

internal sealed record RegisterJobDefinitionRequest
{
    public required string JobDefinitionName { get; init; }
    public required string Type { get; init; }
    public Dictionary<string, string>? Parameters { get; init; }
    public ContainerPropertiesShape? ContainerProperties { get; init; }
    public NodePropertiesShape? NodeProperties { get; init; }
    public RetryStrategyShape? RetryStrategy { get; init; }
    public bool? PropagateTags { get; init; }
    public JobTimeoutShape? Timeout { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public List<string>? PlatformCapabilities { get; init; }
}

internal sealed record RegisterJobDefinitionResponse(string JobDefinitionName, string JobDefinitionArn, int Revision);

internal sealed record JobDefinitionShape
{
    public string JobDefinitionName { get; init; } = "";
    public string JobDefinitionArn { get; init; } = "";
    public int Revision { get; init; }
    public string? Status { get; init; }
    public string Type { get; init; } = "container";
    public Dictionary<string, string>? Parameters { get; init; }
    public RetryStrategyShape? RetryStrategy { get; init; }
    public ContainerPropertiesShape? ContainerProperties { get; init; }
    public JobTimeoutShape? Timeout { get; init; }
    public NodePropertiesShape? NodeProperties { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public bool? PropagateTags { get; init; }
    public List<string>? PlatformCapabilities { get; init; }
}

internal sealed record DescribeJobDefinitionsRequest(List<string>? JobDefinitions = null, string? JobDefinitionName = null, string? Status = null,
    int? MaxResults = null, string? NextToken = null);

internal sealed record DescribeJobDefinitionsResponse(List<JobDefinitionShape>? JobDefinitions, string? NextToken);

internal sealed record JobDependencyShape(string? JobId, string? Type);

internal sealed record ArrayPropertiesShape(int? Size);

internal sealed record ContainerOverridesShape
{
    public List<string>? Command { get; init; }
    public List<KeyValuePairShape>? Environment { get; init; }
    public List<ResourceRequirementShape>? ResourceRequirements { get; init; }
}

internal sealed record NodePropertyOverrideShape(string TargetNodes, ContainerOverridesShape? ContainerOverrides);

internal sealed record NodeOverridesShape(int? NumNodes, List<NodePropertyOverrideShape>? NodePropertyOverrides);

internal sealed record SubmitJobRequest
{
    public required string JobName { get; init; }
    public required string JobQueue { get; init; }
    public required string JobDefinition { get; init; }
    public ArrayPropertiesShape? ArrayProperties { get; init; }
    public List<JobDependencyShape>? DependsOn { get; init; }
    public Dictionary<string, string>? Parameters { get; init; }
    public ContainerOverridesShape? ContainerOverrides { get; init; }
    public NodeOverridesShape? NodeOverrides { get; init; }
    public RetryStrategyShape? RetryStrategy { get; init; }
    public bool? PropagateTags { get; init; }
    public JobTimeoutShape? Timeout { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

internal sealed record SubmitJobResponse(string JobName, string JobId, string? JobArn);

internal sealed record AttemptContainerShape
{
    public string? ContainerInstanceArn { get; init; }
    public string? TaskArn { get; init; }
    public int? ExitCode { get; init; }
    public string? Reason { get; init; }
    public string? LogStreamName { get; init; }
}

internal sealed record AttemptDetailShape
{
    public AttemptContainerShape? Container { get; init; }
    public long? StartedAt { get; init; }
    public long? StoppedAt { get; init; }
    public string? StatusReason { get; init; }
}

internal sealed record ContainerDetailShape
{
    public string? Image { get; init; }
    public int? Vcpus { get; init; }
    public int? Memory { get; init; }
    public List<ResourceRequirementShape>? ResourceRequirements { get; init; }
    public List<KeyValuePairShape>? Environment { get; init; }
    public int? ExitCode { get; init; }
    public string? Reason { get; init; }
    public string? ContainerInstanceArn { get; init; }
    public string? LogStreamName { get; init; }
    public string? InstanceType { get; init; }
    public LogConfigurationShape? LogConfiguration { get; init; }
}

internal sealed record ArrayPropertiesDetailShape(Dictionary<string, int>? StatusSummary, int? Size, int? Index);

internal sealed record NodeDetailsShape(int? NodeIndex, bool? IsMainNode);

internal sealed record JobDetailShape
{
    public string? JobArn { get; init; }
    public string JobName { get; init; } = "";
    public string JobId { get; init; } = "";
    public string JobQueue { get; init; } = "";
    public string Status { get; init; } = "";
    public List<AttemptDetailShape>? Attempts { get; init; }
    public string? StatusReason { get; init; }
    public long? CreatedAt { get; init; }
    public RetryStrategyShape? RetryStrategy { get; init; }
    public long? StartedAt { get; init; }
    public long? StoppedAt { get; init; }
    public List<JobDependencyShape>? DependsOn { get; init; }
    public string JobDefinition { get; init; } = "";
    public Dictionary<string, string>? Parameters { get; init; }
    public ContainerDetailShape? Container { get; init; }
    public NodeDetailsShape? NodeDetails { get; init; }
    public NodePropertiesShape? NodeProperties { get; init; }
    public ArrayPropertiesDetailShape? ArrayProperties { get; init; }
    public JobTimeoutShape? Timeout { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

internal sealed record DescribeJobsRequest(List<string> Jobs);

internal sealed record DescribeJobsResponse(List<JobDetailShape>? Jobs);

internal sealed record ContainerSummaryShape(int? ExitCode, string? Reason);

internal sealed record ArrayPropertiesSummaryShape(int? Size, int? Index);

internal sealed record NodePropertiesSummaryShape(bool? IsMainNode, int? NumNodes, int? NodeIndex);

internal sealed record JobSummaryShape
{
    public string? JobArn { get; init; }
    public string JobId { get; init; } = "";
    public string JobName { get; init; } = "";
    public long? CreatedAt { get; init; }
    public string? Status { get; init; }
    public string? StatusReason { get; init; }
    public long? StartedAt { get; init; }
    public long? StoppedAt { get; init; }
    public ContainerSummaryShape? Container { get; init; }
    public ArrayPropertiesSummaryShape? ArrayProperties { get; init; }
    public NodePropertiesSummaryShape? NodeProperties { get; init; }
    public string? JobDefinition { get; init; }
}

internal sealed record ListJobsFilterShape(string Name, List<string> Values);

internal sealed record ListJobsRequest
{
    public string? JobQueue { get; init; }
    public string? ArrayJobId { get; init; }
    public string? MultiNodeJobId { get; init; }
    public string? JobStatus { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    public List<ListJobsFilterShape>? Filters { get; init; }
}

internal sealed record ListJobsResponse(List<JobSummaryShape>? JobSummaryList, string? NextToken);

internal sealed record StopJobRequest(string JobId, string Reason);

internal sealed record EmptyResponse;

internal sealed record ComputeEnvironmentOrderShape(int Order, string ComputeEnvironment);

internal sealed record JobQueueShape
{
    public string JobQueueName { get; init; } = "";
    public string JobQueueArn { get; init; } = "";
    public string? State { get; init; }
    public string? Status { get; init; }
    public int Priority { get; init; }
    public List<ComputeEnvironmentOrderShape>? ComputeEnvironmentOrder { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

internal sealed record DescribeJobQueuesRequest(List<string>? JobQueues = null, int? MaxResults = null, string? NextToken = null);

internal sealed record DescribeJobQueuesResponse(List<JobQueueShape>? JobQueues, string? NextToken);

internal sealed record ComputeResourceShape
{
    public string Type { get; init; } = "";
    public int MaxvCpus { get; init; }
    public List<string>? InstanceTypes { get; init; }
    public LaunchTemplateSpecificationShape? LaunchTemplate { get; init; }
    public string? PlacementGroup { get; init; }
}

internal sealed record LaunchTemplateSpecificationShape(string? LaunchTemplateId, string? LaunchTemplateName, string? Version);

internal sealed record ComputeEnvironmentShape
{
    public string ComputeEnvironmentName { get; init; } = "";
    public string ComputeEnvironmentArn { get; init; } = "";
    public string? EcsClusterArn { get; init; }
    public string? State { get; init; }
    public string? Status { get; init; }
    public ComputeResourceShape? ComputeResources { get; init; }
}

internal sealed record DescribeComputeEnvironmentsRequest(List<string>? ComputeEnvironments = null, int? MaxResults = null, string? NextToken = null);

internal sealed record DescribeComputeEnvironmentsResponse(List<ComputeEnvironmentShape>? ComputeEnvironments, string? NextToken);
