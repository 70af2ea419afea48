namespace GeosChem.PowerShell;

/// <summary>Reads the files embedded in the module: the data files from src/GeosChem.PowerShell.Engine/Data and the image build context from dockerfiles/.</summary>
internal static class DataFiles
{
    public const string BuildContextPrefix = "GeosChem.PowerShell.BuildContext/";

    public static string ReadText(string fileName) =>
        ReadResource("GeosChem.PowerShell.Data." + fileName, $"The module's data file '{fileName}'");

    /// <summary>A file of dockerfiles/, by its path there ("scripts/build-geoschem.sh").</summary>
    public static string ReadBuildContextText(string file) => ReadResource(BuildContextPrefix + file, $"dockerfiles/{file}");

    private static string ReadResource(string name, string what)
    {
        using var stream = typeof(DataFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{what} is missing from the module; rebuild it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
