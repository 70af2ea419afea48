using GeosChem.PowerShell.HelpGen;

// Usage: GeosChem.PowerShell.HelpGen <docs/en-US> <output/en-US>
// Writes GeosChem.PowerShell.dll-Help.xml from every cmdlet page, and about_*.help.txt from every about_*.md.
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: GeosChem.PowerShell.HelpGen <markdown folder> <output folder>");
    return 2;
}
var (source, target) = (args[0], args[1]);
Directory.CreateDirectory(target);
var commands = new List<CommandDoc>();
var failures = 0;
foreach (var file in Directory.GetFiles(source, "*-*.md").Order(StringComparer.Ordinal))
{
    try
    {
        commands.Add(MarkdownHelpParser.Parse(File.ReadAllText(file), Path.GetFileName(file)));
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        failures++;
    }
}
if (failures > 0) return 1;
MamlWriter.Write(commands).Save(Path.Combine(target, "GeosChem.PowerShell.dll-Help.xml"));
foreach (var about in Directory.GetFiles(source, "about_*.md"))
{
    File.WriteAllText(Path.Combine(target, Path.GetFileNameWithoutExtension(about) + ".help.txt"), AboutText.From(File.ReadAllText(about)));
}
Console.WriteLine($"Help: {commands.Count} cmdlet page(s) -> {target}");
return 0;
