using System.Xml.Linq;

namespace GeosChem.PowerShell.HelpGen;

/// <summary>Writes command help as MAML, the XML that Get-Help reads from &lt;Assembly&gt;.dll-Help.xml.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CommandDoc> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                commands.Select(CommandElement)));

    private static XElement CommandElement(CommandDoc doc) =>
        new(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                new XElement(Command + "verb", doc.Verb),
                new XElement(Command + "noun", doc.Noun),
                new XElement(Maml + "description", Paragraphs(doc.Synopsis))),
            new XElement(Maml + "description", Paragraphs(doc.Description)),
            new XElement(Command + "syntax", doc.Syntax.Select(s => SyntaxItem(doc, s.SetName))),
            new XElement(Command + "parameters", doc.Parameters.Select(p => ParameterElement(p))),
            new XElement(Command + "inputTypes", doc.Inputs.Select(i => TypeElement(Command + "inputType", i.Type, i.Text))),
            new XElement(Command + "returnValues", doc.Outputs.Select(o => TypeElement(Command + "returnValue", o.Type, o.Text))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(doc.Notes))),
            new XElement(Command + "examples", doc.Examples.Select((e, i) =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"--------- {e.Title} ---------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paragraphs(e.Remarks))))),
            new XElement(Command + "relatedLinks", doc.Links.Select(l =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));

    private static XElement SyntaxItem(CommandDoc doc, string setName)
    {
        var setKey = setName.Replace("(Default)", "").Trim();
        var members = doc.Parameters.Where(p =>
        {
            var sets = p.Get("Parameter Sets", "(All)");
            return sets.Contains("(All)", StringComparison.OrdinalIgnoreCase) || sets.Split(',').Any(s => s.Trim().Equals(setKey, StringComparison.OrdinalIgnoreCase));
        });
        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", doc.Name),
            members.Select(p => ParameterElement(p)));
    }

    private static XElement ParameterElement(ParameterDoc p)
    {
        var type = p.Get("Type", "String");
        var isSwitch = type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        var pipeline = p.Get("Accept pipeline input", "False");
        return new XElement(Command + "parameter",
            new XAttribute("required", Bool(p.Get("Required", "False"))),
            new XAttribute("variableLength", type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", Bool(p.Get("Accept wildcard characters", "False"))),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", p.Get("Position", "Named").ToLowerInvariant() == "named" ? "named" : p.Get("Position")),
            new XAttribute("aliases", p.Get("Aliases", "None")),
            new XElement(Maml + "name", p.Name),
            new XElement(Maml + "description", Paragraphs(p.Description)),
            isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type),
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", p.Get("Default value", "None")));
    }

    private static XElement TypeElement(XName name, string type, string text) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Maml + "description", Paragraphs(text)));

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => new XElement(Maml + "para", p));

    private static string Bool(string value) => value.StartsWith("true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";
}
