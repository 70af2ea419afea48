namespace GeosChem.PowerShell;

internal static class Text
{
    /// <summary>Levenshtein distance, for "did you mean" suggestions.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Shows an access key id without revealing it: the first four and last four characters.</summary>
    public static string MaskKeyId(string accessKeyId) =>
        accessKeyId.Length <= 8 ? new string('*', accessKeyId.Length) : accessKeyId[..4] + new string('*', accessKeyId.Length - 8) + accessKeyId[^4..];
}
