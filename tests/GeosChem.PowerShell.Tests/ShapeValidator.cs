using System.Text.Json;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Checks a JSON document against a shape of a botocore service model: required members present, no unknown members,
/// types right, enum values valid, numeric bounds and string lengths kept. Timestamps must be epoch seconds (json protocols).
/// </summary>
public sealed class ShapeValidator
{
    private readonly JsonElement _shapes;
    private readonly JsonDocument _model;

    private ShapeValidator(JsonDocument model)
    {
        _model = model;
        _shapes = model.RootElement.GetProperty("shapes");
    }

    public static ShapeValidator ForService(string folder) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "aws-models", folder, "service-2.json"))));

    public string InputShapeOf(string operation) => Operation(operation).GetProperty("input").GetProperty("shape").GetString()!;

    public string? OutputShapeOf(string operation) =>
        Operation(operation).TryGetProperty("output", out var o) ? o.GetProperty("shape").GetString() : null;

    public IReadOnlyList<string> ErrorShapesOf(string operation) =>
        Operation(operation).TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("shape").GetString()!).ToList() : [];

    private JsonElement Operation(string name) => _model.RootElement.GetProperty("operations").GetProperty(name);

    public List<string> Validate(string json, string shapeName)
    {
        var problems = new List<string>();
        using var doc = JsonDocument.Parse(json);
        Check(doc.RootElement, shapeName, "$", problems);
        return problems;
    }

    private void Check(JsonElement value, string shapeName, string path, List<string> problems, bool caseInsensitive = false)
    {
        var shape = _shapes.GetProperty(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: expected an object for {shapeName}"); return; }
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name == "__type" || property.Name == "message") continue; // error envelope
                    if (!members.TryGetProperty(property.Name, out var member)) { problems.Add($"{path}.{property.Name}: not a member of {shapeName}"); continue; }
                    // A member the model documents as case-insensitive (EvaluateOnExit.action: "The values aren't case sensitive")
                    // may come back in another case than its enum lists: AWS Batch answers "retry" for "RETRY".
                    var insensitive = member.TryGetProperty("documentation", out var doc)
                        && (doc.GetString()!.Contains("aren't case sensitive", StringComparison.Ordinal) || doc.GetString()!.Contains("not case sensitive", StringComparison.Ordinal));
                    Check(property.Value, member.GetProperty("shape").GetString()!, $"{path}.{property.Name}", problems, insensitive);
                }
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _)) problems.Add($"{path}: required member {name} of {shapeName} is missing");
                    }
                }
                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array) { problems.Add($"{path}: expected an array for {shapeName}"); return; }
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var i = 0;
                foreach (var item in value.EnumerateArray()) Check(item, itemShape, $"{path}[{i++}]", problems);
                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: expected an object (map) for {shapeName}"); return; }
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject()) Check(entry.Value, valueShape, $"{path}.{entry.Name}", problems);
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) { problems.Add($"{path}: expected a string for {shapeName}"); return; }
                var text = value.GetString()!;
                if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => string.Equals(v.GetString(), text, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)))
                    problems.Add($"{path}: '{text}' is not a value of enum {shapeName}");
                if (shape.TryGetProperty("min", out var minLength) && text.Length < minLength.GetInt32()) problems.Add($"{path}: shorter than {minLength} ({shapeName})");
                if (shape.TryGetProperty("max", out var maxLength) && text.Length > maxLength.GetInt64()) problems.Add($"{path}: longer than {maxLength} ({shapeName})");
                break;
            case "integer" or "long" or "double" or "float":
                if (value.ValueKind != JsonValueKind.Number) { problems.Add($"{path}: expected a number for {shapeName}"); return; }
                if (type is "integer" or "long" && !value.TryGetInt64(out _)) problems.Add($"{path}: expected a whole number for {shapeName}");
                var number = value.GetDouble();
                if (shape.TryGetProperty("min", out var min) && number < min.GetDouble()) problems.Add($"{path}: {number} below minimum {min} ({shapeName})");
                if (shape.TryGetProperty("max", out var max) && number > max.GetDouble()) problems.Add($"{path}: {number} above maximum {max} ({shapeName})");
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) problems.Add($"{path}: expected a boolean for {shapeName}");
                break;
            case "timestamp":
                if (value.ValueKind != JsonValueKind.Number) problems.Add($"{path}: expected epoch seconds for {shapeName}");
                break;
            default:
                problems.Add($"{path}: shape type '{type}' of {shapeName} is not handled by the validator");
                break;
        }
    }
}
