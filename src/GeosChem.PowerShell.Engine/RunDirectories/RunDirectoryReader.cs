using System.Globalization;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Reads a run directory made by GEOS-Chem's createRunDir.sh from the files the model itself reads: geoschem_config.yml
/// and HISTORY.rc (GCClassic); setCommonRunSettings.sh, cap_restart and GCHP.rc (GCHP). CreateRunDirLogs/rundir_vars.txt
/// is used only for what no model file records (the createRunDir.sh option and the nested domain's name).
/// </summary>
internal static class RunDirectoryReader
{
    private static readonly string[] ClassicFiles = ["geoschem_config.yml", "HEMCO_Config.rc", "HISTORY.rc"];
    private static readonly string[] GchpFiles = ["geoschem_config.yml", "HEMCO_Config.rc", "HISTORY.rc", "setCommonRunSettings.sh", "cap_restart", "GCHP.rc", "CAP.rc", "ExtData.rc"];

    /// <summary>The links GCHP's createRunDir.sh makes into the data root, and the data-root folder each points at.</summary>
    internal static readonly IReadOnlyDictionary<string, string> GchpDataLinks = new Dictionary<string, string>
    {
        ["ChemDir"] = "CHEM_INPUTS",
        ["HcoDir"] = "HEMCO",
    };

    public static GcRunDirectory Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new GcException(ErrorIds.RunDirectoryNotFound, GcErrorKind.ObjectNotFound, $"There is no folder '{full}'.",
                "Give the path of a run directory made by GEOS-Chem's createRunDir.sh, or make one with New-GcRunDirectory.", path);
        }
        var isGchp = File.Exists(System.IO.Path.Combine(full, "setCommonRunSettings.sh")) || File.Exists(System.IO.Path.Combine(full, "GCHP.rc"));
        if (!isGchp && !File.Exists(System.IO.Path.Combine(full, "geoschem_config.yml")))
        {
            throw new GcException(ErrorIds.NotARunDirectory, GcErrorKind.InvalidArgument,
                $"'{full}' is not a GEOS-Chem run directory: it has neither geoschem_config.yml (GCClassic) nor setCommonRunSettings.sh (GCHP).",
                "Give the folder createRunDir.sh made (not its parent or the source tree), or make one with New-GcRunDirectory.", path);
        }
        var missing = (isGchp ? GchpFiles : ClassicFiles).Where(f => !File.Exists(System.IO.Path.Combine(full, f))).ToList();
        if (missing.Count > 0)
        {
            throw Incomplete(full, $"it has no {string.Join(", ", missing)}", path);
        }
        var config = ConfigText.ReadYaml(File.ReadAllText(System.IO.Path.Combine(full, "geoschem_config.yml")));
        var createVars = ReadCreateVars(full);
        var result = new GcRunDirectory { Path = full, Model = isGchp ? "GCHP" : "GCClassic" };
        result.Simulation = CanonicalSimulation(result.Model, Get(config, "simulation.name") ?? throw Incomplete(full, "geoschem_config.yml has no simulation.name", path), path);
        result.Option = OptionOf(result.Simulation, createVars);
        result.MetField = Get(config, "simulation.met_field") ?? createVars.GetValueOrDefault("RUNDIR_MET") ?? "";
        result.Links = LinksIn(full);
        if (isGchp) ReadGchp(full, result, createVars, path);
        else ReadClassic(full, result, config, createVars, path);
        if (result.SimulationEnd <= result.SimulationStart)
        {
            throw Incomplete(full, $"its simulation ends ({result.SimulationEnd:yyyy-MM-dd HH:mm}) before it starts ({result.SimulationStart:yyyy-MM-dd HH:mm})", path);
        }
        result.SimulationDays = Math.Round((result.SimulationEnd - result.SimulationStart).TotalDays, 4);
        result.Executable = ExecutableFor(result.Model, result.Simulation);
        result.DataRootReferences = DataRootReferences(full, result.DataRoot);
        return result;
    }

    /// <summary>The build a simulation needs: GEOS-Chem compiles carbon and Hg as their own mechanisms (-DMECH=carbon, -DMECH=Hg).</summary>
    public static string ExecutableFor(string model, string simulation) => (model, simulation) switch
    {
        ("GCHP", "carbon") => "gchp-carbon",
        ("GCHP", _) => "gchp",
        (_, "carbon") => "gcclassic-carbon",
        (_, "Hg") => "gcclassic-hg",
        _ => "gcclassic",
    };

    private static void ReadClassic(string dir, GcRunDirectory result, Dictionary<string, string> config, Dictionary<string, string> createVars, string given)
    {
        result.SimulationStart = ConfigText.ParseGcTime(Get(config, "simulation.start_date")) ?? throw Incomplete(dir, "geoschem_config.yml has no readable simulation.start_date", given);
        result.SimulationEnd = ConfigText.ParseGcTime(Get(config, "simulation.end_date")) ?? throw Incomplete(dir, "geoschem_config.yml has no readable simulation.end_date", given);
        result.Resolution = ClassicResolution(Get(config, "grid.resolution") ?? throw Incomplete(dir, "geoschem_config.yml has no grid.resolution", given));
        result.Levels = int.TryParse(Get(config, "grid.number_of_levels"), out var levels) ? levels : 0;
        var nested = string.Equals(Get(config, "grid.nested_grid_simulation.activate"), "true", StringComparison.OrdinalIgnoreCase);
        result.Domain = nested ? createVars.GetValueOrDefault("RUNDIR_GRID_DOMAIN_NAME") ?? "nested" : "global";
        result.DataRoot = (Get(config, "simulation.root_data_dir") ?? "").TrimEnd('/');
        result.RestartFrequency = ConfigText.ReadResource(File.ReadAllText(System.IO.Path.Combine(dir, "HISTORY.rc")), "Restart.frequency") ?? "";
    }

    private static void ReadGchp(string dir, GcRunDirectory result, Dictionary<string, string> createVars, string given)
    {
        var settings = ConfigText.ReadShellAssignments(File.ReadAllText(System.IO.Path.Combine(dir, "setCommonRunSettings.sh")));
        var capRestart = File.ReadAllText(System.IO.Path.Combine(dir, "cap_restart")).Trim();
        result.SimulationStart = ConfigText.ParseGcTime(capRestart) ?? throw Incomplete(dir, $"cap_restart holds '{capRestart}', not 'YYYYMMDD hhmmss'", given);
        var duration = settings.GetValueOrDefault("Run_Duration");
        result.SimulationEnd = ConfigText.AddGcDuration(result.SimulationStart, duration)
            ?? throw Incomplete(dir, $"setCommonRunSettings.sh has Run_Duration=\"{duration}\", not \"YYYYMMDD hhmmss\"", given);
        var cells = Int(settings, "CS_RES") ?? throw Incomplete(dir, "setCommonRunSettings.sh has no CS_RES", given);
        result.Resolution = $"C{cells}";
        result.TotalCores = Int(settings, "TOTAL_CORES");
        result.NodeCount = Int(settings, "NUM_NODES");
        result.CoresPerNode = Int(settings, "NUM_CORES_PER_NODE");
        result.Levels = int.TryParse(ConfigText.ReadResource(File.ReadAllText(System.IO.Path.Combine(dir, "GCHP.rc")), "LM"), out var levels) ? levels : 0;
        result.RestartFrequency = string.Equals(settings.GetValueOrDefault("Midrun_Checkpoint"), "ON", StringComparison.OrdinalIgnoreCase)
            ? settings.GetValueOrDefault("Checkpoint_Freq") ?? "" : "End";
        var chemDir = new FileInfo(System.IO.Path.Combine(dir, "ChemDir")).LinkTarget;
        result.DataRoot = chemDir is not null && chemDir.TrimEnd('/').EndsWith("/CHEM_INPUTS", StringComparison.Ordinal)
            ? chemDir.TrimEnd('/')[..^"/CHEM_INPUTS".Length]
            : (createVars.GetValueOrDefault("RUNDIR_DATA_ROOT") ?? "").TrimEnd('/');
    }

    /// <summary>4.0x5.0 as GEOS-Chem writes it, 4x5 as GEOS-Chem names it elsewhere (and as the planner takes it).</summary>
    internal static string ClassicResolution(string value)
    {
        var parts = value.Split('x');
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var lat) || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var lon)) return value;
        return $"{lat.ToString("0.#####", CultureInfo.InvariantCulture)}x{lon.ToString("0.#####", CultureInfo.InvariantCulture)}";
    }

    private static string CanonicalSimulation(string model, string name, string given)
    {
        var spec = GeosChemDomain.Default.Models[model];
        var known = spec.Simulations.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
        return known ?? throw new GcException(ErrorIds.RunDirectorySimulationUnknown, GcErrorKind.InvalidData,
            $"The run directory's simulation '{name}' is not one {model} 14.7 runs.",
            $"{model} runs: {string.Join(", ", spec.Simulations)}. Make the run directory again with createRunDir.sh (New-GcRunDirectory).", given);
    }

    private static string? OptionOf(string simulation, Dictionary<string, string> createVars)
    {
        var option = createVars.GetValueOrDefault("RUNDIR_SIM_EXTRA_OPTION");
        if (option is null or "none") return simulation == "fullchem" ? "standard" : null;
        return option;
    }

    private static Dictionary<string, string> ReadCreateVars(string dir)
    {
        var file = System.IO.Path.Combine(dir, "CreateRunDirLogs", "rundir_vars.txt");
        return File.Exists(file) ? ConfigText.ReadShellAssignments(File.ReadAllText(file)) : [];
    }

    private static string[] LinksIn(string dir) =>
        RunDirectoryFiles.Scan(dir).Links.Select(l => $"{l.Path} -> {l.Target}").ToArray();

    /// <summary>Every "file: key" whose value starts with the data root, in the files the model reads (CreateRunDirLogs is a record only).</summary>
    private static string[] DataRootReferences(string dir, string root)
    {
        if (root.Length == 0) return [];
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(file);
            if (!(name.EndsWith(".yml", StringComparison.Ordinal) || name.Contains(".rc", StringComparison.Ordinal)) || new FileInfo(file).LinkTarget is not null) continue;
            foreach (var line in File.ReadLines(file))
            {
                var at = line.IndexOf(root, StringComparison.Ordinal);
                if (at < 0 || line.TrimStart().StartsWith('#')) continue;
                var rest = line.Length > at + root.Length ? line[at + root.Length] : '/';
                if (rest != '/' && !char.IsWhiteSpace(rest)) continue;
                var key = line[..at].Trim().TrimEnd(':').Trim();
                found.Add($"{name}: {(key.Length == 0 ? "(value)" : key.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])}");
            }
        }
        return found.Distinct().ToArray();
    }

    private static string? Get(Dictionary<string, string> config, string key) => config.GetValueOrDefault(key);

    private static int? Int(Dictionary<string, string> values, string key) =>
        int.TryParse(values.GetValueOrDefault(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static GcException Incomplete(string dir, string what, string given) =>
        new("GcRunDirectoryIncomplete", GcErrorKind.InvalidData, $"'{dir}' is not a complete run directory: {what}.",
            "Make the run directory again with createRunDir.sh (New-GcRunDirectory) and copy your changes into it; a half-copied folder cannot run.", given);
}
