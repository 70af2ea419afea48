using System.Management.Automation;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>One mapping from our errors to PowerShell ErrorRecords: stable id, category, message and recommended action.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The record of one of our errors, under its own id. A command may name the id an AWS service failure is reported
    /// under (<paramref name="awsFailureId"/>: <see cref="ErrorIds.QuotaLookupFailed"/> says which step failed where
    /// <see cref="ErrorIds.AwsThrottled"/> would not); it applies only to an <see cref="AwsServiceException"/>, so our own
    /// errors keep their ids.
    /// </summary>
    public static ErrorRecord From(GcException exception, object? target = null, string? awsFailureId = null)
    {
        var record = new ErrorRecord(exception, IdFor(exception, awsFailureId), CategoryOf(exception.Kind), target ?? exception.Target);
        record.ErrorDetails = new ErrorDetails(exception.Problem) { RecommendedAction = exception.Fix ?? "" };
        return record;
    }

    /// <summary>The id a record of this error carries: the command's id for an AWS service failure when it names one, else the error's own.</summary>
    public static string IdFor(GcException exception, string? awsFailureId) =>
        exception is AwsServiceException && awsFailureId is not null ? awsFailureId : exception.ErrorId;

    public static ErrorCategory CategoryOf(GcErrorKind kind) => kind switch
    {
        GcErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        GcErrorKind.InvalidData => ErrorCategory.InvalidData,
        GcErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        GcErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        GcErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        GcErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
        GcErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        GcErrorKind.QuotaExceeded => ErrorCategory.QuotaExceeded,
        GcErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        GcErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        GcErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        GcErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        GcErrorKind.InvalidResult => ErrorCategory.InvalidResult,
        GcErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>Failures that will fail every further item the same way, so the command stops instead of repeating them.</summary>
    public static bool DoomsTheRest(GcException exception) =>
        exception.Kind is GcErrorKind.AuthenticationError or GcErrorKind.PermissionDenied or GcErrorKind.ConnectionError or GcErrorKind.LimitsExceeded;
}
