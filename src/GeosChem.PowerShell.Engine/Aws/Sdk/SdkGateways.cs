namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>
/// The gateways over the SDK's clients, made here for the PowerShell layer: that layer loads in the default load context
/// and must not name an SDK type (the SDK loads only in the module's private context). Each client made is handed to
/// <c>own</c>, which disposes it with the command.
/// </summary>
internal static class SdkGateways
{
    public static Ec2Gateway Ec2(AwsContext context, Action<IDisposable> own) => new(context, Owned(SdkClients.Ec2(context), own));

    public static StsGateway Sts(AwsContext context, Action<IDisposable> own) => new(context, Owned(SdkClients.Sts(context), own));

    public static ObjectStoreGateway ObjectStore(AwsContext context, Action<IDisposable> own) => new(context, Owned(SdkClients.S3(context), own));

    public static BuilderGateway Builder(AwsContext context, Action<IDisposable> own) =>
        new(context, Owned(SdkClients.Ec2(context), own), Owned(SdkClients.Ssm(context), own), Owned(SdkClients.S3(context), own));

    public static PlatformGateway Platform(AwsContext context, Action<IDisposable> own) =>
        new(context, Owned(SdkClients.Ec2(context), own), Owned(SdkClients.S3(context), own));

    private static T Owned<T>(T client, Action<IDisposable> own) where T : IDisposable
    {
        own(client);
        return client;
    }
}
