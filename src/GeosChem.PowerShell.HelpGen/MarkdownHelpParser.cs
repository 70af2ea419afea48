using System.Text;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.HelpGen;

/// <summary>Reads a cmdlet page in the platyPS v1 markdown schema: level-2 sections, level-3 items, fenced code blocks.</summary>
internal static partial class MarkdownHelpParser
{
    [GeneratedRegex(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")]
    private static partial Regex LinkLine();

    public static CommandDoc Parse(string markdown, string fileName)
    {
        var lines = StripFrontMatter(markdown.Replace("\r\n", "\n").Split('\n'));
        var doc = new CommandDoc();
        var sections = Split(lines, "## ");
        doc.Name = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
                   ?? throw new FormatException($"{fileName}: no '# Name' heading.");
        doc.Synopsis = Prose(Section(sections, "SYNOPSIS", fileName, required: true));
        doc.Description = Prose(Section(sections, "DESCRIPTION", fileName, required: true));
        foreach (var (title, body) in Split(Section(sections, "SYNTAX", fileName, required: true), "### "))
        {
            doc.Syntax.Add((title, string.Join("\n", CodeBlocks(body).Select(b => b.Code))));
        }
        foreach (var (title, body) in Split(Section(sections, "EXAMPLES", fileName, required: true), "### "))
        {
            var blocks = CodeBlocks(body);
            if (blocks.Count == 0) throw new FormatException($"{fileName}: example '{title}' has no code block.");
            doc.Examples.Add(new ExampleDoc(title, blocks[0].Code, Prose(blocks[0].After)));
        }
        foreach (var (title, body) in Split(Section(sections, "PARAMETERS", fileName, required: false), "### "))
        {
            if (title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
            var parameter = new ParameterDoc { Name = title.TrimStart('-').Trim() };
            var blocks = CodeBlocks(body);
            parameter.Description = Prose(blocks.Count > 0 ? blocks[0].Before : body);
            foreach (var line in blocks.FirstOrDefault(b => b.Language == "yaml")?.Code.Split('\n') ?? [])
            {
                var colon = line.IndexOf(':');
                if (colon > 0) parameter.Metadata[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            doc.Parameters.Add(parameter);
        }
        doc.Inputs.AddRange(Split(Section(sections, "INPUTS", fileName, required: false), "### ").Select(x => (x.Title, Prose(x.Body))));
        doc.Outputs.AddRange(Split(Section(sections, "OUTPUTS", fileName, required: false), "### ").Select(x => (x.Title, Prose(x.Body))));
        doc.Notes = Prose(Section(sections, "NOTES", fileName, required: false));
        foreach (var line in Section(sections, "RELATED LINKS", fileName, required: false))
        {
            var match = LinkLine().Match(line.Trim());
            if (match.Success) doc.Links.Add((match.Groups["text"].Value, match.Groups["uri"].Value));
        }
        return doc;
    }

    private static string[] StripFrontMatter(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return lines;
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        return end < 0 ? lines : lines[(end + 1)..];
    }

    private static List<string> Section(List<(string Title, List<string> Body)> sections, string name, string fileName, bool required)
    {
        var found = sections.FirstOrDefault(s => s.Title.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (found.Body is null && required) throw new FormatException($"{fileName}: section '## {name}' is missing.");
        return found.Body ?? [];
    }

    /// <summary>Splits lines at headings with the given prefix, ignoring headings inside code fences.</summary>
    private static List<(string Title, List<string> Body)> Split(IEnumerable<string> lines, string prefix)
    {
        var result = new List<(string, List<string>)>();
        List<string>? current = null;
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                current = [];
                result.Add((line[prefix.Length..].Trim(), current));
            }
            else
            {
                current?.Add(line);
            }
        }
        return result;
    }

    private sealed record CodeBlock(string Language, string Code, List<string> Before, List<string> After);

    private static List<CodeBlock> CodeBlocks(List<string> body)
    {
        var blocks = new List<CodeBlock>();
        var before = new List<string>();
        for (var i = 0; i < body.Count; i++)
        {
            var trimmed = body[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal)) { before.Add(body[i]); continue; }
            var language = trimmed[3..].Trim();
            var code = new StringBuilder();
            for (i++; i < body.Count && !body[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++) code.AppendLine(body[i]);
            var after = new List<string>();
            for (var j = i + 1; j < body.Count && !body[j].TrimStart().StartsWith("```", StringComparison.Ordinal); j++) after.Add(body[j]);
            blocks.Add(new CodeBlock(language, code.ToString().TrimEnd(), before, after));
            before = [];
        }
        return blocks;
    }

    /// <summary>Markdown prose to plain paragraphs: lines joined, blank lines kept as paragraph breaks, inline marks removed.</summary>
    public static string Prose(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (current.Length > 0) { paragraphs.Add(current.ToString()); current.Clear(); }
                continue;
            }
            if (line.StartsWith("- ", StringComparison.Ordinal) && current.Length > 0) { paragraphs.Add(current.ToString()); current.Clear(); }
            if (current.Length > 0) current.Append(' ');
            current.Append(line.Replace("`", "").Replace("**", ""));
        }
        if (current.Length > 0) paragraphs.Add(current.ToString());
        return string.Join("\n\n", paragraphs);
    }
}
