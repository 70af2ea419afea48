using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Configuration;

/// <summary>
/// Reads and writes config.json. The file is found by -ConfigurationPath, else GC_CONFIG_FILE, else config.json in
/// GC_CONFIG_DIR, else the platform's per-user folder. Writes go to a temporary file that is then renamed over the old
/// one, so a crash never leaves half a file. Unknown keys and bad JSON are errors that name the file and the line.
/// </summary>
internal static class ConfigurationStore
{
    public const string FileName = "config.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string Folder(IEnvironment environment)
    {
        if (environment.Get("GC_CONFIG_DIR") is { Length: > 0 } dir) return dir;
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "GeosChem.PowerShell");
        var config = environment.Get("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(environment.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "geoschem-powershell");
    }

    public static string PathFor(string? explicitPath, IEnvironment environment) =>
        Path.GetFullPath(explicitPath is { Length: > 0 } p ? p
            : environment.Get("GC_CONFIG_FILE") is { Length: > 0 } f ? f
            : Path.Combine(Folder(environment), FileName));

    /// <summary>The configuration at the path, or null when there is no file.</summary>
    public static GcConfiguration? Load(string path)
    {
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        try
        {
            var configuration = JsonSerializer.Deserialize<GcConfiguration>(text, Json)
                ?? throw new JsonException("The file holds null, not a configuration object.");
            configuration.Path = path;
            return configuration;
        }
        catch (JsonException ex)
        {
            throw Unreadable(path, text, ex);
        }
    }

    public static GcConfiguration LoadRequired(string path) =>
        Load(path) ?? throw new GcException(ErrorIds.ConfigurationNotFound, GcErrorKind.ObjectNotFound,
            $"There is no configuration at {path}.",
            "Create one with Initialize-GcPlatform (guided) or New-GcConfiguration, or point -ConfigurationPath / GC_CONFIG_FILE at yours.", path);

    public static void Save(GcConfiguration configuration, string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(configuration, Json) + "\n", new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        configuration.Path = path;
    }

    private static GcException Unreadable(string path, string text, JsonException ex)
    {
        var line = ex.LineNumber is { } l ? l + 1 : (long?)null;
        var unknown = System.Text.RegularExpressions.Regex.Match(ex.Message, "could not be mapped to any \\.NET member contained in type '([^']+)'");
        var property = ex.Path?.Split('.').LastOrDefault()?.Trim('$', '[', ']', '\'');
        if (unknown.Success && property is not null)
        {
            var owner = typeof(GcConfiguration).Assembly.GetType(unknown.Groups[1].Value) ?? typeof(GcConfiguration);
            var known = owner.GetProperties().Where(p => p.GetCustomAttributes(typeof(JsonIgnoreAttribute), false).Length == 0)
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
            var close = known.OrderBy(k => Distance(k, property)).First();
            var at = LineOf(text, $"\"{property}\"") ?? line;
            return new GcException(ErrorIds.ConfigurationUnknownKey, GcErrorKind.InvalidData,
                $"{path}{(at is null ? "" : $", line {at}")}: '{property}' is not a configuration setting{(ex.Path is null ? "" : $" (at {ex.Path})")}.",
                $"Did you mean '{close}'? Settings here: {string.Join(", ", known)}. The schema is docs/configuration.schema.json.", path, ex);
        }
        return new GcException(ErrorIds.ConfigurationUnreadable, GcErrorKind.InvalidData,
            $"{path}{(line is null ? "" : $", line {line}")}: {ex.Message.Split(" Path:")[0]}",
            "Fix the file (it is JSON; the schema is docs/configuration.schema.json), or move it aside and run New-GcConfiguration.", path, ex);
    }

    private static long? LineOf(string text, string token)
    {
        var at = text.IndexOf(token, StringComparison.Ordinal);
        return at < 0 ? null : text[..at].Count(c => c == '\n') + 1;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
