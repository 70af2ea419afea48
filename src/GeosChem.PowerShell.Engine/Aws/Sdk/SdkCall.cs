using Amazon.Runtime;
using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>Runs an SDK call and gives its failures the same explained form as our own protocol clients'.</summary>
internal static class SdkCall
{
    public static async Task<T> Run<T>(AwsServiceDescriptor service, string operation, AwsContext context, Uri endpoint, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw AwsErrorTranslator.FromServiceError(service, operation, ex.ErrorCode, ex.Message, ex.RequestId, (int)ex.StatusCode,
                context.Retry.MaxAttempts, context.CredentialSource, ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            throw AwsErrorTranslator.Unreachable(service, operation, endpoint, context.Retry.MaxAttempts, ex);
        }
    }
}
