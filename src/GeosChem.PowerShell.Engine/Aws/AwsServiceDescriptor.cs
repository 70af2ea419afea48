namespace GeosChem.PowerShell.Aws;

/// <summary>
/// What it takes to address one AWS service: the names it signs and is reached under (from its service model's
/// metadata), the IAM action prefix and the suffix of its AWS_ENDPOINT_URL_&lt;SERVICE&gt; variable. A global service
/// (botocore's endpoints.json: isRegionalized false) has one endpoint per partition, without a region in its host name.
/// </summary>
internal sealed record AwsServiceDescriptor(
    string ServiceId,
    string SigningName,
    string EndpointPrefix,
    string IamPrefix,
    string? TargetPrefix = null,
    bool Global = false)
{
    /// <summary>The environment variable that redirects only this service (the SDKs' convention: service id, upper case, spaces to underscores).</summary>
    public string EndpointVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');

    public static readonly AwsServiceDescriptor ServiceQuotas = new("Service Quotas", "servicequotas", "servicequotas", "servicequotas", "ServiceQuotasV20190624");
    public static readonly AwsServiceDescriptor Batch = new("Batch", "batch", "batch", "batch");
    public static readonly AwsServiceDescriptor Ecr = new("ECR", "ecr", "api.ecr", "ecr", "AmazonEC2ContainerRegistry_V20150921");
    public static readonly AwsServiceDescriptor CloudWatchLogs = new("CloudWatch Logs", "logs", "logs", "logs", "Logs_20140328");
    public static readonly AwsServiceDescriptor Pricing = new("Pricing", "pricing", "api.pricing", "pricing", "AWSPriceListService");
    public static readonly AwsServiceDescriptor Ecs = new("ECS", "ecs", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113");
    public static readonly AwsServiceDescriptor Ec2 = new("EC2", "ec2", "ec2", "ec2");
    public static readonly AwsServiceDescriptor Ssm = new("SSM", "ssm", "ssm", "ssm", "AmazonSSM");
    public static readonly AwsServiceDescriptor S3 = new("S3", "s3", "s3", "s3");
    public static readonly AwsServiceDescriptor Budgets = new("Budgets", "budgets", "budgets", "budgets", "AWSBudgetServiceGateway", Global: true);
    public static readonly AwsServiceDescriptor Sts = new("STS", "sts", "sts", "sts");
}
