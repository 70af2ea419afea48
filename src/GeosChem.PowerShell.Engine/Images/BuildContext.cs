using System.Formats.Tar;
using System.IO.Compression;

namespace GeosChem.PowerShell.Images;

/// <summary>The dockerfiles/ directory, embedded in the module, packed as the tar.gz a builder downloads and builds from.</summary>
internal static class BuildContext
{
    private const string Prefix = DataFiles.BuildContextPrefix;

    public static IReadOnlyList<string> Files =>
        typeof(BuildContext).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal).ToList();

    public static string ReadText(string file) => DataFiles.ReadBuildContextText(file);

    public static byte[] Pack()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in Files)
            {
                using var content = typeof(BuildContext).Assembly.GetManifestResourceStream(Prefix + file)!;
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file)
                {
                    DataStream = content,
                    Mode = file.EndsWith(".sh", StringComparison.Ordinal) ? ExecutableMode : RegularMode,
                    ModificationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                };
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    private const UnixFileMode RegularMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecutableMode = RegularMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}
