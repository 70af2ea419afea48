using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Errors;

/// <summary>
/// The errors raised from more than one place, each made here once so that an id always comes with the same message
/// and the same fix. (An error raised from one place is made there, with its id from <see cref="ErrorIds"/>.)
/// </summary>
internal static class GcErrors
{
    public static GcException ConfigurationInvalid(string setting, string problem, string? fix, object? value) =>
        new(ErrorIds.ConfigurationInvalid, GcErrorKind.InvalidArgument, $"{setting}: {problem}", fix, value);

    public static GcException ConfigurationExists(string path) =>
        new(ErrorIds.ConfigurationExists, GcErrorKind.ResourceExists, $"A configuration already exists at {path}.",
            "Change it with Set-GcConfiguration, replace it with -Force, or use -ConfigurationPath for a second platform.", path);

    /// <param name="origin">Where the name came from (-Region, AWS_REGION, a profile), when known.</param>
    public static GcException AwsRegionUnknown(string name, string? origin, string? suggestion) =>
        new(ErrorIds.AwsRegionUnknown, GcErrorKind.InvalidArgument, $"'{name}'{(origin is null ? "" : $" (from {origin})")} is not an AWS region.",
            (suggestion is null ? "" : $"Did you mean '{suggestion}'? ") + "Region names look like us-east-1; Get-AWSRegion or tab completion on -Region lists them.",
            name);

    /// <summary>An AWS answer without a member the module needs (the service model may call it optional).</summary>
    public static GcException AwsResponseIncomplete(string service, string operation, string member) =>
        new(ErrorIds.AwsResponseIncomplete, GcErrorKind.InvalidData,
            $"{service} {operation} answered without '{member}'.", "Run it again; if it repeats, report it with -Debug output.");

    public static GcException CountInvalid(int count, string? instanceType) =>
        new(ErrorIds.CountInvalid, GcErrorKind.InvalidArgument,
            $"-Count {count}{(instanceType is null ? "" : $" for {instanceType}")} is not a positive number of instances.", "Give -Count 1 or more.", count);

    public static GcException BatchJobNotFound(string id, string region) =>
        new(ErrorIds.BatchJobNotFound, GcErrorKind.ObjectNotFound, $"AWS Batch in {region} has no job '{id}'.",
            "Check the id and the -Region; Batch keeps finished jobs for about a week.", id);

    public static GcException BatchJobFailed(GcBatchJob job)
    {
        var last = job.AttemptDetails.LastOrDefault();
        var exit = job.ExitCode ?? last?.ExitCode;
        var stream = job.LogStreamName ?? last?.LogStreamName;
        var why = job.StatusReason ?? last?.StatusReason ?? "no reason given";
        var fix = last?.SpotReclaim == true
            ? "Spot reclaimed it on every allowed attempt. Submit again with -FallbackToOnDemand, or to an On-Demand queue; it resumes from its newest restart file."
            : stream is null
                ? "It never started a container: check the job queue's compute environment and the image (Get-GcBatchJob shows the reason)."
                : $"Read its output with: Receive-GcBatchJobLog -JobId {job.JobId} -Tail 50";
        return new GcException(ErrorIds.BatchJobFailed, GcErrorKind.InvalidResult,
            $"Job {job.JobId} ('{job.JobName}') failed after {job.Attempts ?? 0} attempt(s): {why}{(exit is { } code ? $", exit code {code}" : "")}" +
            $"{(stream is null ? "" : $"; log stream {job.LogGroupName}/{stream}")}.", fix, job.JobId);
    }

    public static GcException ImageBuildNotFound(string id, string region) =>
        new(ErrorIds.ImageBuildNotFound, GcErrorKind.ObjectNotFound, $"There is no build '{id}' in {region}.",
            "Get-GcImageBuild lists the builds whose builders EC2 still shows (terminated ones for about an hour); a finished build's image is in ECR (Get-GcImage).", id);

    public static GcException ImageBuildFailed(GcImageBuild build) =>
        new(ErrorIds.ImageBuildFailed, GcErrorKind.InvalidResult,
            $"Build {build.BuildId} of {build.Variant} {(build.Status == ImageBuildStatus.TimedOut ? "timed out" : build.Status == ImageBuildStatus.Lost ? "was lost" : "failed")}{(build.Step is null ? "" : $" at '{build.Step}'")}; the builder was terminated.",
            $"The full output is under {build.LogLocation}. Fix the cause and start the build again; the image was not pushed.", build.BuildId);
}
