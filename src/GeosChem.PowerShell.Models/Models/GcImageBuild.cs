namespace GeosChem.PowerShell.Models;

/// <summary>An image build on a short-lived EC2 builder. BuildId and Region bind by name to Wait-, Get- and Stop-GcImageBuild.</summary>
public sealed class GcImageBuild
{
    public string BuildId { get; set; } = "";
    /// <summary>The variant's tag (model-version-compiler-mpi-arch).</summary>
    public string Variant { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string InstanceState { get; set; } = "";
    /// <summary>Launching, Building, Succeeded, Failed, TimedOut, Cancelled, or Lost (the builder is gone and the outcome unknown).</summary>
    public string Status { get; set; } = "";
    public string? Step { get; set; }
    public string ImageUri { get; set; } = "";
    public string? ImageDigest { get; set; }
    public string? CommandId { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Where the full build output is kept (the SSM command's S3 output).</summary>
    public string LogLocation { get; set; } = "";
    public string Region { get; set; } = "";

    public bool IsFinished => ImageBuildStatus.IsFinished(Status);
}
