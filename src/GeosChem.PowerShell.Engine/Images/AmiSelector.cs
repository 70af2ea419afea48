using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Images;

/// <summary>Picks the builder's AMI: the newest Rocky Linux 9 Base image published by Rocky's own account for the architecture.</summary>
internal static class AmiSelector
{
    /// <summary>The AWS account that publishes the official Rocky Linux AMIs.</summary>
    public const string RockyOwner = "792107900819";

    /// <summary>The DescribeImages name filter for a variant's architecture (".x86_64" or ".aarch64" at the end).</summary>
    public static string NameFilter(ImageVariant variant) => $"Rocky-9-EC2-Base-9.*{variant.AmiSuffix}";

    public static string Ec2Architecture(ImageVariant variant) => variant.Architecture == "arm64" ? "arm64" : "x86_64";

    /// <summary>The newest matching image; the checks repeat the filters so an answer from a lax endpoint cannot slip through.</summary>
    public static AmiInfo Choose(IEnumerable<AmiInfo> images, ImageVariant variant, string region)
    {
        var chosen = images
            .Where(i => i.OwnerId == RockyOwner)
            .Where(i => i.Architecture == Ec2Architecture(variant))
            .Where(i => i.Name.StartsWith("Rocky-9-EC2-Base-9.", StringComparison.Ordinal) && i.Name.EndsWith(variant.AmiSuffix, StringComparison.Ordinal))
            .OrderByDescending(i => i.CreationDate).ThenByDescending(i => i.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return chosen ?? throw new GcException(ErrorIds.BuilderAmiNotFound, GcErrorKind.ObjectNotFound,
            $"No Rocky Linux 9 Base AMI for {variant.Architecture} from owner {RockyOwner} was found in {region}.",
            "Check the -Region; Rocky Linux publishes its AMIs in every commercial region. If your account restricts AMIs (EC2 allowed-images settings), allow that owner.", region);
    }
}
