using System.Management.Automation;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Uploads a local run directory to S3 for Submit-GcBatchJob -RunDirectory, without following its links into the data
/// root or the source tree (they are listed in .gc-links for the entrypoint). The run directory is read and checked
/// first; one with errors is not uploaded. A GCHP run directory also gets .gc-inputs, the input files the run reads in
/// its period (or -SimulationStart to -SimulationEnd), which the entrypoint stages from s3://geos-chem.
/// </summary>
[Cmdlet(VerbsData.Publish, "GcRunDirectory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GcRunDirectoryUpload))]
public sealed class PublishGcRunDirectoryCommand : GcAwsCmdlet
{
    /// <summary>The local run directory; from the pipeline, a GcRunDirectory's Path (or a folder's FullName).</summary>
    // Position 1, the S3 destination position 0: PowerShell binds positional values before pipeline input, so
    // "Get-GcRunDirectory x | Publish-GcRunDirectory s3://..." gives the URI to -Destination; "Publish-GcRunDirectory
    // ./run s3://..." binds them the other way round and is put right in ProcessRecord (the S3 URI is the destination).
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>The S3 prefix to upload to, s3://bucket/prefix/ (the platform's results bucket, for example).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Destination { get; set; } = "";

    /// <summary>GCHP: the period the input list (.gc-inputs) is made for, when the job runs other than the run directory
    /// says (Submit-GcBatchJob -SimulationStart/-SimulationEnd, -SegmentLength over a longer run).</summary>
    [Parameter]
    public DateTime? SimulationStart { get; set; }

    [Parameter]
    public DateTime? SimulationEnd { get; set; }

    /// <summary>Upload even when Test-GcRunDirectory finds errors.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var (path, destinationUri) = LocalAndS3(Path, Destination);
        try
        {
            var run = RunDirectoryReader.Read(GetUnresolvedProviderPathFromPSPath(path));
            if (SimulationStart is { } start) run.SimulationStart = start;
            if (SimulationEnd is { } end) run.SimulationEnd = end;
            if (run.SimulationEnd <= run.SimulationStart)
            {
                throw new GcException(ErrorIds.SimulationPeriodInvalid, GcErrorKind.InvalidArgument,
                    $"The period {run.SimulationStart:yyyy-MM-dd HH:mm} to {run.SimulationEnd:yyyy-MM-dd HH:mm} ends before it starts.",
                    "Give a -SimulationEnd after -SimulationStart.", path);
            }
            var destination = destinationUri.EndsWith('/') ? destinationUri : destinationUri + "/";
            RunDirectoryUploader.SplitS3(destination);
            var errors = RunDirectoryChecker.Check(run, new JobShape()).Where(i => i.Severity == "Error").ToList();
            if (errors.Count > 0 && !Force)
            {
                throw new GcException(ErrorIds.RunDirectoryHasErrors, GcErrorKind.InvalidData,
                    $"{run.Path} has {errors.Count} error(s): {string.Join(" ", errors.Select(e => $"{e.Setting}: {e.Problem}"))}",
                    "Fix them (Test-GcRunDirectory lists each with its fix), or add -Force to upload anyway.", path);
            }
            if (!ShouldProcess(destination, $"Upload the run directory {run.Path} (links not followed)")) return;
            // GCHP has no dry run: the entrypoint stages what ExtData.rc and HEMCO_Config.rc make it read, listed here.
            var inputs = run.Model == "GCHP" ? InputDataLister.GchpInputs(run, WriteWarning) : null;
            var context = Context;
            var uploader = new RunDirectoryUploader(Aws.ObjectStore(context));
            var activity = $"Uploading {run.Path} to {destination}";
            var upload = Run(ct => uploader.UploadAsync(run, destination, (done, total) => Bridge.Post(() =>
                WriteProgress(new ProgressRecord(1, activity, $"{done} of {total} file(s)") { PercentComplete = total == 0 ? 100 : 100 * done / total })), ct, inputs));
            WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
            WriteObject(upload);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, path);
        }
    }

    /// <summary>The run directory and the S3 destination, whichever position each was given in.</summary>
    internal static (string Path, string Destination) LocalAndS3(string path, string destination) =>
        IsS3(path) && !IsS3(destination) ? (destination, path) : (path, destination);

    private static bool IsS3(string value) => value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
}
