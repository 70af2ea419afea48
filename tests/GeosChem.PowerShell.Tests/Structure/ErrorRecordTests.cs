using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Tests.Structure;

/// <summary>ErrorRecords.From reports the id its parameters say, and the states mean the same to every command.</summary>
public sealed class ErrorRecordTests
{
    private static AwsServiceException Throttled() =>
        new(ErrorIds.AwsThrottled, GcErrorKind.LimitsExceeded, "Service Quotas GetServiceQuota was throttled.", "Wait and retry.",
            "ServiceQuotas", "GetServiceQuota", "ThrottlingException", "req-1", 400);

    // ErrorRecord itself needs PowerShell's engine, which this test project does not load; Errors.Tests.ps1 checks the records.
    [Fact]
    public void AnAwsFailureIsReportedUnderTheCommandsIdForIt()
    {
        Assert.Equal(ErrorIds.QuotaLookupFailed, ErrorRecords.IdFor(Throttled(), awsFailureId: ErrorIds.QuotaLookupFailed));
        Assert.Equal(ErrorIds.AwsThrottled, ErrorRecords.IdFor(Throttled(), awsFailureId: null));
    }

    [Fact]
    public void OurOwnErrorsKeepTheirIdWhateverTheCommandWouldCallAnAwsFailure()
    {
        Assert.Equal(ErrorIds.CountInvalid, ErrorRecords.IdFor(GcErrors.CountInvalid(0, "c7i.large"), awsFailureId: ErrorIds.QuotaCheckFailed));
        var unknown = new AwsOutcomeUnknownException("Batch", "SubmitJob", "connection reset");
        Assert.Equal(ErrorIds.AwsOutcomeUnknown, ErrorRecords.IdFor(unknown, awsFailureId: ErrorIds.BatchSubmitFailed));
    }

    [Fact]
    public void ImageBuildsThatEndLostTimedOutOrFailedAreFailuresForStartAndWaitAlike()
    {
        string[] all = [ImageBuildStatus.Launching, ImageBuildStatus.Building, ImageBuildStatus.Succeeded, ImageBuildStatus.Failed,
            ImageBuildStatus.TimedOut, ImageBuildStatus.Cancelled, ImageBuildStatus.Lost];
        Assert.Equal([ImageBuildStatus.Failed, ImageBuildStatus.TimedOut, ImageBuildStatus.Lost], all.Where(ImageBuildStatus.IsFailure));
        Assert.All(all.Where(ImageBuildStatus.IsFailure), s => Assert.True(ImageBuildStatus.IsFinished(s)));
        Assert.Equal("Build gcb-1 of gchp-x was lost; the builder was terminated.",
            GcErrors.ImageBuildFailed(new GcImageBuild { BuildId = "gcb-1", Variant = "gchp-x", Status = ImageBuildStatus.Lost }).Problem);
    }

    [Fact]
    public void TheActiveJobStatusesAreTheUnfinishedOnes()
    {
        Assert.Equal(BatchJobStatus.All.Where(s => !BatchJobStatus.IsFinished(s)), BatchJobStatus.Active);
        Assert.Equal([BatchJobStatus.Starting, BatchJobStatus.Running], BatchJobStatus.All.Where(BatchJobStatus.HasContainer));
    }
}
