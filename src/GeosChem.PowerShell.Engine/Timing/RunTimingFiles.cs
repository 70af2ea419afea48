using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Timing;

/// <summary>Which file in a run directory carries the timers: allPEs.log (GCHP 14.7+), gcclassic_timers.json, or a log that has them.</summary>
internal static class RunTimingFiles
{
    private const long LargestLogBytes = 2L << 30;

    public static string Choose(string directory)
    {
        foreach (var name in new[] { "allPEs.log", "gcclassic_timers.json" })
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        var logs = Directory.EnumerateFiles(directory, "*.log").Where(HasTimers).OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        if (logs.Count > 0) return logs[0];
        throw new GcException(ErrorIds.RunTimingNotFound, GcErrorKind.ObjectNotFound,
            $"No GEOS-Chem timers in {directory}: no allPEs.log, no gcclassic_timers.json and no .log file with GEOS-Chem's timer table.",
            "Pass the run's log file with -Path. GCClassic prints timers only with 'use_gcclassic_timers: true' in geoschem_config.yml.", directory);
    }

    public static string ReadText(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new GcException(ErrorIds.RunTimingFileNotFound, GcErrorKind.ObjectNotFound, $"{path} does not exist.",
                "Give the path of a GEOS-Chem log, gcclassic_timers.json, allPEs.log or a run directory.", path);
        }
        if (info.Length > LargestLogBytes)
        {
            throw new GcException(ErrorIds.RunTimingFileTooLarge, GcErrorKind.LimitsExceeded, $"{path} is {info.Length / (1L << 20)} MiB, more than a GEOS-Chem log should be.",
                "Pass the end of the log (the timers are printed last), for example: Get-Content log -Tail 2000 | Set-Content tail.log.", path);
        }
        return File.ReadAllText(path);
    }

    private static bool HasTimers(string log)
    {
        using var reader = new StreamReader(log);
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(ClassicTimerBlock.Banner, StringComparison.Ordinal) || line.Contains("Times for component <", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
