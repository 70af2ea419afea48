using Amazon.S3;
using Amazon.S3.Model;
using GeosChem.PowerShell.Aws;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>S3 PutObject and GetObject through the served SDK client, for run directory uploads and their input lists.</summary>
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

    public Task<string?> GetTextOrNullAsync(string bucket, string key, CancellationToken ct) =>
        SdkCall.Run(AwsServiceDescriptor.S3, "GetObject", context, _endpoint, async () =>
        {
            try
            {
                using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
                using var reader = new StreamReader(response.ResponseStream);
                return (string?)await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        });
}
