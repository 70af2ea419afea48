namespace GeosChem.PowerShell.Aws;

/// <summary>Environment variables, behind an interface so that resolution can be tested hermetically.</summary>
internal interface IEnvironment
{
    string? Get(string name);
}

internal sealed class ProcessEnvironment : IEnvironment
{
    public static readonly ProcessEnvironment Instance = new();

    public string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

internal sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> values) : IEnvironment
{
    public string? Get(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}
