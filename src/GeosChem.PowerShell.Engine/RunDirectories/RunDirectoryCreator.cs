using System.Diagnostics;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Makes a run directory with the GEOS-Chem release's own createRunDir.sh, run locally with bash from a GEOS-Chem
/// source tree, answered on standard input (<see cref="CreateRunDirAnswers"/>). The script runs with a private HOME
/// whose ~/.geoschem/config sets GC_DATA_ROOT and GC_USER_REGISTERED=true, so it never asks for, or posts, anyone's
/// registration details. Afterwards the period (and for GCHP the grid and cores) are set in the files GEOS-Chem reads.
/// </summary>
internal static partial class RunDirectoryCreator
{
    public static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The folder holding createRunDir.sh for the model, in a science-codebase tree or a GCClassic/GCHP wrapper tree.</summary>
    public static string ScriptFolder(string sourcePath, string model)
    {
        string[] candidates =
        [
            Path.Combine(sourcePath, "run", model),
            Path.Combine(sourcePath, "src", "GEOS-Chem", "run", model),
            Path.Combine(sourcePath, "src", "GCHP_GridComp", "GEOSChem_GridComp", "geos-chem", "run", model),
        ];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "createRunDir.sh")))
            ?? throw new GcException(ErrorIds.CreateRunDirNotFound, GcErrorKind.ObjectNotFound,
                $"There is no run/{model}/createRunDir.sh under '{sourcePath}'.",
                "Give -SourcePath the GEOS-Chem source you downloaded (the geos-chem science codebase, or a GCClassic/GCHP clone with its submodules).", sourcePath);
    }

    public static GcRunDirectory Create(RunDirectoryRequest request, string sourcePath, string destination, string dataRoot,
        DateTime? start, DateTime? end, (int Nodes, int CoresPerNode)? cores, CancellationToken ct)
    {
        var answers = CreateRunDirAnswers.For(request, Path.GetDirectoryName(destination)!);
        if (Directory.Exists(destination) || File.Exists(destination))
        {
            throw new GcException(ErrorIds.RunDirectoryExists, GcErrorKind.ResourceExists, $"'{destination}' already exists.", "Choose a new -Path; a run directory is never made over another.", destination);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var script = ScriptFolder(sourcePath, request.Model);
        var home = Directory.CreateTempSubdirectory("gc-createrundir-home-");
        try
        {
            Directory.CreateDirectory(Path.Combine(home.FullName, ".geoschem"));
            File.WriteAllText(Path.Combine(home.FullName, ".geoschem", "config"), $"export GC_DATA_ROOT={dataRoot}\nexport GC_USER_REGISTERED=true\n");
            var transcript = RunScript(script, Path.GetFileName(destination), answers, home.FullName, ct);
            if (!File.Exists(Path.Combine(destination, "geoschem_config.yml")))
            {
                throw new GcException(ErrorIds.CreateRunDirFailed, GcErrorKind.InvalidResult, $"createRunDir.sh did not make '{destination}':\n{Tail(transcript)}",
                    "Check the GEOS-Chem source tree is complete (its run/shared folder included).", destination);
            }
            File.WriteAllText(Path.Combine(destination, "CreateRunDirLogs", "createRunDir.transcript.txt"), transcript);
        }
        finally
        {
            home.Delete(recursive: true);
        }
        var made = RunDirectoryReader.Read(destination);
        if (request.Model == "GCHP") SetGchp(destination, request.Resolution, cores);
        if (start is not null || end is not null) SetPeriod(made, start ?? made.SimulationStart, end ?? made.SimulationEnd);
        return RunDirectoryReader.Read(destination);
    }

    private static string RunScript(string folder, string name, List<string> answers, string home, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("createRunDir.sh");
        info.ArgumentList.Add(name);
        info.Environment["HOME"] = home;
        info.Environment.Remove("GC_DATA_ROOT");
        info.Environment.Remove("GC_USER_REGISTERED");
        using var process = Process.Start(info) ?? throw new GcException(ErrorIds.BashNotFound, GcErrorKind.ResourceUnavailable, "bash could not be started.", "Install bash (on Windows, run from WSL or Git Bash).");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        foreach (var line in answers) process.StandardInput.WriteLine(line);
        process.StandardInput.Close();
        using (ct.Register(() => Kill(process)))
        {
            if (!process.WaitForExit(ScriptTimeout))
            {
                Kill(process);
                throw new GcException(ErrorIds.CreateRunDirTimedOut, GcErrorKind.OperationTimeout,
                    $"createRunDir.sh did not finish in {ScriptTimeout.TotalMinutes} minutes (it asked something New-GcRunDirectory did not answer):\n{Tail(output.Result)}",
                    "Run createRunDir.sh by hand once to see the question, and report it.");
            }
        }
        ct.ThrowIfCancellationRequested();
        return output.Result + errors.Result;
    }

    /// <summary>Writes the period where GEOS-Chem reads it: geoschem_config.yml (GCClassic); cap_restart and Run_Duration (GCHP).</summary>
    internal static void SetPeriod(GcRunDirectory run, DateTime start, DateTime end)
    {
        if (end <= start)
        {
            throw new GcException(ErrorIds.SimulationPeriodInvalid, GcErrorKind.InvalidArgument, $"The simulation ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", "Give -SimulationEnd after -SimulationStart.");
        }
        if (run.Model == "GCClassic")
        {
            var file = Path.Combine(run.Path, "geoschem_config.yml");
            var text = File.ReadAllText(file);
            text = StartDate().Replace(text, m => $"{m.Groups[1].Value}[{start:yyyyMMdd}, {start:HHmmss}]", 1);
            text = EndDate().Replace(text, m => $"{m.Groups[1].Value}[{end:yyyyMMdd}, {end:HHmmss}]", 1);
            File.WriteAllText(file, text);
            return;
        }
        File.WriteAllText(Path.Combine(run.Path, "cap_restart"), $"{start:yyyyMMdd HHmmss}\n");
        ReplaceSetting(run.Path, "Run_Duration", $"\"{GcDuration.Between(start, end)}\"");
    }

    private static void SetGchp(string dir, string resolution, (int Nodes, int CoresPerNode)? cores)
    {
        var match = CubedSphere().Match(resolution.Trim());
        if (!match.Success)
        {
            throw new GcException(ErrorIds.RunDirectoryChoiceInvalid, GcErrorKind.InvalidArgument, $"-Resolution '{resolution}' is not a GCHP cubed-sphere grid.", "Give C24, C30, C48, C90, C180 or C360.", resolution);
        }
        ReplaceSetting(dir, "CS_RES", match.Groups[1].Value);
        if (cores is { } c)
        {
            ReplaceSetting(dir, "TOTAL_CORES", (c.Nodes * c.CoresPerNode).ToString());
            ReplaceSetting(dir, "NUM_NODES", c.Nodes.ToString());
            ReplaceSetting(dir, "NUM_CORES_PER_NODE", c.CoresPerNode.ToString());
        }
    }

    private static void ReplaceSetting(string dir, string name, string value)
    {
        var file = Path.Combine(dir, "setCommonRunSettings.sh");
        var text = File.ReadAllText(file);
        File.WriteAllText(file, new Regex($"^{name}=.*$", RegexOptions.Multiline).Replace(text, $"{name}={value}", 1));
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(12));

    [GeneratedRegex(@"^(\s*start_date:\s*)\[[^\]]*\]", RegexOptions.Multiline)]
    private static partial Regex StartDate();

    [GeneratedRegex(@"^(\s*end_date:\s*)\[[^\]]*\]", RegexOptions.Multiline)]
    private static partial Regex EndDate();

    [GeneratedRegex(@"^[Cc](\d+)$")]
    private static partial Regex CubedSphere();
}

/// <summary>GEOS-Chem/MAPL durations, "YYYYMMDD hhmmss": calendar years, months and days, then hours, minutes, seconds.</summary>
internal static class GcDuration
{
    public static string Between(DateTime from, DateTime to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (from.AddMonths(months) > to) months--;
        var afterMonths = from.AddMonths(months);
        var days = (int)Math.Floor((to - afterMonths).TotalDays);
        var rest = to - afterMonths.AddDays(days);
        return $"{months / 12:0000}{months % 12:00}{days:00} {(int)rest.TotalHours:00}{rest.Minutes:00}{rest.Seconds:00}";
    }
}
