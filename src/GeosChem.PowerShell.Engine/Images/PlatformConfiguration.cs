using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// What the deployed platform (the "deployed" section of the user's configuration) tells an image build: the
/// builder's subnet, security groups and instance profile, the artifact bucket and the ECR repository.
/// </summary>
internal sealed record PlatformConfiguration
{
    public string Source { get; init; } = "";
    public string? Region { get; init; }
    public string? BuilderSubnetId { get; init; }
    public IReadOnlyList<string>? BuilderSecurityGroupIds { get; init; }
    public string? BuilderInstanceProfile { get; init; }
    public string? ArtifactBucket { get; init; }
    public string? EcrRepository { get; init; }

    public static PlatformConfiguration? Load(IEnvironment environment, string? explicitPath = null)
    {
        var path = ConfigurationStore.PathFor(explicitPath, environment);
        var configuration = ConfigurationStore.Load(path);
        if (configuration is not null) configuration.Path = path;
        return From(configuration);
    }

    /// <summary>What a configuration already read (its Path says from where) tells an image build.</summary>
    public static PlatformConfiguration? From(Models.GcConfiguration? configuration)
    {
        if (configuration is null) return null;
        var d = configuration.Deployed;
        return new PlatformConfiguration
        {
            Source = configuration.Path,
            Region = d?.Region ?? configuration.Region,
            BuilderSubnetId = d?.SubnetIds.FirstOrDefault(),
            BuilderSecurityGroupIds = d is { SecurityGroupIds.Length: > 0 } ? d.SecurityGroupIds : null,
            BuilderInstanceProfile = d?.BuilderInstanceProfile,
            ArtifactBucket = d?.ResultsBucket,
            EcrRepository = d?.EcrRepository,
        };
    }
}
