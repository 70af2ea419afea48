namespace GeosChem.PowerShell.HelpGen;

/// <summary>One cmdlet's help as written in docs/en-US/&lt;Verb&gt;-&lt;Noun&gt;.md (platyPS v1 schema).</summary>
internal sealed class CommandDoc
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<(string SetName, string Syntax)> Syntax { get; } = [];
    public string Description { get; set; } = "";
    public List<ExampleDoc> Examples { get; } = [];
    public List<ParameterDoc> Parameters { get; } = [];
    public List<(string Type, string Text)> Inputs { get; } = [];
    public List<(string Type, string Text)> Outputs { get; } = [];
    public string Notes { get; set; } = "";
    public List<(string Text, string Uri)> Links { get; } = [];
    public string Verb => Name.Split('-')[0];
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : "";
}

internal sealed record ExampleDoc(string Title, string Code, string Remarks);

internal sealed class ParameterDoc
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string Get(string key, string fallback = "") => Metadata.TryGetValue(key, out var v) ? v : fallback;
}
