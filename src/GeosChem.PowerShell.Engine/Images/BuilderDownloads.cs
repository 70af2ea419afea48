using System.Text;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// What the builder downloads before it can build (the SSM agent and the AWS CLI), pinned and verified the way the images'
/// downloads are: the rows come from the embedded scripts/pinned-downloads.tsv, the keys from scripts/keys/, and the user data
/// carries scripts/fetch-pinned.sh itself, so the builder checks each signature with exactly the code the image builds use.
/// </summary>
internal static class BuilderDownloads
{
    public const string SsmAgent = "amazon-ssm-agent";
    public const string AwsCli = "awscli";

    /// <summary>Where the user data writes fetch-pinned.sh, its rows and keys (GC_BUILDER_DIR overrides it, for tests).</summary>
    public const string Directory = "/opt/geoschem-builder";

    /// <summary>A row of pinned-downloads.tsv: name, version and the whole line as written.</summary>
    public sealed record PinnedRow(string Name, string Version, string Pin, string Line);

    public static IReadOnlyList<PinnedRow> Rows() =>
        BuildContext.ReadText("scripts/pinned-downloads.tsv").Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.TrimEnd('\r').Split('\t'))
            .Where(fields => fields.Length >= 4)
            .Select(fields => new PinnedRow(fields[0], fields[1], fields[2], string.Join('\t', fields)))
            .ToList();

    /// <summary>The SSM agent's row (there is one) and the AWS CLI row of the variant's own AWS CLI version.</summary>
    public static (PinnedRow SsmAgent, PinnedRow AwsCli) For(ImageVariant variant)
    {
        var rows = Rows();
        var ssm = rows.Single(r => r.Name == SsmAgent);
        var version = variant.Libraries[AwsCli];
        var cli = rows.SingleOrDefault(r => r.Name == AwsCli && r.Version == version)
            ?? throw new InvalidOperationException($"scripts/pinned-downloads.tsv has no awscli {version} row for {variant.Tag}.");
        return (ssm, cli);
    }

    /// <summary>
    /// A row's URL as fetch-pinned.sh fills it on a builder of this architecture in this region (its ${ARCH}, ${PKGARCH},
    /// ${REGION} and ${DNS_SUFFIX}).
    /// </summary>
    public static Uri Url(PinnedRow row, ImageVariant variant, string region)
    {
        var url = row.Line.Split('\t')[3];
        var (arch, pkgArch) = variant.Architecture == "arm64" ? ("aarch64", "arm64") : ("x86_64", "amd64");
        return new Uri(url.Replace("${ARCH}", arch, StringComparison.Ordinal).Replace("${PKGARCH}", pkgArch, StringComparison.Ordinal)
            .Replace("${REGION}", region, StringComparison.Ordinal).Replace("${DNS_SUFFIX}", Aws.EndpointResolver.DnsSuffix(region), StringComparison.Ordinal));
    }

    /// <summary>The signing keys of pgp: rows, from scripts/keys/&lt;name&gt;.asc.</summary>
    public static IReadOnlyDictionary<string, string> Keys(IEnumerable<PinnedRow> rows) =>
        rows.Where(r => r.Pin.StartsWith("pgp:", StringComparison.Ordinal)).Select(r => r.Name).Distinct()
            .ToDictionary(name => name, name => BuildContext.ReadText($"scripts/keys/{name}.asc"));

    /// <summary>
    /// Shell lines that write fetch-pinned.sh, the given rows and keys under $GC_BUILDER_DIR (default <see cref="Directory"/>)
    /// and source it: after them, <c>fetch_pinned name version file</c> downloads and verifies, or fails.
    /// </summary>
    public static string VerificationSetup(IReadOnlyList<PinnedRow> rows, IReadOnlyDictionary<string, string> keys)
    {
        var text = new StringBuilder();
        text.AppendLine($"builder_dir=\"${{GC_BUILDER_DIR:-{Directory}}}\"");
        text.AppendLine("mkdir -p \"$builder_dir/keys\"");
        Heredoc(text, "$builder_dir/fetch-pinned.sh", BuildContext.ReadText("scripts/fetch-pinned.sh"));
        Heredoc(text, "$builder_dir/pinned-downloads.tsv", string.Concat(rows.Select(r => r.Line + "\n")));
        foreach (var (name, key) in keys.OrderBy(k => k.Key, StringComparer.Ordinal)) Heredoc(text, $"$builder_dir/keys/{name}.asc", key);
        text.AppendLine("# shellcheck source=/dev/null");
        text.AppendLine(". \"$builder_dir/fetch-pinned.sh\"");
        return text.ToString();
    }

    private const string EndMarker = "GC_BUILDER_FILE_END";

    private static void Heredoc(StringBuilder text, string path, string content)
    {
        if (content.Split('\n').Any(line => line.TrimEnd('\r') == EndMarker)) throw new InvalidOperationException($"{path} contains the heredoc marker {EndMarker}.");
        text.AppendLine($"cat > \"{path}\" <<'{EndMarker}'");
        text.Append(content.ReplaceLineEndings("\n"));
        if (!content.EndsWith('\n')) text.AppendLine();
        text.AppendLine(EndMarker);
    }
}
