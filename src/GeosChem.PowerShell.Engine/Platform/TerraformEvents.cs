using System.Text.Json;

namespace GeosChem.PowerShell.Platform;

/// <summary>One line of terraform's machine-readable (-json) output that matters here.</summary>
internal sealed record TerraformEvent(string Type, string Message, string? Address, string? Action, int Add, int Change, int Remove, string? Level);

/// <summary>Reads terraform's -json lines (the documented machine-readable UI: planned_change, apply_start, apply_complete, apply_errored, change_summary, diagnostic).</summary>
internal static class TerraformEvents
{
    public static TerraformEvent? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var type = Str(root, "type") ?? "";
            var message = Str(root, "@message") ?? "";
            var level = Str(root, "@level");
            string? address = null, action = null;
            foreach (var holder in new[] { "change", "hook" })
            {
                if (root.TryGetProperty(holder, out var h))
                {
                    if (h.TryGetProperty("resource", out var resource)) address = Str(resource, "addr");
                    action = Str(h, "action");
                }
            }
            int add = 0, change = 0, remove = 0;
            if (root.TryGetProperty("changes", out var changes))
            {
                add = Int(changes, "add");
                change = Int(changes, "change");
                remove = Int(changes, "remove");
            }
            if (type == "diagnostic" && root.TryGetProperty("diagnostic", out var diagnostic))
            {
                message = $"{Str(diagnostic, "summary")}: {Str(diagnostic, "detail")}";
                level = Str(diagnostic, "severity") ?? level;
            }
            return new TerraformEvent(type, message, address, action, add, change, remove, level);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
