using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Protocol;

/// <summary>Turns an AWS error answer into an <see cref="AwsServiceException"/> whose message says what to do.</summary>
internal static class AwsErrorTranslator
{
    public static AwsServiceException FromServiceError(AwsServiceDescriptor service, string operation, string? code, string? message,
        string? requestId, int statusCode, int attempts, string credentialSource, Exception? inner = null)
    {
        var kind = Classify(code, statusCode);
        var action = $"{service.IamPrefix}:{operation}";
        var what = $"{service.ServiceId} {operation} failed with {code ?? "HTTP " + statusCode}: {message ?? "(no message)"}"
                   + (requestId is null ? "." : $" (request id {requestId}).");
        var fix = kind switch
        {
            GcErrorKind.PermissionDenied =>
                $"Your identity lacks the IAM permission '{action}'. Ask your administrator to allow it, or use a profile that has it (-ProfileName). Credentials in use: {credentialSource}.",
            GcErrorKind.AuthenticationError =>
                $"AWS did not accept the credentials from {credentialSource}: the key is unknown, the secret is wrong, or a session expired. Refresh them (for SSO: aws sso login), or pass another -ProfileName.",
            GcErrorKind.LimitsExceeded =>
                $"AWS kept throttling after {attempts} attempt(s). Wait a minute and run it again, or allow more attempts with AWS_MAX_ATTEMPTS.",
            GcErrorKind.ResourceUnavailable =>
                $"The service failed on its side after {attempts} attempt(s). Try again later; if it persists, check the AWS Health Dashboard for {service.ServiceId}.",
            GcErrorKind.ObjectNotFound => "Check the name or id, and the -Region: AWS resources are regional.",
            GcErrorKind.QuotaExceeded => "An account quota stops this. See Get-GcQuota, and Request-GcQuotaIncrease where the quota is adjustable.",
            GcErrorKind.InvalidArgument => "Check the values passed; the message above names the one AWS rejected.",
            _ => null,
        };
        return new AwsServiceException(ErrorIdFor(kind), kind, what, fix, service.ServiceId, operation, code, requestId, statusCode, inner);
    }

    public static AwsServiceException Unreachable(AwsServiceDescriptor service, string operation, Uri endpoint, int attempts, Exception inner) =>
        new(ErrorIds.AwsEndpointUnreachable, GcErrorKind.ConnectionError,
            $"{service.ServiceId} {operation} could not reach {endpoint} after {attempts} attempt(s): {Innermost(inner).Message}",
            "Check the network and proxy, the -Region, and any -EndpointUrl or AWS_ENDPOINT_URL settings.",
            service.ServiceId, operation, null, null, null, inner);

    public static GcErrorKind Classify(string? code, int statusCode) =>
        AwsErrorCodes.IsAccessDenied(code) || statusCode == 403 && !AwsErrorCodes.IsAuthentication(code) ? GcErrorKind.PermissionDenied
        : AwsErrorCodes.IsAuthentication(code) ? GcErrorKind.AuthenticationError
        : AwsErrorCodes.IsThrottling(code) || statusCode == 429 ? GcErrorKind.LimitsExceeded
        : AwsErrorCodes.IsQuotaExceeded(code) ? GcErrorKind.QuotaExceeded
        : AwsErrorCodes.IsAlreadyExists(code) ? GcErrorKind.ResourceExists
        : AwsErrorCodes.IsNotFound(code, statusCode) ? GcErrorKind.ObjectNotFound
        : AwsErrorCodes.IsValidation(code) || statusCode == 400 ? GcErrorKind.InvalidArgument
        : statusCode >= 500 ? GcErrorKind.ResourceUnavailable
        : GcErrorKind.NotSpecified;

    private static string ErrorIdFor(GcErrorKind kind) => kind switch
    {
        GcErrorKind.PermissionDenied => ErrorIds.AwsAccessDenied,
        GcErrorKind.AuthenticationError => ErrorIds.AwsAuthenticationFailed,
        GcErrorKind.LimitsExceeded => ErrorIds.AwsThrottled,
        GcErrorKind.QuotaExceeded => ErrorIds.AwsQuotaExceeded,
        GcErrorKind.ResourceExists => ErrorIds.AwsResourceExists,
        GcErrorKind.ObjectNotFound => ErrorIds.AwsNotFound,
        GcErrorKind.InvalidArgument => ErrorIds.AwsInvalidRequest,
        GcErrorKind.ResourceUnavailable => ErrorIds.AwsServiceUnavailable,
        _ => ErrorIds.AwsRequestFailed,
    };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
