using Amazon;
using Amazon.Runtime;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.ServiceQuotas;

namespace GeosChem.PowerShell.Tests;

/// <summary>Builds contexts and clients that talk to an in-process emulator.</summary>
internal static class TestContexts
{
    public static AwsContext For(AwsEmulator.AwsEmulator emulator, EmulatorCredential? credential = null, string region = "us-east-1",
        RetryOptions? retry = null, string? secretOverride = null)
    {
        var c = credential ?? EmulatorCredentials.Default;
        return new AwsContext(new BasicAWSCredentials(c.AccessKeyId, secretOverride ?? c.SecretAccessKey), RegionEndpoint.GetBySystemName(region),
            "test credentials", "test", emulator.Url.ToString(), new DictionaryEnvironment(new Dictionary<string, string>()),
            retry ?? FastRetry());
    }

    /// <summary>Real retry logic with millisecond waits, so fault tests spend no real seconds. Fifteen attempts: at 20%
    /// injected faults a call then fails outright with odds of about 3e-11, so 1,000-call tests cannot flake.</summary>
    public static RetryOptions FastRetry(int attempts = 15) =>
        new() { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(10) };

    public static ServiceQuotasClient ServiceQuotas(AwsContext context) =>
        new(new AwsProtocolClient(AwsServiceDescriptor.ServiceQuotas, context, AwsJson.PascalCase));
}

/// <summary>One emulator per test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public AwsEmulator.AwsEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await AwsEmulator.AwsEmulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
