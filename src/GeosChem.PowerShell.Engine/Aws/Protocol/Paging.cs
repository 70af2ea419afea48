using System.Runtime.CompilerServices;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Protocol;

/// <summary>Follows NextToken-style paging, yielding items as each page arrives.</summary>
internal static class Paging
{
    public static async IAsyncEnumerable<TItem> Items<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, string?> nextToken,
        Func<TPage, IEnumerable<TItem>?> items,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page) ?? [])
            {
                yield return item;
            }
            token = nextToken(page);
            if (string.IsNullOrEmpty(token)) yield break;
            if (!seen.Add(token))
            {
                throw new GcException(ErrorIds.AwsPagingLoop, GcErrorKind.InvalidData,
                    "The service returned the same page token twice; listing stopped to avoid an endless loop.",
                    "Run the command again; if it repeats, report it with -Debug output.");
            }
        } while (true);
    }
}
