using System.Diagnostics;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// The input files a run reads. GCClassic: its own dry run decides (a log already in the run directory, a log file
/// given, or `gcclassic --dryrun` run in a scratch copy). GCHP, which has no dry run: the files ExtData.rc makes GCHP read
/// for the run's period (ExtDataInputs, with HEMCO_Config.rc deciding which HEMCO containers are read) and the initial
/// restart behind the Restarts/ link for the run's start and grid.
/// </summary>
internal static class InputDataLister
{
    /// <summary>A dry run takes about 10 s on an idle machine and minutes on a busy one.</summary>
    public static readonly TimeSpan DryRunTimeout = TimeSpan.FromMinutes(20);

    /// <param name="executable">A gcclassic build to dry-run with when the run directory holds no dry-run log.</param>
    /// <param name="warn">Receives what the list leaves out.</param>
    public static List<GcInputFile> List(string path, string? executable, Action<string> warn, CancellationToken ct)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return DryRunLog.Parse(File.ReadAllText(full), DryRunLog.ReadRestartMap(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, "download_data.yml")));
        }
        var run = RunDirectoryReader.Read(full);
        if (run.Model == "GCHP") return GchpInputs(run, warn);
        var restartMap = DryRunLog.ReadRestartMap(System.IO.Path.Combine(full, "download_data.yml"));
        var log = Directory.EnumerateFiles(full, "*dryrun*").Where(f => !f.EndsWith(".unique", StringComparison.Ordinal)).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        if (executable is null && log is not null)
        {
            return DryRunLog.Parse(File.ReadAllText(log), restartMap, run.Option);
        }
        if (executable is null)
        {
            throw new GcException(ErrorIds.DryRunNeeded, GcErrorKind.ObjectNotFound,
                $"{full} holds no dry-run log, and no {run.Executable} was given to make one.",
                $"Run './{run.Executable} --dryrun > log.dryrun' in the run directory, or give -Executable <path to {run.Executable}>.", path);
        }
        return DryRunLog.Parse(DryRun(full, executable, ct), restartMap, run.Option);
    }

    /// <summary>Runs `gcclassic --dryrun` in a scratch copy of the run directory (links are not followed) and returns its log.</summary>
    public static string DryRun(string runDirectory, string executable, CancellationToken ct)
    {
        if (!File.Exists(executable))
        {
            throw new GcException(ErrorIds.ExecutableNotFound, GcErrorKind.ObjectNotFound, $"There is no GEOS-Chem executable at '{executable}'.",
                "Give the path of a gcclassic build (GEOS-Chem Classic's bin/gcclassic).", executable);
        }
        var scratch = Directory.CreateTempSubdirectory("gc-dryrun-");
        try
        {
            RunDirectoryFiles.CopyWithoutLinks(runDirectory, scratch.FullName);
            var local = System.IO.Path.Combine(scratch.FullName, System.IO.Path.GetFileName(executable));
            File.Copy(executable, local, overwrite: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(local, File.GetUnixFileMode(local) | UnixFileMode.UserExecute);
            var info = new ProcessStartInfo(local, "--dryrun") { WorkingDirectory = scratch.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            using (ct.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            {
                if (!process.WaitForExit(DryRunTimeout))
                {
                    process.Kill(entireProcessTree: true);
                    throw new GcException(ErrorIds.DryRunTimedOut, GcErrorKind.OperationTimeout, $"'{executable} --dryrun' did not finish in {DryRunTimeout.TotalMinutes} minutes.", "Run it by hand to see where it stops.", executable);
                }
            }
            ct.ThrowIfCancellationRequested();
            var log = output.Result + errors.Result;
            if (process.ExitCode != 0 && !log.Contains("FILE NOT FOUND", StringComparison.Ordinal))
            {
                var tail = string.Join('\n', log.Split('\n').TakeLast(8));
                throw new GcException(ErrorIds.DryRunFailed, GcErrorKind.InvalidResult, $"'{System.IO.Path.GetFileName(executable)} --dryrun' exited with code {process.ExitCode}:\n{tail}",
                    "Check that the executable was built for this simulation and that the run directory is complete.", executable);
            }
            return log;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>A GCHP run's inputs for the run's period (SimulationStart to SimulationEnd, which a caller may set).</summary>
    public static List<GcInputFile> GchpInputs(GcRunDirectory run, Action<string> warn)
    {
        var hemco = HemcoImports.Read(File.ReadAllText(System.IO.Path.Combine(run.Path, "HEMCO_Config.rc")));
        var entries = ExtDataInputs.ReadEntries(File.ReadAllText(System.IO.Path.Combine(run.Path, "ExtData.rc")));
        var windows = ExtDataInputs.WindowsFor(entries, hemco, run.SimulationStart, run.SimulationEnd);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "ChemDir", "HcoDir", "MetDir" })
        {
            var target = new FileInfo(System.IO.Path.Combine(run.Path, name)).LinkTarget;
            if (target is not null) links[name] = target.TrimEnd('/');
        }
        var outside = new List<string>();
        var inputs = ExtDataInputs.AsInputs(windows.Keys, links, run.DataRoot, outside);
        foreach (var input in inputs)
        {
            if (windows[input.RunPath] is { } window) (input.ReadFrom, input.ReadUntil) = (window.First, window.Last);
        }
        if (outside.Count > 0)
        {
            var folders = outside.Select(p => p.Contains('/', StringComparison.Ordinal) ? p[..p.LastIndexOf('/')] : p).Distinct(StringComparer.Ordinal).ToList();
            warn($"{outside.Count} file(s) in {string.Join(", ", folders.Take(3))}{(folders.Count > 3 ? ", ..." : "")} are named by ExtData.rc outside the ChemDir/HcoDir/MetDir links: " +
                "not input data in s3://geos-chem (GCHP reads them only if a component imports them, such as files an earlier run wrote), so they are not listed.");
        }
        inputs.AddRange(GchpRestarts(run));
        return inputs.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }

    private static List<GcInputFile> GchpRestarts(GcRunDirectory run)
    {
        var name = $"GEOSChem.Restart.{run.SimulationStart:yyyyMMdd_HHmm}z.c{run.Resolution[1..]}.nc4";
        var local = System.IO.Path.Combine(run.Path, "Restarts", name);
        var target = File.Exists(local) || new FileInfo(local).LinkTarget is not null ? new FileInfo(local).LinkTarget : null;
        if (target is null || run.DataRoot.Length == 0 || !target.StartsWith(run.DataRoot + "/", StringComparison.Ordinal)) return [];
        var relative = target[(run.DataRoot.Length + 1)..];
        // read once, at the start: a later segment resumes from the restart the one before it ended with
        return [new GcInputFile { RelativePath = relative, S3Uri = $"{DryRunLog.PublicBucket}/{relative}", Kind = "InitialRestart", RunPath = $"./Restarts/{name}", ReadFrom = run.SimulationStart, ReadUntil = run.SimulationStart }];
    }
}
