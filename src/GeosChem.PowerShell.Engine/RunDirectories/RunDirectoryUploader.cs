using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Uploads a run directory's regular files to an S3 prefix and never follows a link: the links (into the data root,
/// into the source tree) are listed in .gc-links ("path TAB target" per line) for the entrypoint, which makes the
/// data-root ones again in the job's own data root (dockerfiles/entrypoint/lib/rundir.sh). Files the model writes
/// (OutputDir/, Restarts/ contents other than links, build/) travel too only if present; nothing is deleted. A GCHP run
/// directory also gets .gc-inputs (InputManifest), the input files the entrypoint stages when the job has no FSx data root.
/// </summary>
internal sealed class RunDirectoryUploader(IObjectStore store)
{
    public const string LinkManifest = ".gc-links";
    private const int Parallel = 8;

    /// <param name="inputs">GCHP: the files the run reads (InputDataLister), written as .gc-inputs for the entrypoint to stage.</param>
    public async Task<GcRunDirectoryUpload> UploadAsync(GcRunDirectory run, string destination, Action<int, int>? progress, CancellationToken ct, IReadOnlyCollection<GcInputFile>? inputs = null)
    {
        var (bucket, prefix) = SplitS3(destination);
        var (files, links) = RunDirectoryFiles.Scan(run.Path);
        var done = 0;
        long bytes = 0;
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(files.Select(async relative =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var full = Path.Combine(run.Path, relative);
                await store.PutFileAsync(bucket, prefix + relative, full, ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, new FileInfo(full).Length);
                progress?.Invoke(Interlocked.Increment(ref done), files.Count);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        if (links.Count > 0)
        {
            await store.PutTextAsync(bucket, prefix + LinkManifest, string.Concat(links.Select(l => $"{l.Path}\t{l.Target}\n")), ct).ConfigureAwait(false);
        }
        if (inputs is not null)
        {
            await store.PutTextAsync(bucket, prefix + InputManifest.FileName, InputManifest.Write(run, inputs), ct).ConfigureAwait(false);
        }
        return new GcRunDirectoryUpload
        {
            Path = run.Path,
            RunDirectory = $"s3://{bucket}/{prefix}",
            Model = run.Model,
            Simulation = run.Simulation,
            SimulationStart = run.SimulationStart,
            SimulationEnd = run.SimulationEnd,
            FileCount = files.Count,
            Bytes = bytes,
            LinksNotFollowed = links.Select(l => $"{l.Path} -> {l.Target}").ToArray(),
            InputFiles = inputs?.Select(f => f.RelativePath).Distinct(StringComparer.Ordinal).Count() ?? 0,
        };
    }

    /// <summary>s3://bucket/prefix/ to (bucket, "prefix/"); the prefix always ends with a slash.</summary>
    internal static (string Bucket, string Prefix) SplitS3(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.Length <= 5)
        {
            throw new GcException(ErrorIds.S3UriInvalid, GcErrorKind.InvalidArgument, $"'{uri}' is not an S3 location.", "Give it as s3://bucket/prefix/.", uri);
        }
        var rest = uri[5..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/";
        return (bucket, prefix);
    }
}
