namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// The HEMCO containers GCHP asks ExtData for, read from HEMCO_Config.rc the way HEMCO 3.x does under MAPL
/// (geoschem/HEMCO: Config_ReadFile and BracketCheck in src/Core/hco_config_mod.F90, HCO_SetServices in
/// src/Interfaces/MAPL_ESMF/hcoi_esmf_mod.F90): every container left after reading the file becomes an import named
/// after the container, unless it reads nothing from a file (its source variable is "-", or its file is "-" because it
/// shares the data of the container above it). Left out are base-emission lines of a disabled extension and every
/// line inside a "(((NAME ... )))NAME" collection that is off ("(((.not.NAME" inverts it; "A.or.B" is on when either is).
/// </summary>
internal sealed class HemcoImports
{
    /// <summary>Containers imported through ExtData (by container name).</summary>
    public HashSet<string> Imported { get; } = new(StringComparer.Ordinal);

    /// <summary>Every container name the file defines, imported or not.</summary>
    public HashSet<string> Defined { get; } = new(StringComparer.Ordinal);

    public static HemcoImports Read(string hemcoConfigText)
    {
        var result = new HemcoImports();
        var extensions = new Dictionary<string, (int Number, bool Enabled)>(StringComparer.Ordinal);
        var options = new Dictionary<string, bool>(StringComparer.Ordinal);
        var doEmissions = true;
        var section = "";
        var lastExtensionEnabled = false;
        var skipDepth = 0;
        var depth = 0;
        foreach (var raw in hemcoConfigText.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Contains("BEGIN SECTION", StringComparison.Ordinal)) { section = line; continue; }
            if (line.Contains("END SECTION", StringComparison.Ordinal)) { section = ""; continue; }
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;

            if (section.Contains("EXTENSION SWITCHES", StringComparison.Ordinal))
            {
                ReadSwitch(line, extensions, options, ref doEmissions, ref lastExtensionEnabled);
                continue;
            }
            var isData = section.Contains("BASE EMISSIONS", StringComparison.Ordinal) || section.Contains("SCALE FACTORS", StringComparison.Ordinal)
                || section.Contains("MASKS", StringComparison.Ordinal);
            if (!isData) continue;

            var trimmed = line.Trim();
            if (trimmed.StartsWith("(((", StringComparison.Ordinal))
            {
                depth++;
                if (skipDepth == 0 && !BracketIsOn(trimmed[3..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], extensions, options)) skipDepth = depth;
                continue;
            }
            if (trimmed.StartsWith(")))", StringComparison.Ordinal))
            {
                if (skipDepth == depth) skipDepth = 0;
                depth = Math.Max(0, depth - 1);
                continue;
            }
            var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 7) continue;
            var (name, file, variable) = (fields[1], fields[2], fields[3]);
            result.Defined.Add(name);
            if (skipDepth > 0) continue;
            var isBase = section.Contains("BASE EMISSIONS", StringComparison.Ordinal);
            if (isBase && !(int.TryParse(fields[0], out var extNr) && extensions.Values.Any(e => e.Number == extNr && e.Enabled))) continue;
            if (file != "-" && variable != "-") result.Imported.Add(name);
        }
        return result;
    }

    /// <summary>An extension line ("111 GFED : on NO/CO/...") or one of its options ("--> GFED4 : true").</summary>
    private static void ReadSwitch(string line, Dictionary<string, (int, bool)> extensions, Dictionary<string, bool> options, ref bool doEmissions, ref bool lastExtensionEnabled)
    {
        var text = line.Split('#')[0];
        if (text.Contains("-->", StringComparison.Ordinal))
        {
            var parts = text[(text.IndexOf("-->", StringComparison.Ordinal) + 3)..].Split(':', 2);
            if (parts.Length < 2) return;
            var name = parts[0].Trim();
            var value = parts[1].Trim().ToLowerInvariant();
            var on = value is "true" or ".true." or "t" or "on" or "yes";
            if (lastExtensionEnabled) options.TryAdd(name, on);
            if (name == "EMISSIONS") doEmissions = on;
            return;
        }
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3 || !int.TryParse(fields[0], out var number)) return;
        var switchIndex = fields[2] == ":" ? 3 : 2;
        if (fields.Length <= switchIndex) return;
        var enabled = fields[switchIndex].Equals("on", StringComparison.OrdinalIgnoreCase) && doEmissions;
        extensions.TryAdd(fields[1], (number, enabled));
        lastExtensionEnabled = extensions[fields[1]].Item2;
    }

    private static bool BracketIsOn(string bracket, Dictionary<string, (int Number, bool Enabled)> extensions, Dictionary<string, bool> options)
    {
        var inverse = bracket.StartsWith(".not.", StringComparison.Ordinal);
        var names = (inverse ? bracket[5..] : bracket).Split(".or.");
        var on = names.Any(n => options.TryGetValue(n, out var value)
            ? value
            : extensions.TryGetValue(n, out var ext) && ext.Enabled && ext.Number > 0);
        return inverse ? !on : on;
    }
}
