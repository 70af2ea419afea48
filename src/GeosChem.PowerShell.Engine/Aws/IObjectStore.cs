namespace GeosChem.PowerShell.Aws;

/// <summary>Where uploaded files go (S3, or a stand-in in tests).</summary>
internal interface IObjectStore
{
    Task PutFileAsync(string bucket, string key, string file, CancellationToken ct);
    Task PutTextAsync(string bucket, string key, string text, CancellationToken ct);

    /// <summary>A small text object, or null when there is no such object (or bucket).</summary>
    Task<string?> GetTextOrNullAsync(string bucket, string key, CancellationToken ct);
}
