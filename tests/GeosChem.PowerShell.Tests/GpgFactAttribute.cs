namespace GeosChem.PowerShell.Tests;

/// <summary>A fact that needs gpg and bash: without them the test is reported as skipped, with the reason.</summary>
public sealed class GpgFactAttribute : FactAttribute
{
    public static readonly string? Path = new[] { "/usr/bin/gpg", "/usr/local/bin/gpg" }.FirstOrDefault(File.Exists);

    public GpgFactAttribute()
    {
        if (Path is null || !File.Exists("/bin/bash")) Skip = "gpg or bash is not installed (apt-get install gnupg): the builder's signature checks run real gpg.";
    }
}
