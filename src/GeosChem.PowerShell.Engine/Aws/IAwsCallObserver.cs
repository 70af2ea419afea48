namespace GeosChem.PowerShell.Aws;

/// <summary>Receives what the AWS layer has to say about its calls (attempts, waits, request ids). Never secrets.</summary>
internal interface IAwsCallObserver
{
    void Verbose(string message);
    void Debug(string message);
}

internal sealed class NullAwsCallObserver : IAwsCallObserver
{
    public static readonly NullAwsCallObserver Instance = new();
    public void Verbose(string message) { }
    public void Debug(string message) { }
}
