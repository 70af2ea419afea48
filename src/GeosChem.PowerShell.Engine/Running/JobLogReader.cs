using System.Runtime.CompilerServices;
using GeosChem.PowerShell.Aws.Logs;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Running;

/// <summary>Reads the CloudWatch Logs stream of each attempt of a job, and tails a running one.</summary>
internal sealed class JobLogReader(LogsClient logs)
{
    private const int PageLimit = 10_000;

    /// <summary>Every event of the chosen attempts (all by default), oldest first; with <paramref name="tail"/>, the last N of the latest chosen attempt.</summary>
    public async IAsyncEnumerable<GcJobLogEvent> ReadAsync(GcBatchJob job, int? attempt, int? tail, [EnumeratorCancellation] CancellationToken ct)
    {
        var attempts = Streams(job, attempt);
        if (tail is { } n)
        {
            if (attempts.Count == 0) yield break;
            var last = attempts[^1];
            var page = await TryGetAsync(job, last.Stream, new GetLogEventsRequest
            {
                LogGroupName = Group(job), LogStreamName = last.Stream, Limit = Math.Clamp(n, 1, PageLimit), StartFromHead = false,
            }, ct).ConfigureAwait(false);
            foreach (var e in page?.Events ?? []) yield return Event(job, last.Number, last.Stream, e);
            yield break;
        }
        foreach (var (number, stream) in attempts)
        {
            string? token = null;
            await foreach (var e in ForwardAsync(job, number, stream, () => token, t => token = t, ct).ConfigureAwait(false)) yield return e;
        }
    }

    /// <summary>
    /// Follows a job's output as it is written: from the start of its current attempt, on to each new attempt, until the
    /// job has finished and its last events are read.
    /// </summary>
    public async IAsyncEnumerable<GcJobLogEvent> FollowAsync(GcBatchJob first, Func<CancellationToken, Task<GcBatchJob?>> refresh, TimeSpan poll,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var tokens = new Dictionary<string, string?>(StringComparer.Ordinal);
        var job = first;
        while (true)
        {
            foreach (var (number, stream) in Streams(job, null))
            {
                tokens.TryAdd(stream, null);
                await foreach (var e in ForwardAsync(job, number, stream, () => tokens[stream], t => tokens[stream] = t, ct).ConfigureAwait(false)) yield return e;
            }
            if (job.IsFinished) yield break;
            await Task.Delay(poll, ct).ConfigureAwait(false);
            job = await refresh(ct).ConfigureAwait(false) ?? job;
        }
    }

    private async IAsyncEnumerable<GcJobLogEvent> ForwardAsync(GcBatchJob job, int number, string stream, Func<string?> getToken, Action<string?> setToken,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var token = getToken();
            var page = await TryGetAsync(job, stream, new GetLogEventsRequest
            {
                LogGroupName = Group(job), LogStreamName = stream, StartFromHead = true, NextToken = token,
            }, ct).ConfigureAwait(false);
            if (page is null) yield break;
            foreach (var e in page.Events ?? []) yield return Event(job, number, stream, e);
            // CloudWatch Logs hands back the same forward token at the end of a stream.
            var next = page.NextForwardToken;
            if (next is null) yield break;
            setToken(next);
            if (next == token || (page.Events?.Count ?? 0) == 0) yield break;
        }
    }

    private async Task<GetLogEventsResponse?> TryGetAsync(GcBatchJob job, string stream, GetLogEventsRequest request, CancellationToken ct)
    {
        try
        {
            return await logs.GetLogEventsAsync(request, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            return null; // the stream appears when the container starts writing
        }
    }

    private static List<(int Number, string Stream)> Streams(GcBatchJob job, int? attempt) =>
        job.AttemptDetails.Where(a => a.LogStreamName is not null && (attempt is null || a.Attempt == attempt))
            .Select(a => (a.Attempt, a.LogStreamName!)).ToList();

    private static string Group(GcBatchJob job) => job.LogGroupName ?? JobDefinitionBuilder.DefaultLogGroup;

    private static GcJobLogEvent Event(GcBatchJob job, int attempt, string stream, OutputLogEvent e) => new()
    {
        JobId = job.JobId,
        Attempt = attempt,
        Timestamp = DateTime.UnixEpoch.AddMilliseconds(e.Timestamp),
        Message = e.Message,
        LogGroupName = Group(job),
        LogStreamName = stream,
    };
}
