namespace GeosChem.PowerShell.Errors;

/// <summary>Our own error categories; the hosting layer maps them to PowerShell's ErrorCategory.</summary>
internal enum GcErrorKind
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    ObjectNotFound,
    PermissionDenied,
    AuthenticationError,
    LimitsExceeded,
    QuotaExceeded,
    ConnectionError,
    OperationTimeout,
    ResourceUnavailable,
    ResourceExists,
    /// <summary>Work that ran and failed (a job that exited non-zero).</summary>
    InvalidResult,
    /// <summary>Work not done because the command stopped before reaching it.</summary>
    OperationStopped,
}
