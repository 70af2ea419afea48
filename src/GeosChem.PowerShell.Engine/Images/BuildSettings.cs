using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Images;

/// <summary>Where a build runs and where it puts things: from the platform configuration, overridden by parameters.</summary>
internal sealed record BuildSettings
{
    public required string SubnetId { get; init; }
    public required IReadOnlyList<string> SecurityGroupIds { get; init; }
    public required string InstanceProfile { get; init; }
    public required string ArtifactBucket { get; init; }
    public required string Repository { get; init; }
    public string? BuilderInstanceType { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(3);
    public int RootVolumeGiB { get; init; } = 100;

    /// <summary>The builder powers itself off this long after launch, whatever happens to the client that started it.</summary>
    public TimeSpan ShutdownAfter => Timeout + TimeSpan.FromMinutes(20);

    public static BuildSettings Resolve(PlatformConfiguration? config, string? subnetId, string[]? securityGroupIds, string? instanceProfile,
        string? artifactBucket, string? repository)
    {
        var subnet = subnetId ?? config?.BuilderSubnetId;
        var groups = securityGroupIds is { Length: > 0 } ? securityGroupIds : config?.BuilderSecurityGroupIds;
        var profile = instanceProfile ?? config?.BuilderInstanceProfile;
        var bucket = artifactBucket ?? config?.ArtifactBucket;
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(subnet)) missing.Add("-SubnetId");
        if (groups is null || groups.Count == 0) missing.Add("-SecurityGroupId");
        if (string.IsNullOrWhiteSpace(profile)) missing.Add("-InstanceProfile");
        if (string.IsNullOrWhiteSpace(bucket)) missing.Add("-ArtifactBucket");
        if (missing.Count > 0)
        {
            throw new GcException(ErrorIds.BuildSettingsMissing, GcErrorKind.InvalidArgument,
                $"The build needs {string.Join(", ", missing)}, and {(config is null ? "there is no platform configuration" : $"the platform configuration ({config.Source}) does not give them")}.",
                "Pass them, or deploy the platform (Deploy-GcPlatform records them in the configuration). The builder's security group should allow no inbound traffic; its instance profile needs SSM, S3 read of the bucket and ECR push.");
        }
        return new BuildSettings
        {
            SubnetId = subnet!, SecurityGroupIds = groups!, InstanceProfile = profile!, ArtifactBucket = bucket!,
            Repository = repository ?? config?.EcrRepository ?? "geoschem",
        };
    }
}
