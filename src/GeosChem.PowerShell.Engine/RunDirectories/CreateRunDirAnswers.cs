using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>What a user asks New-GcRunDirectory for, in GEOS-Chem's own names.</summary>
internal sealed record RunDirectoryRequest(string Model, string Simulation, string? Option, string Resolution, string MetField, int Levels, string? Domain);

/// <summary>
/// The answers GEOS-Chem 14.7's createRunDir.sh expects on standard input, one per line, in the order it asks
/// (read from run/GCClassic/createRunDir.sh and run/GCHP/createRunDir.sh). The script loops forever on an answer it
/// does not accept, so every choice is checked here first and refused with the valid ones named.
/// GCHP's grid and cores are not asked: they are set afterwards in setCommonRunSettings.sh.
/// </summary>
internal static class CreateRunDirAnswers
{
    public static readonly string[] MetFields = ["MERRA2", "GEOSFP", "GEOSIT"];

    private static readonly Dictionary<string, string[]> Simulations = new()
    {
        ["GCClassic"] = ["fullchem", "aerosol", "carbon", "Hg", "POPs", "tagO3", "TransportTracers", "metals"],
        ["GCHP"] = ["fullchem", "TransportTracers", "carbon", "tagO3"],
    };

    /// <summary>fullchem options: menu number, and the sub-menu answer for the two that have one.</summary>
    private static readonly Dictionary<string, (int Menu, int? Sub)> FullchemOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["standard"] = (1, null), ["benchmark"] = (2, null), ["complexSOA"] = (3, 1), ["complexSOA_SVPOA"] = (3, 2),
        ["marinePOA"] = (4, null), ["aciduptake"] = (5, null), ["TOMAS15"] = (6, 1), ["TOMAS40"] = (6, 2), ["APM"] = (7, null), ["RRTMG"] = (8, null),
    };

    private static readonly string[] CarbonOptions = ["all", "CH4", "CO2", "CO", "OCS"];
    private static readonly string[] PopsOptions = ["BaP", "PHE", "PYR"];

    /// <summary>Classic resolutions offered for each met field, in menu order.</summary>
    private static string[] ClassicResolutions(string met, string simulation) => met switch
    {
        "GEOSFP" => ["4x5", "2x2.5", "0.5x0.625", "0.25x0.3125", "0.125x0.15625"],
        "GEOSIT" => simulation == "TransportTracers" ? ["4x5", "2x2.5", "0.5x0.625"] : ["4x5", "2x2.5"],
        _ => ["4x5", "2x2.5", "0.5x0.625"],
    };

    /// <summary>Nested domains offered for a resolution, in menu order (after 1 = global).</summary>
    private static string[] Domains(string resolution) => resolution switch
    {
        "0.5x0.625" => ["global", "AS", "EU", "NA"],
        "0.125x0.15625" => ["global", "AS", "EU", "NA", "SA", "AF"],
        "0.25x0.3125" => ["global", "AS", "EU", "NA", "SA", "AF", "ME", "OC", "RU"],
        _ => ["global"],
    };

    /// <summary>The lines to feed createRunDir.sh, with <paramref name="parent"/> as the folder it creates the run directory in.</summary>
    public static List<string> For(RunDirectoryRequest request, string parent)
    {
        var model = Pick("Model", request.Model, ["GCClassic", "GCHP"]);
        var simulations = Simulations[model];
        var simulation = Pick("Simulation", request.Simulation, simulations, $"{model} 14.7's createRunDir.sh offers");
        var answers = new List<string> { (Array.IndexOf(simulations, simulation) + 1).ToString() };
        AddOption(answers, simulation, request.Option);
        var metChoices = model == "GCHP" ? ["MERRA2"] : MetFields;
        var met = Pick("MetField", request.MetField.Replace("-", "").Replace("_", ""), metChoices,
            model == "GCHP" ? "New-GcRunDirectory makes GCHP run directories for" : "createRunDir.sh offers");
        answers.Add((Array.IndexOf(MetFields, met) + 1).ToString());
        if (met == "GEOSFP") answers.Add("y"); // acknowledges GEOS-FP's convection-scheme warning, as the script requires
        if (model == "GCClassic")
        {
            var resolutions = ClassicResolutions(met, simulation);
            var resolution = Pick("Resolution", RunDirectoryReader.ClassicResolution(request.Resolution.Replace(" ", "")), resolutions, $"createRunDir.sh offers {simulation} on {met}");
            answers.Add((Array.IndexOf(resolutions, resolution) + 1).ToString());
            var domains = met == "GEOSIT" && resolution == "0.5x0.625" ? ["global"] : Domains(resolution);
            if (domains.Length > 1)
            {
                var domain = Pick("Domain", request.Domain ?? "global", domains, $"createRunDir.sh offers at {resolution}");
                answers.Add((Array.IndexOf(domains, domain) + 1).ToString());
            }
            else if (request.Domain is { } d && !d.Equals("global", StringComparison.OrdinalIgnoreCase))
            {
                throw Refused("Domain", d, ["global"], $"createRunDir.sh offers at {resolution}");
            }
            answers.Add(request.Levels switch { 72 => "1", 47 => "2", _ => throw Refused("Levels", request.Levels.ToString(), ["72", "47"], $"createRunDir.sh offers on {met}") });
        }
        else if (request.Levels != 72)
        {
            throw Refused("Levels", request.Levels.ToString(), ["72"], "GCHP runs on");
        }
        answers.Add(parent);
        answers.Add("n"); // no git repository in the run directory
        if (simulation == "fullchem") answers.Add("n"); // no KPP-standalone box model
        return answers;
    }

    private static void AddOption(List<string> answers, string simulation, string? option)
    {
        switch (simulation)
        {
            case "fullchem":
                var name = Pick("Option", option ?? "standard", FullchemOptions.Keys.ToArray(), "createRunDir.sh offers for fullchem");
                var (menu, sub) = FullchemOptions[name];
                answers.Add(menu.ToString());
                if (sub is { } s) answers.Add(s.ToString());
                break;
            case "carbon":
                var carbon = Pick("Option", option ?? "all", CarbonOptions, "createRunDir.sh offers for carbon (advected species)");
                answers.Add((Array.IndexOf(CarbonOptions, carbon) + 1).ToString());
                break;
            case "POPs":
                var pops = Pick("Option", option ?? "BaP", PopsOptions, "createRunDir.sh offers for POPs");
                answers.Add((Array.IndexOf(PopsOptions, pops) + 1).ToString());
                break;
            default:
                if (option is not null && !option.Equals("standard", StringComparison.OrdinalIgnoreCase) && !option.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    throw new GcException(ErrorIds.RunDirectoryChoiceInvalid, GcErrorKind.InvalidArgument, $"createRunDir.sh offers no options for {simulation}.",
                        "Leave out -Option; only fullchem, carbon and POPs take one.", option);
                }
                break;
        }
    }

    private static string Pick(string parameter, string given, string[] valid, string? context = null) =>
        valid.FirstOrDefault(v => v.Equals(given.Trim(), StringComparison.OrdinalIgnoreCase)) ?? throw Refused(parameter, given, valid, context);

    private static GcException Refused(string parameter, string given, string[] valid, string? context) =>
        new(ErrorIds.RunDirectoryChoiceInvalid, GcErrorKind.InvalidArgument,
            $"-{parameter} '{given}' is not a choice {context ?? "createRunDir.sh offers"}.",
            $"Valid -{parameter} values: {string.Join(", ", valid)}.", given);
}
