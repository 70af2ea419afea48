using System.Diagnostics;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>
/// GEOS-Chem's own material in ../shared/geoschem (run directories made by createRunDir.sh, its run/ folder, a dry-run
/// log) and the compiled gcclassic named by GC_GCCLASSIC_DIR. Tests extract the run directory tarballs (which keep the
/// links and empty folders exactly as createRunDir.sh made them) into a scratch folder.
/// </summary>
internal static class SharedGeosChem
{
    public static readonly string RepoRoot = FindRepo();
    public static readonly string Root = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "geoschem"));
    public static string RunDirs => Path.Combine(Root, "rundirs");
    public static string Source => Path.Combine(Root, "geos-chem-14.7.0");
    public static string DryRunLog => Path.Combine(Root, "dryruns", "gc_4x5_merra2_fullchem.log.dryrun");
    public static bool Present => File.Exists(Path.Combine(RunDirs, "gc_4x5_merra2_fullchem.tar.gz"));
    public const string AbsentReason = "../shared/geoschem (GEOS-Chem's real run directories) is absent on this machine";

    public static string? GcClassicDir => Environment.GetEnvironmentVariable("GC_GCCLASSIC_DIR") is { Length: > 0 } dir ? dir : null;
    public const string NoBinaryReason = "GC_GCCLASSIC_DIR is not set: build the real binaries with './build.ps1 -Task GeosChem' (or point GC_GCCLASSIC_DIR at a folder holding gcclassic)";

    /// <summary>Extracts rundirs/&lt;name&gt;.tar.gz into a new scratch folder and returns the run directory's path.</summary>
    public static string Extract(string name)
    {
        var scratch = Directory.CreateTempSubdirectory("gc-rundir-test-").FullName;
        // The system tar, not System.Formats.Tar: .NET refuses links to absolute targets, and these links are the point.
        var info = new ProcessStartInfo("tar") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-xzf", Path.Combine(RunDirs, name + ".tar.gz"), "-C", scratch }) info.ArgumentList.Add(arg);
        using var tar = Process.Start(info)!;
        var errors = tar.StandardError.ReadToEnd();
        tar.WaitForExit();
        if (tar.ExitCode != 0) throw new InvalidOperationException($"tar could not extract {name}.tar.gz: {errors}");
        return Path.Combine(scratch, name);
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}

/// <summary>A fact that needs ../shared/geoschem; skipped, saying why, where it is absent.</summary>
public sealed class SharedGeosChemFactAttribute : FactAttribute
{
    public SharedGeosChemFactAttribute()
    {
        if (!SharedGeosChem.Present) Skip = SharedGeosChem.AbsentReason;
    }
}

/// <summary>A fact that needs the real gcclassic (GC_GCCLASSIC_DIR) as well as ../shared/geoschem.</summary>
public sealed class GcClassicFactAttribute : FactAttribute
{
    public GcClassicFactAttribute()
    {
        if (!SharedGeosChem.Present) Skip = SharedGeosChem.AbsentReason;
        else if (SharedGeosChem.GcClassicDir is null) Skip = SharedGeosChem.NoBinaryReason;
    }
}
