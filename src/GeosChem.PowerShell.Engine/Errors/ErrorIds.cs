namespace GeosChem.PowerShell.Errors;

/// <summary>
/// Every error id the module reports (an ErrorRecord's FullyQualifiedErrorId starts with it), in one place. The ids are
/// part of the public surface: scripts catch on them, so an id is never renamed or reused for another problem.
/// Errors raised from more than one place are made by <see cref="GcErrors"/>.
/// </summary>
internal static class ErrorIds
{
    public const string AwsAccessDenied = "GcAwsAccessDenied";
    public const string AwsAuthenticationFailed = "GcAwsAuthenticationFailed";
    public const string AwsCredentialIncomplete = "GcAwsCredentialIncomplete";
    public const string AwsCredentialNotResolved = "GcAwsCredentialNotResolved";
    public const string AwsEndpointInvalid = "GcAwsEndpointInvalid";
    public const string AwsEndpointUnreachable = "GcAwsEndpointUnreachable";
    public const string AwsInvalidRequest = "GcAwsInvalidRequest";
    public const string AwsMaxAttemptsInvalid = "GcAwsMaxAttemptsInvalid";
    public const string AwsNotFound = "GcAwsNotFound";
    public const string AwsOutcomeUnknown = "GcAwsOutcomeUnknown";
    public const string AwsPagingLoop = "GcAwsPagingLoop";
    public const string AwsProfileNotFound = "GcAwsProfileNotFound";
    public const string AwsProfileUnusable = "GcAwsProfileUnusable";
    public const string AwsQuotaExceeded = "GcAwsQuotaExceeded";
    public const string AwsRegionNotResolved = "GcAwsRegionNotResolved";
    public const string AwsRegionUnknown = "GcAwsRegionUnknown";
    public const string AwsRequestFailed = "GcAwsRequestFailed";
    public const string AwsResourceExists = "GcAwsResourceExists";
    public const string AwsResponseIncomplete = "GcAwsResponseIncomplete";
    public const string AwsResponseUnreadable = "GcAwsResponseUnreadable";
    public const string AwsServiceUnavailable = "GcAwsServiceUnavailable";
    public const string AwsThrottled = "GcAwsThrottled";
    public const string BatchArraySizeInvalid = "GcBatchArraySizeInvalid";
    public const string BatchDependencyNotFound = "GcBatchDependencyNotFound";
    public const string BatchFallbackQueueIsSpot = "GcBatchFallbackQueueIsSpot";
    public const string BatchFallbackQueueUnknown = "GcBatchFallbackQueueUnknown";
    public const string BatchJobDefinitionNotFound = "GcBatchJobDefinitionNotFound";
    public const string BatchJobFailed = "GcBatchJobFailed";
    public const string BatchJobIdInvalid = "GcBatchJobIdInvalid";
    public const string BatchJobListFailed = "GcBatchJobListFailed";
    public const string BatchJobLogFailed = "GcBatchJobLogFailed";
    public const string BatchJobNotFound = "GcBatchJobNotFound";
    public const string BatchJobQueueMissing = "GcBatchJobQueueMissing";
    public const string BatchJobQueueNotFound = "GcBatchJobQueueNotFound";
    public const string BatchJobStopFailed = "GcBatchJobStopFailed";
    public const string BatchNameInvalid = "GcBatchNameInvalid";
    public const string BatchSequentialNeedsArray = "GcBatchSequentialNeedsArray";
    public const string BatchSubmitFailed = "GcBatchSubmitFailed";
    public const string BatchSubmitUnresolved = "GcBatchSubmitUnresolved";
    public const string BatchSubmitNotAttempted = "GcBatchSubmitNotAttempted";
    public const string BatchSweepStopped = "GcBatchSweepStopped";
    public const string OutputPrefixNotWritable = "GcOutputPrefixNotWritable";
    public const string SweepOverBudget = "GcSweepOverBudget";
    public const string BatchTimeoutTooShort = "GcBatchTimeoutTooShort";
    public const string BatchTooManyDependencies = "GcBatchTooManyDependencies";
    public const string BatchTooManyTags = "GcBatchTooManyTags";
    public const string BatchWaitTimeout = "GcBatchWaitTimeout";
    public const string BuildSettingsMissing = "GcBuildSettingsMissing";
    public const string BuildTimeoutTooShort = "GcBuildTimeoutTooShort";
    public const string BuilderAmiNotFound = "GcBuilderAmiNotFound";
    public const string BuilderNotManaged = "GcBuilderNotManaged";
    [ErrorFamily("A row that is not CSV in the file's layout, or a run in it that names no plan GEOS-Chem can run; the message names the file and the run.")]
    public const string CalibrationFileUnreadable = "GcCalibrationFileUnreadable";
    [ErrorFamily("The calibration file or an export target cannot be written, or the export target exists without -Force; the message names the file.")]
    public const string CalibrationFileUnwritable = "GcCalibrationFileUnwritable";
    public const string CalibrationRunInvalid = "GcCalibrationRunInvalid";
    [ErrorFamily("No such run to remove, or no run at all to export; the message says which.")]
    public const string CalibrationRunNotFound = "GcCalibrationRunNotFound";
    public const string CatalogUpdateFailed = "GcCatalogUpdateFailed";
    public const string ConfigurationExists = "GcConfigurationExists";
    public const string ConfigurationInvalid = "GcConfigurationInvalid";
    public const string ConfigurationNotFound = "GcConfigurationNotFound";
    public const string ConfigurationOnlineCheckFailed = "GcConfigurationOnlineCheckFailed";
    [ErrorFamily("An unknown key in the file (with its line) or an unknown dotted path given to Set-GcConfiguration.")]
    public const string ConfigurationUnknownKey = "GcConfigurationUnknownKey";
    public const string ConfigurationUnreadable = "GcConfigurationUnreadable";
    public const string ConfigurationValueInvalid = "GcConfigurationValueInvalid";
    [ErrorFamily("-CoresPerNode below 1 or above the instance's vCPUs; the message says which bound.")]
    public const string CoresPerNodeInvalid = "GcCoresPerNodeInvalid";
    public const string CountInvalid = "GcCountInvalid";
    public const string ImageBuildFailed = "GcImageBuildFailed";
    public const string ImageBuildNotFound = "GcImageBuildNotFound";
    public const string ImageBuildStartFailed = "GcImageBuildStartFailed";
    public const string ImageListFailed = "GcImageListFailed";
    public const string ImageMissing = "GcImageMissing";
    public const string ImageVariantUnknown = "GcImageVariantUnknown";
    public const string ImageVariantUnsupported = "GcImageVariantUnsupported";
    public const string ImageVersionUnknown = "GcImageVersionUnknown";
    public const string InstanceClassUnknown = "GcInstanceClassUnknown";
    public const string InstanceTypeNotOffered = "GcInstanceTypeNotOffered";
    [ErrorFamily("Unknown to the shipped catalog or to EC2 itself; the message says which, and the fix differs accordingly.")]
    public const string InstanceTypeUnknown = "GcInstanceTypeUnknown";
    public const string JobCostFailed = "GcJobCostFailed";
    public const string JobDefinitionRegisterFailed = "GcJobDefinitionRegisterFailed";
    public const string JobDefinitionTooLarge = "GcJobDefinitionTooLarge";
    public const string LimitInvalid = "GcLimitInvalid";
    public const string MaxAgeInvalid = "GcMaxAgeInvalid";
    public const string ModelUnknown = "GcModelUnknown";
    public const string MultiNodeArray = "GcMultiNodeArray";
    public const string MultiNodeNeedsInstanceType = "GcMultiNodeNeedsInstanceType";
    [ErrorFamily("Refused when a multi-node definition is registered for Spot and when one is submitted to a Spot queue.")]
    public const string MultiNodeOnSpot = "GcMultiNodeOnSpot";
    public const string NoCandidates = "GcNoCandidates";
    public const string NodeCountInvalid = "GcNodeCountInvalid";
    public const string NothingFits = "GcNothingFits";
    public const string OptionNotBuilt = "GcOptionNotBuilt";
    [ErrorFamily("One id for every rule a run plan can break (OpenMP on one node, no multi-node Spot, GCHP rank counts); the message names the rule.")]
    public const string PlanInvalid = "GcPlanInvalid";
    [ErrorFamily("GCClassic (memory per run) and GCHP (memory per rank) run short of memory in different ways; the message says which.")]
    public const string PlanMemoryShort = "GcPlanMemoryShort";
    public const string PlatformCheckFailed = "GcPlatformCheckFailed";
    public const string PlatformJobsActive = "GcPlatformJobsActive";
    public const string PlatformLookupFailed = "GcPlatformLookupFailed";
    public const string PlatformPreflightFailed = "GcPlatformPreflightFailed";
    public const string PollIntervalTooShort = "GcPollIntervalTooShort";
    public const string PriceCacheUnwritable = "GcPriceCacheUnwritable";
    public const string QuotaCheckFailed = "GcQuotaCheckFailed";
    public const string QuotaCodeInvalid = "GcQuotaCodeInvalid";
    public const string QuotaDesiredValueInvalid = "GcQuotaDesiredValueInvalid";
    public const string QuotaIncreaseAlreadyOpen = "GcQuotaIncreaseAlreadyOpen";
    public const string QuotaIncreaseFailed = "GcQuotaIncreaseFailed";
    public const string QuotaIncreaseNotAnIncrease = "GcQuotaIncreaseNotAnIncrease";
    public const string QuotaIncreaseRequestLookupFailed = "GcQuotaIncreaseRequestLookupFailed";
    public const string QuotaLookupFailed = "GcQuotaLookupFailed";
    public const string QuotaNotAdjustable = "GcQuotaNotAdjustable";
    public const string QuotaNotFound = "GcQuotaNotFound";
    public const string ResolutionInvalid = "GcResolutionInvalid";
    [ErrorFamily("An s3:// address that is not one, given as a run directory, an output prefix or an upload target; the message names the parameter.")]
    public const string S3UriInvalid = "GcS3UriInvalid";
    public const string SimulationDaysInvalid = "GcSimulationDaysInvalid";
    public const string SimulationOptionInvalid = "GcSimulationOptionInvalid";
    public const string SimulationOptionUnknown = "GcSimulationOptionUnknown";
    [ErrorFamily("An end not after its start, in a -SimulationStart/-SimulationEnd pair, a CSV row or a segment plan; the message names which.")]
    public const string SimulationPeriodInvalid = "GcSimulationPeriodInvalid";
    public const string SimulationRetired = "GcSimulationRetired";
    public const string SimulationUnknown = "GcSimulationUnknown";
    public const string SigningKeyExpired = "GcSigningKeyExpired";
    public const string SigningKeyRotated = "GcSigningKeyRotated";
    public const string SpotNotAvailable = "GcSpotNotAvailable";
    [ErrorFamily("terraform did not start, or exited with an error; the message carries terraform's own diagnostics.")]
    public const string TerraformFailed = "GcTerraformFailed";
    public const string TerraformNotFound = "GcTerraformNotFound";
    public const string TopInvalid = "GcTopInvalid";
    public const string WizardAnswerInvalid = "GcWizardAnswerInvalid";
    public const string WizardNeedsInput = "GcWizardNeedsInput";
    public const string RunTimingCorrupt = "GcRunTimingCorrupt";
    [ErrorFamily("A path that does not exist, or a wildcard that matches nothing; the message quotes which.")]
    public const string RunTimingFileNotFound = "GcRunTimingFileNotFound";
    public const string RunTimingFileTooLarge = "GcRunTimingFileTooLarge";
    public const string RunTimingIncomplete = "GcRunTimingIncomplete";
    public const string RunTimingJobNotFinished = "GcRunTimingJobNotFinished";
    [ErrorFamily("A file without timers (the message says why that kind of log has none), a run directory without a file that has them, or a job that never wrote a log.")]
    public const string RunTimingNotFound = "GcRunTimingNotFound";
    public const string RunTimingUnreadable = "GcRunTimingUnreadable";
    public const string BenchmarkImageArchitectureUnknown = "GcBenchmarkImageArchitectureUnknown";
    public const string BenchmarkImageMissing = "GcBenchmarkImageMissing";
    public const string BenchmarkPriceMissing = "GcBenchmarkPriceMissing";
    public const string BenchmarkNoPlans = "GcBenchmarkNoPlans";
    public const string BenchmarkNoQueue = "GcBenchmarkNoQueue";
    public const string BenchmarkOverBudget = "GcBenchmarkOverBudget";
    public const string BenchmarkRunDirectoryInvalid = "GcBenchmarkRunDirectoryInvalid";
    public const string BenchmarkRunUndescribed = "GcBenchmarkRunUndescribed";
    public const string BenchmarkSubmitFailed = "GcBenchmarkSubmitFailed";
    public const string BenchmarkReportWriteFailed = "GcBenchmarkReportWriteFailed";
    public const string BuildCommandUnknown = "GcBuildCommandUnknown";
    public const string ImageBuildIdInvalid = "GcImageBuildIdInvalid";
    public const string ImageTagExists = "GcImageTagExists";
    public const string JobTooLargeForPlatform = "GcJobTooLargeForPlatform";
    public const string SimulationDateInvalid = "GcSimulationDateInvalid";
    public const string BashNotFound = "GcBashNotFound";
    public const string CreateRunDirFailed = "GcCreateRunDirFailed";
    public const string CreateRunDirNotFound = "GcCreateRunDirNotFound";
    public const string CreateRunDirTimedOut = "GcCreateRunDirTimedOut";
    public const string DryRunFailed = "GcDryRunFailed";
    public const string DryRunLogUnreadable = "GcDryRunLogUnreadable";
    public const string DryRunNeeded = "GcDryRunNeeded";
    public const string DryRunTimedOut = "GcDryRunTimedOut";
    public const string ExecutableNotFound = "GcExecutableNotFound";
    public const string InputListPeriodMismatch = "GcInputListPeriodMismatch";
    public const string NotARunDirectory = "GcNotARunDirectory";
    public const string PublicDataUnreachable = "GcPublicDataUnreachable";
    [ErrorFamily("A model, simulation, option, grid or met field createRunDir.sh does not offer; the message names the valid choices for that answer.")]
    public const string RunDirectoryChoiceInvalid = "GcRunDirectoryChoiceInvalid";
    public const string RunDirectoryExists = "GcRunDirectoryExists";
    public const string RunDirectoryHasErrors = "GcRunDirectoryHasErrors";
    public const string RunDirectoryNotFound = "GcRunDirectoryNotFound";
    public const string RunDirectorySimulationUnknown = "GcRunDirectorySimulationUnknown";
    public const string SegmentArrayConflict = "GcSegmentArrayConflict";
    [ErrorFamily("A -SegmentLength that cannot be read, or one that does not divide the period sensibly; the message says which.")]
    public const string SegmentLengthInvalid = "GcSegmentLengthInvalid";
    public const string SegmentPeriodMissing = "GcSegmentPeriodMissing";
    public const string SourcePathMissing = "GcSourcePathMissing";
}

/// <summary>
/// Marks an id raised from several places for one kind of problem in different situations: each place writes a message
/// that names its situation. Every other id is made in exactly one place (ErrorIdTests checks both).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class ErrorFamilyAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
