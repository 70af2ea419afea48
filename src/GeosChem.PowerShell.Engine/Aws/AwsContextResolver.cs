using System.Reflection;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws;

/// <summary>
/// Resolves credentials and region in the order AWS Tools for PowerShell uses.
/// Credentials: -AccessKey/-SecretKey, -ProfileName, $StoredAWSCredentials, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
/// AWS_PROFILE, the 'default' profile, then the SDK's chain (web identity, container, instance metadata).
/// Region: -Region, $StoredAWSRegion, the profile's region, AWS_REGION, AWS_DEFAULT_REGION, instance metadata, and
/// last the module's configuration (config.json's region, as Initialize-GcPlatform wrote it).
/// </summary>
internal sealed class AwsContextResolver
{
    private readonly IEnvironment _environment;
    private readonly Func<AWSCredentials?> _sdkChain;
    private readonly List<string> _notes = [];

    private readonly Func<string?> _configuredRegion;

    /// <param name="configuredRegion">The module configuration's region, the last fallback (the hosting layer reads the file).</param>
    public AwsContextResolver(IEnvironment environment, Func<AWSCredentials?>? sdkChain = null, Func<string?>? configuredRegion = null)
    {
        _environment = environment;
        _sdkChain = sdkChain ?? ResolveFromSdkChain;
        _configuredRegion = configuredRegion ?? (() => null);
    }

    /// <summary>A resolver with the SDK's own credential chain last, for the PowerShell layer, which names no SDK type.</summary>
    public static AwsContextResolver WithConfiguredRegion(IEnvironment environment, Func<string?> configuredRegion) =>
        new(environment, sdkChain: null, configuredRegion);

    /// <summary>Things worth telling the user at -Debug about how resolution went (never secrets).</summary>
    public IReadOnlyList<string> Notes => _notes;

    public AwsContext Resolve(AwsCommonParameters parameters)
    {
        var profiles = new CredentialProfileStoreChain(parameters.ProfileLocation);
        var (credentials, credentialSource, profileForRegion) = ResolveCredentials(parameters, profiles);
        var (region, regionSource) = ResolveRegion(parameters, profiles, profileForRegion);
        var retry = RetryOptions.FromEnvironment(_environment);
        return new AwsContext(credentials, region, credentialSource, regionSource, parameters.EndpointUrl, _environment, retry);
    }

    private (AWSCredentials, string, string?) ResolveCredentials(AwsCommonParameters p, CredentialProfileStoreChain profiles)
    {
        if (p.AccessKey is not null || p.SecretKey is not null)
        {
            if (string.IsNullOrEmpty(p.AccessKey) || string.IsNullOrEmpty(p.SecretKey))
            {
                throw new GcException(ErrorIds.AwsCredentialIncomplete, GcErrorKind.InvalidArgument,
                    "-AccessKey and -SecretKey must be given together.",
                    "Pass both, or neither and let the profile or environment supply credentials.");
            }
            AWSCredentials explicitKeys = p.SessionToken is null
                ? new BasicAWSCredentials(p.AccessKey, p.SecretKey)
                : new SessionAWSCredentials(p.AccessKey, p.SecretKey, p.SessionToken);
            return (explicitKeys, $"parameters -AccessKey/-SecretKey (key {Text.MaskKeyId(p.AccessKey)})", p.ProfileName);
        }

        if (p.ProfileName is not null)
        {
            return (ProfileCredentials(profiles, p.ProfileName, "-ProfileName", p.ProfileLocation), $"profile '{p.ProfileName}' (-ProfileName)", p.ProfileName);
        }

        if (p.StoredCredentials is not null && FromStoredCredentials(p.StoredCredentials, profiles) is { } stored)
        {
            return (stored.Credentials, stored.Source, stored.Profile);
        }

        var envProfile = _environment.Get("AWS_PROFILE");
        if (_environment.Get("AWS_ACCESS_KEY_ID") is { } keyId && _environment.Get("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            var token = _environment.Get("AWS_SESSION_TOKEN");
            AWSCredentials fromEnv = token is null ? new BasicAWSCredentials(keyId, secret) : new SessionAWSCredentials(keyId, secret, token);
            return (fromEnv, $"environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (key {Text.MaskKeyId(keyId)})", envProfile);
        }

        if (envProfile is not null)
        {
            return (ProfileCredentials(profiles, envProfile, "AWS_PROFILE", p.ProfileLocation), $"profile '{envProfile}' (AWS_PROFILE)", envProfile);
        }

        if (profiles.TryGetAWSCredentials("default", out var defaultCredentials))
        {
            return (defaultCredentials, "profile 'default'", "default");
        }

        var chain = _sdkChain();
        if (chain is not null)
        {
            return (chain, $"the SDK credential chain ({chain.GetType().Name})", null);
        }

        throw new GcException(ErrorIds.AwsCredentialNotResolved, GcErrorKind.AuthenticationError,
            "No AWS credentials were found: no -AccessKey/-SecretKey, -ProfileName, $StoredAWSCredentials, AWS_ACCESS_KEY_ID, AWS_PROFILE or 'default' profile, and no container or instance role.",
            "Configure a profile with 'aws configure' (or 'aws configure sso' and 'aws sso login'), then pass -ProfileName NAME or set AWS_PROFILE; or run Set-AWSCredential from AWS.Tools.");
    }

    private static AWSCredentials ProfileCredentials(CredentialProfileStoreChain profiles, string name, string origin, string? location)
    {
        if (!profiles.TryGetProfile(name, out _))
        {
            var known = profiles.ListProfiles().Select(x => x.Name).Distinct().OrderBy(x => x).ToList();
            var where = location ?? "the shared config and credentials files (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE)";
            throw new GcException(ErrorIds.AwsProfileNotFound, GcErrorKind.ObjectNotFound,
                $"The profile '{name}' named by {origin} does not exist in {where}.",
                known.Count == 0 ? "No profiles exist there; create one with 'aws configure --profile " + name + "'." : "Profiles that exist: " + string.Join(", ", known) + ".",
                name);
        }
        if (!profiles.TryGetAWSCredentials(name, out var credentials))
        {
            throw new GcException(ErrorIds.AwsProfileUnusable, GcErrorKind.AuthenticationError,
                $"The profile '{name}' exists but holds no usable credentials.",
                "Check that it has aws_access_key_id/aws_secret_access_key, an sso_session, a role_arn with a source_profile, or a credential_process.",
                name);
        }
        return credentials;
    }

    private sealed record StoredResult(AWSCredentials Credentials, string Source, string? Profile);

    /// <summary>
    /// $StoredAWSCredentials holds an AWS.Tools object from another load context, so it is read by duck typing:
    /// a profile name, or an object whose credentials expose GetCredentials() with AccessKey/SecretKey/Token.
    /// </summary>
    private StoredResult? FromStoredCredentials(object stored, CredentialProfileStoreChain profiles)
    {
        if (stored is string profileName)
        {
            return profiles.TryGetAWSCredentials(profileName, out var named)
                ? new StoredResult(named, $"$StoredAWSCredentials (profile '{profileName}')", profileName)
                : Skip($"$StoredAWSCredentials names profile '{profileName}', which does not exist; it was ignored.");
        }

        const BindingFlags any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var inner = stored.GetType().GetProperty("Credentials", any)?.GetValue(stored) ?? stored;
        var immutable = inner.GetType().GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, Type.EmptyTypes)?.Invoke(inner, null);
        if (immutable is not null)
        {
            string? Read(string name) => immutable.GetType().GetProperty(name)?.GetValue(immutable) as string;
            var key = Read("AccessKey");
            var secret = Read("SecretKey");
            var token = Read("Token");
            if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret))
            {
                AWSCredentials copy = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token);
                return new StoredResult(copy, $"$StoredAWSCredentials (key {Text.MaskKeyId(key)}; a copy, so AWS.Tools refreshes are not shared)", null);
            }
        }

        var text = stored.ToString();
        if (!string.IsNullOrEmpty(text) && profiles.TryGetAWSCredentials(text, out var byName))
        {
            return new StoredResult(byName, $"$StoredAWSCredentials (profile '{text}')", text);
        }
        return Skip("$StoredAWSCredentials is set but could not be read; it was ignored.");
    }

    private StoredResult? Skip(string note)
    {
        _notes.Add(note);
        return null;
    }

    private (RegionEndpoint, string) ResolveRegion(AwsCommonParameters p, CredentialProfileStoreChain profiles, string? profileName)
    {
        if (!string.IsNullOrWhiteSpace(p.Region)) return (Validate(p.Region, "-Region"), "-Region");

        var stored = p.StoredRegion?.ToString();
        if (!string.IsNullOrWhiteSpace(stored)) return (Validate(stored, "$StoredAWSRegion"), "$StoredAWSRegion");

        var profileToRead = profileName ?? _environment.Get("AWS_PROFILE") ?? "default";
        if (profiles.TryGetProfile(profileToRead, out var profile) && profile.Region is { } profileRegion)
        {
            return (Validate(profileRegion.SystemName, $"profile '{profileToRead}'"), $"profile '{profileToRead}'");
        }

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (_environment.Get(variable) is { } fromEnv) return (Validate(fromEnv, variable), variable);
        }

        if (!MetadataDisabled && Amazon.Util.EC2InstanceMetadata.Region is { } imds)
        {
            return (imds, "instance metadata");
        }

        if (_configuredRegion() is { Length: > 0 } configured)
        {
            return (Validate(configured, "the GeosChem.PowerShell configuration"), "the GeosChem.PowerShell configuration");
        }

        throw new GcException(ErrorIds.AwsRegionNotResolved, GcErrorKind.InvalidArgument,
            "No AWS region was given or configured.",
            "Pass -Region (for example -Region us-east-1), run Set-DefaultAWSRegion, set AWS_REGION, add 'region = ...' to your profile, or set the module's: Set-GcConfiguration region us-east-1.");
    }

    private static RegionEndpoint Validate(string name, string origin)
    {
        var trimmed = name.Trim();
        if (RegionCatalog.IsKnown(trimmed)) return RegionEndpoint.GetBySystemName(trimmed);
        var suggestion = RegionCatalog.Closest(trimmed);
        throw GcErrors.AwsRegionUnknown(name, origin, suggestion);
    }

    private bool MetadataDisabled =>
        string.Equals(_environment.Get("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);

    private AWSCredentials? ResolveFromSdkChain()
    {
        try
        {
            // The chain's remaining sources: web identity token, ECS/EKS container credentials, instance metadata.
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig());
        }
        catch (AmazonClientException ex)
        {
            _notes.Add("SDK credential chain found nothing: " + ex.Message);
            return null;
        }
    }
}
