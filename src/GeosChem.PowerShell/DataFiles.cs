namespace GeosChem.PowerShell;

/// <summary>Reads the data files embedded from src/GeosChem.PowerShell/Data.</summary>
internal static class DataFiles
{
    public static string ReadText(string fileName)
    {
        var name = "GeosChem.PowerShell.Data." + fileName;
        using var stream = typeof(DataFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The module's data file '{fileName}' is missing from the assembly; rebuild the module.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
