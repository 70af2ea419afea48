using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// GEOS-Chem's own timers from a run's log, gcclassic_timers.json or allPEs.log (no AWS call), or from finished
/// Batch jobs' CloudWatch Logs streams.
/// </summary>
// The Job set is the default so that a piped GcBatchJob binds to -Job rather than being turned into a -Path string.
[Cmdlet(VerbsCommon.Get, "GcRunTiming", DefaultParameterSetName = JobSet)]
[OutputType(typeof(GcRunTiming))]
public sealed class GetGcRunTimingCommand : GcAwsCmdlet
{
    private const string PathSet = "Path";
    private const string JobSet = "Job";

    /// <summary>A log file, gcclassic_timers.json, allPEs.log, or a run directory (the file with timers is found in it).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName", "LogPath")]
    public string[] Path { get; set; } = [];

    /// <summary>Finished Batch jobs (Get-GcBatchJob, Wait-GcBatchJob): each job's last attempt's log is read.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public GcBatchJob[] Job { get; set; } = [];

    private JobTimings? _jobTimings;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == JobSet)
        {
            foreach (var job in Job) ReadJob(job);
            return;
        }
        foreach (var pattern in Path)
        {
            foreach (var path in Resolve(pattern))
            {
                try
                {
                    var file = Directory.Exists(path) ? RunTimingFiles.Choose(path) : path;
                    WriteVerbose($"Reading GEOS-Chem timers from {file}.");
                    var timing = RunTimingMapper.ToModel(RunTimingReader.Read(RunTimingFiles.ReadText(file), file), file);
                    foreach (var warning in timing.Warnings) WriteWarning($"{file}: {warning}");
                    WriteObject(timing);
                }
                catch (GcException ex)
                {
                    WriteItemError(ex, path);
                }
                catch (IOException ex)
                {
                    WriteItemError(new GcException(ErrorIds.RunTimingUnreadable, GcErrorKind.ResourceUnavailable, $"Cannot read {path}: {ex.Message}",
                        "Check that the file exists and that you may read it.", path, ex), path);
                }
            }
        }
    }

    private void ReadJob(GcBatchJob job)
    {
        try
        {
            if (_jobTimings is null)
            {
                var context = Context;
                _jobTimings = new JobTimings(new JobLogReader(Aws.Logs(context)), Aws.Ecs(context));
            }
            WriteVerbose($"Reading GEOS-Chem timers from the log of job {job.JobId} ('{job.JobName}').");
            var timing = Run(ct => _jobTimings.ReadAsync(job, ct));
            foreach (var warning in timing.Warnings) WriteWarning($"Job {job.JobId}: {warning}");
            WriteObject(timing);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, job.JobId, awsFailureId: ErrorIds.BatchJobLogFailed);
        }
    }

    private IEnumerable<string> Resolve(string pattern)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(pattern)) return [GetUnresolvedProviderPathFromPSPath(pattern)];
        try
        {
            return GetResolvedProviderPathFromPSPath(pattern, out _);
        }
        catch (ItemNotFoundException)
        {
            WriteItemError(new GcException(ErrorIds.RunTimingFileNotFound, GcErrorKind.ObjectNotFound, $"Nothing matches {pattern}.",
                "Check the path; wildcards match files and run directories.", pattern), pattern);
            return [];
        }
    }
}
