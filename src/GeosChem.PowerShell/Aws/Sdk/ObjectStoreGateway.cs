using Amazon.S3;
using Amazon.S3.Model;
using GeosChem.PowerShell.Aws;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>S3 PutObject through the served SDK client, for run directory uploads.</summary>
internal sealed class ObjectStoreGateway(AwsContext context, IAmazonS3 s3) : IObjectStore
{
    private readonly Uri _endpoint = context.EndpointFor(AwsServiceDescriptor.S3);

    public Task PutFileAsync(string bucket, string key, string file, CancellationToken ct) =>
        SdkCall.Run(AwsServiceDescriptor.S3, "PutObject", context, _endpoint, () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = file,
            UseChunkEncoding = false,
        }, ct));

    public Task PutTextAsync(string bucket, string key, string text, CancellationToken ct) =>
        SdkCall.Run(AwsServiceDescriptor.S3, "PutObject", context, _endpoint, () => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = text,
            ContentType = "text/plain",
            UseChunkEncoding = false,
        }, ct));
}
