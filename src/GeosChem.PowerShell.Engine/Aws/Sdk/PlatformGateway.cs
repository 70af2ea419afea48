using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>The EC2 and S3 facts a platform check needs: the VPCs that exist, and whether a bucket does.</summary>
internal sealed class PlatformGateway(AwsContext context, IAmazonEC2 ec2, IAmazonS3 s3)
{
    public async Task<IReadOnlyList<(string VpcId, string Cidr)>> DescribeVpcsAsync(CancellationToken ct)
    {
        var response = await SdkCall.Run(AwsServiceDescriptor.Ec2, "DescribeVpcs", context, context.EndpointFor(AwsServiceDescriptor.Ec2),
            () => ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), ct)).ConfigureAwait(false);
        return (response.Vpcs ?? []).Select(v => (v.VpcId, v.CidrBlock)).ToList();
    }

    /// <summary>True when the bucket exists and is ours to read; false when it does not exist.</summary>
    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken ct)
    {
        try
        {
            await SdkCall.Run(AwsServiceDescriptor.S3, "HeadBucket", context, context.EndpointFor(AwsServiceDescriptor.S3),
                () => s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, ct)).ConfigureAwait(false);
            return true;
        }
        catch (Errors.AwsServiceException ex) when (ex.StatusCode == 404 || ex.ErrorCode is "NoSuchBucket" or "NotFound")
        {
            return false;
        }
    }
}
