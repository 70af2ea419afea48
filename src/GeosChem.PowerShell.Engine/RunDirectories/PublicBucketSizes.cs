using System.Net;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Sizes of objects in GEOS-Chem's public bucket (AWS Open Data, us-west-2), by unsigned HEAD requests: the bucket
/// allows anonymous reads, so no AWS account is needed. GC_PUBLIC_DATA_ENDPOINT points it elsewhere (a mirror, a test).
/// </summary>
internal sealed class PublicBucketSizes(Uri endpoint) : IDisposable
{
    public const string DefaultEndpoint = "https://geos-chem.s3.us-west-2.amazonaws.com/";
    private const int Parallel = 16;
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };

    public static Uri EndpointFrom(Func<string, string?> environment) =>
        new((environment("GC_PUBLIC_DATA_ENDPOINT") is { Length: > 0 } custom ? custom : DefaultEndpoint).TrimEnd('/') + "/");

    public async Task FillAsync(IReadOnlyList<GcInputFile> files, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(files.Select(async file =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                file.SizeBytes = await SizeAsync(file.RelativePath, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    private async Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        var escaped = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, escaped);
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return null;
            response.EnsureSuccessStatusCode();
            return response.Content.Headers.ContentLength;
        }
        catch (HttpRequestException ex)
        {
            throw new GcException(ErrorIds.PublicDataUnreachable, GcErrorKind.ConnectionError,
                $"Could not reach GEOS-Chem's public bucket at {_http.BaseAddress}: {ex.Message}",
                "Check the network (the bucket needs no credentials), or leave out -Online.", key, ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
