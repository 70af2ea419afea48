using System.Runtime.CompilerServices;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Points HOME and the AWS shared config files at one temporary folder before any test runs. AWSSDK.Core reads
/// those locations once, on first use, and keeps them for the life of the process; setting them here, first,
/// keeps every test away from the machine's real ~/.aws.
/// </summary>
internal static class HermeticEnvironment
{
    public static readonly string Home = Path.Combine(Path.GetTempPath(), $"gc-tests-home-{Environment.ProcessId}");
    public static string ConfigFile => Path.Combine(Home, ".aws", "config");
    public static string CredentialsFile => Path.Combine(Home, ".aws", "credentials");

    [ModuleInitializer]
    internal static void Initialize()
    {
        Directory.CreateDirectory(Path.Combine(Home, ".aws"));
        Environment.SetEnvironmentVariable("HOME", Home);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", ConfigFile);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        foreach (var name in new[] { "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_MAX_ATTEMPTS" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
