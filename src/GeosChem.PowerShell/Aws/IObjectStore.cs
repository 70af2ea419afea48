namespace GeosChem.PowerShell.Aws;

/// <summary>Where uploaded files go (S3, or a stand-in in tests).</summary>
internal interface IObjectStore
{
    Task PutFileAsync(string bucket, string key, string file, CancellationToken ct);
    Task PutTextAsync(string bucket, string key, string text, CancellationToken ct);
}
