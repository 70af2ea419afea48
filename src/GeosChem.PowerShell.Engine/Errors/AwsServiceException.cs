namespace GeosChem.PowerShell.Errors;

/// <summary>An error answered by an AWS service (or the transport to it), already explained for the user.</summary>
internal sealed class AwsServiceException : GcException
{
    public AwsServiceException(string errorId, GcErrorKind kind, string message, string? fix, string service, string operation,
        string? errorCode, string? requestId, int? statusCode, Exception? inner = null)
        : base(errorId, kind, message, fix, target: null, inner)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    public string Service { get; }
    public string Operation { get; }
    public string? ErrorCode { get; }
    public string? RequestId { get; }
    public int? StatusCode { get; }
}
