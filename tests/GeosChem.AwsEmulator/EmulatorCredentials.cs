namespace GeosChem.AwsEmulator;

/// <summary>An access key the emulator accepts, and the account and user it belongs to.</summary>
public sealed record EmulatorCredential(string AccessKeyId, string SecretAccessKey, string AccountId, string UserName);

public static class EmulatorCredentials
{
    /// <summary>The account the README demo and most tests use. Not a real AWS key.</summary>
    public static readonly EmulatorCredential Default = new("AKIAGCEMULATOR000001", "gc-emulator-secret-key-not-for-aws", "123456789012", "gc-demo");

    /// <summary>A second account, to show that state is kept per account.</summary>
    public static readonly EmulatorCredential Other = new("AKIAGCEMULATOR000002", "gc-emulator-other-secret-not-for-aws", "210987654321", "gc-other");
}
