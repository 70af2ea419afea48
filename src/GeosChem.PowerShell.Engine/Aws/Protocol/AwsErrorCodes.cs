namespace GeosChem.PowerShell.Aws.Protocol;

/// <summary>Which AWS error codes mean what, across services.</summary>
internal static class AwsErrorCodes
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientServer = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable", "ServiceException",
    };

    private static readonly HashSet<string> Authentication = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure", "InvalidSignatureException", "SignatureDoesNotMatch",
        "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "IncompleteSignature", "MissingAuthenticationToken",
    };

    public static bool IsThrottling(string? code) => code is not null && Throttling.Contains(code);

    public static bool IsRetryable(string? code, int statusCode) =>
        IsThrottling(code) || statusCode == 429 || statusCode >= 500 || (code is not null && TransientServer.Contains(code));

    public static bool IsAuthentication(string? code) => code is not null && Authentication.Contains(code);

    public static bool IsAccessDenied(string? code) =>
        code is not null && (code.StartsWith("AccessDenied", StringComparison.Ordinal) || code is "UnauthorizedOperation" or "DependencyAccessDeniedException");

    public static bool IsNotFound(string? code, int statusCode) =>
        statusCode == 404 || (code is not null && (code.Contains("NotFound", StringComparison.Ordinal) || code.StartsWith("NoSuch", StringComparison.Ordinal)
            || code.EndsWith(".NotFound", StringComparison.Ordinal) || code is "InvalidInstanceType"));

    public static bool IsValidation(string? code) =>
        code is not null && (code.Contains("Validation", StringComparison.Ordinal) || code.StartsWith("InvalidParameter", StringComparison.Ordinal)
            || code is "IllegalArgumentException" or "ClientException" or "InvalidRequestException" or "MissingParameter" or "InvalidPaginationTokenException");

    public static bool IsQuotaExceeded(string? code) =>
        code is "QuotaExceededException" or "ServiceQuotaExceededException" or "LimitExceededException" or "VcpuLimitExceeded" or "InstanceLimitExceeded";

    public static bool IsAlreadyExists(string? code) =>
        code is not null && (code.Contains("AlreadyExists", StringComparison.Ordinal) || code.EndsWith(".Duplicate", StringComparison.Ordinal));
}
