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

    /// <summary>The instances' root volume in GiB; without it, the configuration's compute.rootVolumeGiB (or the platform's default).</summary>
    [Parameter]
    [ValidateRange(30, 16_384)]
    public int? RootVolumeGiB { get; set; }

    /// <summary>The input's measured size in GB (10^9 bytes), e.g. from Get-GcInputData -Online; without it, the met fields' published size.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public double? InputGB { get; set; }

    /// <summary>The configuration file to read compute.rootVolumeGiB from (default: the per-user one).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    /// <summary>Returns only True (no errors) or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var run = RunDirectoryReader.Read(GetUnresolvedProviderPathFromPSPath(Path));
            var issues = RunDirectoryChecker.Check(run, new JobShape(InstanceType?.Trim().ToLowerInvariant(), NodeCount, CoresPerNode, Executable), Disk());
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

    private DiskShape Disk()
    {
        if (RootVolumeGiB is { } given) return new DiskShape(given, "-RootVolumeGiB", InputGB);
        var file = new ConfigurationFile(this, ConfigurationPath);
        if (File.Exists(file.Path)) return new DiskShape(file.LoadRequired().Compute.RootVolumeGiB, $"compute.rootVolumeGiB in {file.Path}", InputGB);
        return new DiskShape(new GcComputeSettings().RootVolumeGiB, "the platform's default: there is no configuration file", InputGB);
    }
}
