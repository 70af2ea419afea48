using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Makes a run directory with the GEOS-Chem release's own createRunDir.sh (from a GEOS-Chem source tree on this
/// machine, run with bash), answered non-interactively; never registers anyone with GEOS-Chem's registration service.
/// </summary>
[Cmdlet(VerbsCommon.New, "GcRunDirectory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GcRunDirectory))]
public sealed class NewGcRunDirectoryCommand : GcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string Model { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SimulationCompleter))]
    public string Simulation { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(OptionCompleter))]
    public string? Option { get; set; }

    /// <summary>GCClassic: 4x5, 2x2.5, 0.5x0.625, ...; GCHP: C24, C48, ... (written to CS_RES).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ResolutionCompleter))]
    public string Resolution { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(MetFieldCompleter))]
    public string MetField { get; set; } = "MERRA2";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int Levels { get; set; } = 72;

    /// <summary>A nested domain at 0.5x0.625 and finer (AS, EU, NA, ...); global by default.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Domain { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTime? SimulationStart { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTime? SimulationEnd { get; set; }

    /// <summary>GCHP: nodes and ranks per node written to setCommonRunSettings.sh.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 1000)]
    public int? NodeCount { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 1024)]
    public int? CoresPerNode { get; set; }

    /// <summary>The run directory to make (its parent is created if needed; it must not exist).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = "";

    /// <summary>The GEOS-Chem source whose createRunDir.sh to use; default: $env:GC_SOURCE_DIR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SourcePath { get; set; }

    /// <summary>The data root written into the run directory (the job rewrites it to its own); default /ExtData.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string DataRoot { get; set; } = "/ExtData";

    protected override void ProcessRecord()
    {
        try
        {
            var source = SourcePath ?? System.Environment.GetEnvironmentVariable("GC_SOURCE_DIR")
                ?? throw new GcException(ErrorIds.SourcePathMissing, GcErrorKind.InvalidArgument, "No GEOS-Chem source tree was given.",
                    "Give -SourcePath (a GEOS-Chem release you downloaded, e.g. a clone of geoschem/GCClassic with submodules) or set $env:GC_SOURCE_DIR.");
            var destination = GetUnresolvedProviderPathFromPSPath(Path);
            var request = new RunDirectoryRequest(Model, Simulation, Option, Resolution, MetField, Levels, Domain);
            CreateRunDirAnswers.For(request, System.IO.Path.GetDirectoryName(destination)!); // refuse bad choices before asking anything
            if (SimulationStart is { } s && SimulationEnd is { } e && e <= s)
            {
                throw new GcException(ErrorIds.SimulationPeriodInvalid, GcErrorKind.InvalidArgument, $"-SimulationEnd {e:yyyy-MM-dd} is not after -SimulationStart {s:yyyy-MM-dd}.", "Give an end after the start.");
            }
            if (!ShouldProcess(destination, $"Create a {Model} {Simulation} run directory with createRunDir.sh")) return;
            (int, int)? cores = NodeCount is not null || CoresPerNode is not null ? (NodeCount ?? 1, CoresPerNode ?? 48) : null;
            var made = Run(ct => Task.Run(() => RunDirectoryCreator.Create(request, GetUnresolvedProviderPathFromPSPath(source), destination, DataRoot,
                SimulationStart is { } start ? DateTime.SpecifyKind(start, DateTimeKind.Utc) : null,
                SimulationEnd is { } end ? DateTime.SpecifyKind(end, DateTimeKind.Utc) : null, cores, ct), ct));
            WriteObject(made);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, Path);
        }
    }
}
