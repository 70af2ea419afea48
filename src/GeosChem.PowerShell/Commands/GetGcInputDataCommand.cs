using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Lists the input files a run reads (from its GEOS-Chem dry run), each with its key in the public s3://geos-chem
/// bucket; with -Online, each object's size from that bucket (unsigned requests).
/// </summary>
[Cmdlet(VerbsCommon.Get, "GcInputData")]
[OutputType(typeof(GcInputFile))]
public sealed class GetGcInputDataCommand : GcCmdlet
{
    /// <summary>A run directory, or a dry-run log (the output of gcclassic --dryrun).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "RunDirectory")]
    public string Path { get; set; } = "";

    /// <summary>A gcclassic build to dry-run the run directory with when it holds no dry-run log.</summary>
    [Parameter]
    public string? Executable { get; set; }

    /// <summary>Look up each file's size in the public bucket.</summary>
    [Parameter]
    public SwitchParameter Online { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var executable = Executable is null ? null : GetUnresolvedProviderPathFromPSPath(Executable);
            var files = InputDataLister.List(GetUnresolvedProviderPathFromPSPath(Path), executable, WriteWarning, StopToken);
            if (Online)
            {
                using var sizes = new PublicBucketSizes(PublicBucketSizes.EndpointFrom(System.Environment.GetEnvironmentVariable));
                var progress = new ProgressRecord(1, "Get-GcInputData", $"Looking up the sizes of {files.Count} file(s) in s3://geos-chem");
                WriteProgress(progress);
                Run(ct => sizes.FillAsync(files, ct));
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                var missing = files.Count(f => f.SizeBytes is null);
                if (missing > 0) WriteWarning($"{missing} of {files.Count} file(s) are not in s3://geos-chem under the names the run reads.");
                WriteVerbose($"{files.Count} file(s), {files.Sum(f => f.SizeBytes ?? 0) / 1e9:0.00} GB to stage.");
            }
            foreach (var file in files) WriteObject(file);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, Path);
        }
    }
}
