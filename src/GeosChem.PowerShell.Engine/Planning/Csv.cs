using System.Text;

namespace GeosChem.PowerShell.Planning;

/// <summary>A small RFC 4180 reader for the module's data files: header row, comma separated, quotes allowed.</summary>
internal static class Csv
{
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(string text)
    {
        using var reader = new StringReader(text);
        var header = ParseLine(reader.ReadLine() ?? throw new FormatException("The CSV file is empty."));
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = ParseLine(line);
            if (fields.Count != header.Count)
            {
                throw new FormatException($"CSV line {lineNumber} has {fields.Count} fields; the header has {header.Count}.");
            }
            var row = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++) row[header[i]] = fields[i];
            yield return row;
        }
    }

    private static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}

/// <summary>Writes CSV the way <see cref="Csv"/> reads it: a field with a comma, quote or line break is quoted.</summary>
internal static class CsvWriter
{
    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
