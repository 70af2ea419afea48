using Amazon.Runtime.CredentialManagement;

namespace GeosChem.PowerShell.Configuration;

/// <summary>Whether an AWS profile exists in the shared config or credentials files (or the SDK store).</summary>
internal static class ProfileLookup
{
    public static bool Exists(string name) => new CredentialProfileStoreChain().TryGetProfile(name, out _);

    public static IReadOnlyList<string> Names() =>
        new CredentialProfileStoreChain().ListProfiles().Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
