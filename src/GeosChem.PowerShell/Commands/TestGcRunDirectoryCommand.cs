using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Checks a local run directory, and running it as a given job, for what would make the run fail or lose work; writes
/// one issue per problem. Job values bind by name from a GcJobDefinition (InstanceType, NodeCount, VCpus).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "GcRunDirectory")]
[OutputType(typeof(GcRunDirectoryIssue), typeof(bool))]
public sealed class TestGcRunDirectoryCommand : GcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "RunDirectory")]
    public string Path { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string? InstanceType { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 1000)]
    public int? NodeCount { get; set; }

    /// <summary>MPI ranks per node (GCHP); a job definition's VCpus binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VCpus")]
    [ValidateRange(1, 1024)]
    public int? CoresPerNode { get; set; }

    /// <summary>The executable the job would run, when not the one the entrypoint picks from the simulation.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ExecutableCompleter))]
    public string? Executable { get; set; }

    /// <summary>Returns only True (no errors) or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var run = RunDirectoryReader.Read(GetUnresolvedProviderPathFromPSPath(Path));
            var issues = RunDirectoryChecker.Check(run, new JobShape(InstanceType?.Trim().ToLowerInvariant(), NodeCount, CoresPerNode, Executable));
            if (Quiet)
            {
                WriteObject(issues.All(i => i.Severity != "Error"));
                return;
            }
            foreach (var issue in issues) WriteObject(issue);
        }
        catch (GcException ex)
        {
            if (Quiet) WriteObject(false);
            WriteItemError(ex, Path);
        }
    }
}
