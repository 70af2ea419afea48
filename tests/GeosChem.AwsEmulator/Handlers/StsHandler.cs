using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>STS (query protocol): GetCallerIdentity.</summary>
public sealed class StsHandler : IServiceHandler
{
    public string SigningName => "sts";
    public string IamPrefix => "sts";
    public (int Status, string Code) Throttling => (400, "Throttling");
    public (int Status, string Code) UnknownKey => (403, "InvalidClientTokenId");
    public (int Status, string Code) BadSignature => (403, "SignatureDoesNotMatch");

    public string? OperationOf(EmulatorRequest request) =>
        request.Form.TryGetValue("Action", out var action) && action == "GetCallerIdentity" ? action : null;

    public EmulatorResponse Error(int status, string code, string message, string requestId) => QueryWire.StsError(status, code, message, requestId);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var credential = request.Caller.Credential;
        var body = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                   + $"<Arn>arn:aws:iam::{credential.AccountId}:user/{credential.UserName}</Arn><UserId>AIDA{credential.AccessKeyId[4..]}</UserId>"
                   + $"<Account>{credential.AccountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>{request.RequestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        return new EmulatorResponse(200, QueryWire.Xml, body);
    }
}
