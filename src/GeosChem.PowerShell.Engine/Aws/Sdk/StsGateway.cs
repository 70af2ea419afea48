using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace GeosChem.PowerShell.Aws.Sdk;

internal sealed record CallerIdentity(string Account, string Arn, string UserId);

/// <summary>Who the resolved credentials belong to (STS GetCallerIdentity): the cheapest proof that they work.</summary>
internal sealed class StsGateway(AwsContext context, IAmazonSecurityTokenService client)
{
    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        var response = await SdkCall.Run(AwsServiceDescriptor.Sts, "GetCallerIdentity", context, context.EndpointFor(AwsServiceDescriptor.Sts),
            () => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken)).ConfigureAwait(false);
        return new CallerIdentity(response.Account, response.Arn, response.UserId);
    }
}
