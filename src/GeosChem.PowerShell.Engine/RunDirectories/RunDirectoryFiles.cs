namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// The files of a run directory that travel with it: regular files only. Links (ChemDir, HcoDir, MetDir, Restarts/*
/// into the data root; CodeDir, runScriptSamples into the source tree) are never followed: they point at the machine
/// that made the run directory, and the data behind them is fetched or linked again where the run happens.
/// </summary>
internal static class RunDirectoryFiles
{
    /// <summary>Relative paths (forward slashes) of the regular files, and the links as (relative path, target).</summary>
    public static (List<string> Files, List<(string Path, string Target)> Links) Scan(string root, List<string>? directories = null)
    {
        var files = new List<string>();
        var links = new List<(string, string)>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
                var target = new FileInfo(entry).LinkTarget;
                if (target is not null) links.Add((relative, target));
                else if (Directory.Exists(entry)) { pending.Push(entry); directories?.Add(relative); }
                else files.Add(relative);
            }
        }
        files.Sort(StringComparer.Ordinal);
        links.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return (files, links);
    }

    public static void CopyWithoutLinks(string from, string to)
    {
        var directories = new List<string>();
        var files = Scan(from, directories).Files;
        foreach (var relative in directories) Directory.CreateDirectory(Path.Combine(to, relative));
        foreach (var relative in files)
        {
            var destination = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(from, relative), destination, overwrite: true);
        }
    }
}
