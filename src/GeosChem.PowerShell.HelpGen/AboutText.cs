namespace GeosChem.PowerShell.HelpGen;

/// <summary>Turns an about_*.md topic into the plain text Get-Help shows for about topics.</summary>
internal static class AboutText
{
    public static string From(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var output = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence) { output.Add("    " + line); continue; }
            if (line.StartsWith("# ", StringComparison.Ordinal)) output.Add("TOPIC\n    " + line[2..].Trim());
            else if (line.StartsWith("## ", StringComparison.Ordinal)) output.Add(line[3..].Trim().ToUpperInvariant());
            else if (line.StartsWith("### ", StringComparison.Ordinal)) output.Add("  " + line[4..].Trim());
            else output.Add(line.Length == 0 ? "" : "    " + line.Replace("`", "").Replace("**", ""));
        }
        return string.Join("\n", output).Trim() + "\n";
    }
}
