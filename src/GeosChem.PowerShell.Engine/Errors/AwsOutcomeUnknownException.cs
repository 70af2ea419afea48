namespace GeosChem.PowerShell.Errors;

/// <summary>
/// A call that may or may not have taken effect: the connection broke or the service failed after the request was
/// sent. Thrown only for operations that cannot safely be repeated, so the caller can look before it resubmits.
/// </summary>
internal sealed class AwsOutcomeUnknownException(string serviceId, string operation, string reason, Exception? inner = null)
    : GcException(ErrorIds.AwsOutcomeUnknown, GcErrorKind.ConnectionError,
        $"{serviceId} {operation} may or may not have been carried out: {reason}.",
        "Check whether it took effect before repeating it.", target: null, inner)
{
    public string Operation { get; } = operation;
}
