using Amazon.Runtime;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

[CollectionDefinition("process environment", DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

/// <summary>
/// Credential and region resolution order, with HOME and the shared config files pointed at a temporary folder
/// so nothing on the machine leaks in.
/// </summary>
[Collection("process environment")]
public sealed class ResolutionTests : IDisposable
{
    private static string CredentialsFile => HermeticEnvironment.CredentialsFile;
    private static string ConfigFile => HermeticEnvironment.ConfigFile;

    public ResolutionTests()
    {
        File.WriteAllText(CredentialsFile, """
            [default]
            aws_access_key_id = AKIADEFAULT000000001
            aws_secret_access_key = default-secret

            [research]
            aws_access_key_id = AKIARESEARCH00000001
            aws_secret_access_key = research-secret

            [envprofile]
            aws_access_key_id = AKIAENVPROFILE000001
            aws_secret_access_key = envprofile-secret
            """);
        File.WriteAllText(ConfigFile, """
            [default]
            region = eu-west-1

            [profile research]
            region = us-west-2

            [profile envprofile]
            region = eu-central-1
            """);
    }

    public void Dispose()
    {
        File.Delete(CredentialsFile);
        File.Delete(ConfigFile);
    }

    private static AwsContext Resolve(AwsCommonParameters parameters, Dictionary<string, string>? env = null, Func<AWSCredentials?>? chain = null) =>
        new AwsContextResolver(new DictionaryEnvironment(env ?? []), chain ?? (() => null)).Resolve(parameters);

    private static string KeyOf(AwsContext context) => context.Credentials.GetCredentials().AccessKey;

    private static readonly Dictionary<string, string> EnvKeys = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT00001", ["AWS_SECRET_ACCESS_KEY"] = "env-secret", ["AWS_PROFILE"] = "envprofile",
    };

    [Fact]
    public void ExplicitKeysComeFirst()
    {
        var context = Resolve(new AwsCommonParameters { AccessKey = "AKIAEXPLICIT00000001", SecretKey = "explicit-secret", ProfileName = "research", StoredCredentials = "research" }, EnvKeys);
        Assert.Equal("AKIAEXPLICIT00000001", KeyOf(context));
        Assert.StartsWith("parameters", context.CredentialSource);
        Assert.Equal("us-west-2", context.Region); // the region still comes from -ProfileName's profile
    }

    [Fact]
    public void SessionTokenIsCarried()
    {
        var context = Resolve(new AwsCommonParameters { AccessKey = "AKIAEXPLICIT00000001", SecretKey = "s", SessionToken = "token-1", Region = "us-east-1" });
        Assert.Equal("token-1", context.Credentials.GetCredentials().Token);
    }

    [Fact]
    public void AccessKeyWithoutSecretIsRejected()
    {
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters { AccessKey = "AKIAEXPLICIT00000001", Region = "us-east-1" }));
        Assert.Equal("GcAwsCredentialIncomplete", error.ErrorId);
    }

    [Fact]
    public void ProfileNameBeatsStoredCredentialsAndEnvironment()
    {
        var context = Resolve(new AwsCommonParameters { ProfileName = "research", StoredCredentials = "default" }, EnvKeys);
        Assert.Equal("AKIARESEARCH00000001", KeyOf(context));
        Assert.Equal("us-west-2", context.Region);
        Assert.Equal("profile 'research'", context.RegionSource);
    }

    [Fact]
    public void MissingProfileIsAnErrorThatListsTheProfilesThatExist()
    {
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters { ProfileName = "reserch" }));
        Assert.Equal("GcAwsProfileNotFound", error.ErrorId);
        Assert.Equal(GcErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("research", error.Fix);
    }

    [Fact]
    public void StoredCredentialsNamingAProfileBeatTheEnvironment()
    {
        var context = Resolve(new AwsCommonParameters { StoredCredentials = "research" }, EnvKeys);
        Assert.Equal("AKIARESEARCH00000001", KeyOf(context));
        Assert.Contains("$StoredAWSCredentials", context.CredentialSource);
    }

    /// <summary>Shaped like AWS.Tools' object: a non-public Credentials property whose GetCredentials() has AccessKey/SecretKey/Token.</summary>
    private sealed class FakeToolsCredentials
    {
        private BasicAWSCredentials Credentials { get; } = new("AKIASTOREDOBJECT0001", "stored-secret");
        public override string ToString() => "not-a-profile";
    }

    [Fact]
    public void StoredCredentialsObjectIsReadByDuckTyping()
    {
        var context = Resolve(new AwsCommonParameters { StoredCredentials = new FakeToolsCredentials(), Region = "us-east-1" }, EnvKeys);
        Assert.Equal("AKIASTOREDOBJECT0001", KeyOf(context));
        Assert.DoesNotContain("stored-secret", context.CredentialSource);
    }

    [Fact]
    public void UnreadableStoredCredentialsAreIgnoredWithANote()
    {
        var resolver = new AwsContextResolver(new DictionaryEnvironment(EnvKeys), () => null);
        var context = resolver.Resolve(new AwsCommonParameters { StoredCredentials = new object(), Region = "us-east-1" });
        Assert.Equal("AKIAENVIRONMENT00001", KeyOf(context));
        Assert.Contains(resolver.Notes, n => n.Contains("could not be read"));
    }

    [Fact]
    public void EnvironmentKeysBeatAwsProfile()
    {
        var context = Resolve(new AwsCommonParameters(), EnvKeys);
        Assert.Equal("AKIAENVIRONMENT00001", KeyOf(context));
        Assert.Equal("eu-central-1", context.Region); // region from AWS_PROFILE's profile
        Assert.DoesNotContain("env-secret", context.CredentialSource);
    }

    [Fact]
    public void AwsProfileBeatsDefault()
    {
        var context = Resolve(new AwsCommonParameters(), new() { ["AWS_PROFILE"] = "envprofile" });
        Assert.Equal("AKIAENVPROFILE000001", KeyOf(context));
    }

    [Fact]
    public void AwsProfileThatDoesNotExistIsAnError()
    {
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters(), new() { ["AWS_PROFILE"] = "ghost" }));
        Assert.Equal("GcAwsProfileNotFound", error.ErrorId);
        Assert.Contains("AWS_PROFILE", error.Message);
    }

    [Fact]
    public void DefaultProfileIsUsedLast()
    {
        var context = Resolve(new AwsCommonParameters());
        Assert.Equal("AKIADEFAULT000000001", KeyOf(context));
        Assert.Equal("eu-west-1", context.Region);
    }

    [Fact]
    public void SdkChainIsTheFallbackAndNothingIsAnError()
    {
        File.Delete(CredentialsFile);
        var fromChain = Resolve(new AwsCommonParameters { Region = "us-east-1" }, chain: () => new BasicAWSCredentials("AKIACONTAINER0000001", "c"));
        Assert.Equal("AKIACONTAINER0000001", KeyOf(fromChain));

        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters { Region = "us-east-1" }));
        Assert.Equal("GcAwsCredentialNotResolved", error.ErrorId);
        Assert.Equal(GcErrorKind.AuthenticationError, error.Kind);
        Assert.Contains("aws configure", error.Fix);
    }

    [Fact]
    public void SsoProfilesResolveToSsoCredentials()
    {
        File.AppendAllText(ConfigFile, """

            [profile sso-dev]
            sso_session = research-sso
            sso_account_id = 123456789012
            sso_role_name = GeosChemUser
            region = us-east-2

            [sso-session research-sso]
            sso_start_url = https://example.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """);
        var context = Resolve(new AwsCommonParameters { ProfileName = "sso-dev" });
        Assert.IsType<SSOAWSCredentials>(context.Credentials);
        Assert.Equal("us-east-2", context.Region);
        Assert.Equal("profile 'sso-dev' (-ProfileName)", context.CredentialSource);
    }

    [Fact]
    public void RegionOrder()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "ap-south-1", ["AWS_DEFAULT_REGION"] = "sa-east-1" };
        Assert.Equal("us-east-2", Resolve(new AwsCommonParameters { Region = "us-east-2", StoredRegion = "ca-central-1" }, env).Region);
        Assert.Equal("ca-central-1", Resolve(new AwsCommonParameters { StoredRegion = "ca-central-1" }, env).Region);
        Assert.Equal("eu-west-1", Resolve(new AwsCommonParameters(), env).Region); // default profile's region

        File.WriteAllText(ConfigFile, "[default]\noutput = json\n");
        Assert.Equal("ap-south-1", Resolve(new AwsCommonParameters(), env).Region);
        Assert.Equal("AWS_REGION", Resolve(new AwsCommonParameters(), env).RegionSource);
        env.Remove("AWS_REGION");
        Assert.Equal("sa-east-1", Resolve(new AwsCommonParameters(), env).Region);
    }

    [Fact]
    public void NoRegionIsAnErrorThatSaysHowToSetOne()
    {
        File.WriteAllText(ConfigFile, "");
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters()));
        Assert.Equal("GcAwsRegionNotResolved", error.ErrorId);
        Assert.Contains("-Region", error.Fix);
    }

    [Theory]
    [InlineData("us-eats-1", "us-east-1")]
    [InlineData("eu-west-9", "eu-west-1")]
    public void UnknownRegionSuggestsTheClosest(string typo, string suggestion)
    {
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters { Region = typo }));
        Assert.Equal("GcAwsRegionUnknown", error.ErrorId);
        Assert.Equal(GcErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"'{suggestion}'", error.Fix);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData(null, RetryOptions.DefaultMaxAttempts)]
    public void MaxAttemptsComesFromAwsMaxAttempts(string? value, int expected)
    {
        var env = value is null ? new Dictionary<string, string>() : new() { ["AWS_MAX_ATTEMPTS"] = value };
        Assert.Equal(expected, Resolve(new AwsCommonParameters { Region = "us-east-1" }, env).Retry.MaxAttempts);
    }

    [Fact]
    public void BadMaxAttemptsIsAClearError()
    {
        var error = Assert.Throws<GcException>(() => Resolve(new AwsCommonParameters { Region = "us-east-1" }, new() { ["AWS_MAX_ATTEMPTS"] = "lots" }));
        Assert.Equal("GcAwsMaxAttemptsInvalid", error.ErrorId);
    }
}
