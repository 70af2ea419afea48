using Amazon.EC2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>Builds the served SDK clients (EC2, SSM, S3, STS) from one <see cref="AwsContext"/>, honouring the same endpoint overrides.</summary>
internal static class SdkClients
{
    public static AmazonEC2Client Ec2(AwsContext context) =>
        new(context.Credentials, Configure(new AmazonEC2Config(), context, AwsServiceDescriptor.Ec2));

    public static AmazonSimpleSystemsManagementClient Ssm(AwsContext context) =>
        new(context.Credentials, Configure(new AmazonSimpleSystemsManagementConfig(), context, AwsServiceDescriptor.Ssm));

    public static AmazonS3Client S3(AwsContext context)
    {
        var config = Configure(new AmazonS3Config(), context, AwsServiceDescriptor.S3);
        // Emulators and most S3-compatible endpoints are addressed by path, not by bucket subdomain.
        config.ForcePathStyle = config.ServiceURL is not null;
        return new AmazonS3Client(context.Credentials, config);
    }

    public static AmazonSecurityTokenServiceClient Sts(AwsContext context) =>
        new(context.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), context, AwsServiceDescriptor.Sts));

    internal static T Configure<T>(T config, AwsContext context, AwsServiceDescriptor service) where T : ClientConfig
    {
        var endpoint = EndpointResolver.Override(service, context.EndpointUrl, context.Environment);
        if (endpoint is null)
        {
            config.RegionEndpoint = context.RegionEndpoint;
        }
        else
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = context.Region;
        }
        config.MaxErrorRetry = Math.Max(0, context.Retry.MaxAttempts - 1);
        config.Timeout = context.Retry.AttemptTimeout;
        return config;
    }
}
