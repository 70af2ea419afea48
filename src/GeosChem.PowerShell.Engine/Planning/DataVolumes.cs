using System.Text.Json;

namespace GeosChem.PowerShell.Planning;

/// <summary>How much a run reads, writes and needs on the job's disk, and how long staging its input takes.</summary>
/// <param name="InputGB">Gigabytes (10^9 bytes) staged from s3://geos-chem: measured (Get-GcInputData -Online) or the met fields' published size.</param>
/// <param name="InputBasis">Where InputGB comes from.</param>
/// <param name="OutputGB">Diagnostics the run writes (benchmark-sized: an upper limit).</param>
/// <param name="RestartGB">Restart files a segment keeps (one per simulated day, as the entrypoint writes them).</param>
/// <param name="ScratchGiB">What the job needs on its host's disk: input, output and restarts, with the margin.</param>
/// <param name="StagingSeconds">Time to copy the input from s3://geos-chem at the documented throughput (a floor).</param>
internal sealed record DataVolumeEstimate(double InputGB, string InputBasis, double OutputGB, double RestartGB, double ScratchGiB, double StagingSeconds);

/// <summary>
/// Input, output and scratch sizes of a run from GEOS-Chem's published data volumes (Data/geoschem-data-volumes.json:
/// GCClassic docs "Disk space requirements"), and staging time at Amazon S3's documented per-request throughput with the
/// AWS CLI's default concurrency. Emissions and chemistry inputs have no published size per run: without a measured
/// total (Get-GcInputData -Online) the input is the meteorology alone, and the basis says so.
/// </summary>
internal sealed class DataVolumes
{
    private const double BytesPerGiB = 1024.0 * 1024 * 1024;
    private static readonly Lazy<DataVolumes> Embedded = new(() => new DataVolumes(DataFiles.ReadText("geoschem-data-volumes.json")));

    public static DataVolumes Default => Embedded.Value;

    private readonly Dictionary<string, Dictionary<string, double>> _metPerYear = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, string>> _globalFromNested = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _gchpMetGrid = new(StringComparer.OrdinalIgnoreCase);

    public double DiagnosticMegabytesPerMonthAt4x5 { get; }
    public double RestartMegabytesAt4x5 { get; }
    public int ColumnsAt4x5 { get; }
    public double ScratchMargin { get; }
    public double HostReservedGiB { get; }
    public double MegabytesPerSecondPerRequest { get; }
    public int ConcurrentRequests { get; }

    internal DataVolumes(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var met in root.GetProperty("metGigabytesPerYear").EnumerateObject())
        {
            _metPerYear[met.Name] = met.Value.EnumerateObject().ToDictionary(g => g.Name, g => g.Value.GetDouble(), StringComparer.OrdinalIgnoreCase);
        }
        foreach (var met in root.GetProperty("globalFromNested").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            _globalFromNested[met.Name] = met.Value.EnumerateObject().ToDictionary(g => g.Name, g => g.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        }
        foreach (var met in root.GetProperty("gchpMetGrid").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
        {
            _gchpMetGrid[met.Name] = met.Value.GetString()!;
        }
        var output = root.GetProperty("output");
        DiagnosticMegabytesPerMonthAt4x5 = output.GetProperty("diagnosticMegabytesPerMonthAt4x5").GetDouble();
        RestartMegabytesAt4x5 = output.GetProperty("restartMegabytesAt4x5").GetDouble();
        ColumnsAt4x5 = output.GetProperty("columnsAt4x5").GetInt32();
        ScratchMargin = root.GetProperty("scratchMargin").GetDouble();
        HostReservedGiB = root.GetProperty("hostReservedGiB").GetDouble();
        var staging = root.GetProperty("staging");
        MegabytesPerSecondPerRequest = staging.GetProperty("megabytesPerSecondPerRequest").GetDouble();
        ConcurrentRequests = staging.GetProperty("concurrentRequests").GetInt32();
    }

    /// <summary>
    /// Gigabytes of meteorology per simulated year, and how that was found; null when GEOS-Chem publishes nothing for
    /// this met and grid. <paramref name="domain"/> is "global" or a nested domain (NA, EU, AS, ...).
    /// </summary>
    public (double GigabytesPerYear, string Basis)? MetGigabytesPerYear(string model, string metField, string resolution, string? domain)
    {
        var met = metField.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (!_metPerYear.TryGetValue(met, out var table)) return null;
        var grid = model.Equals("GCHP", StringComparison.OrdinalIgnoreCase)
            ? _gchpMetGrid.GetValueOrDefault(met) ?? ""
            : string.IsNullOrEmpty(domain) || domain.Equals("global", StringComparison.OrdinalIgnoreCase) ? resolution : $"{resolution}_{domain}";
        if (table.TryGetValue(grid, out var published)) return (published, $"{met} {grid}: {published:0} GB per year (GEOS-Chem docs, disk space)");
        if (_globalFromNested.TryGetValue(met, out var nestedFor) && nestedFor.TryGetValue(grid, out var nestedName) && table.TryGetValue(nestedName, out var nestedGb)
            && Columns(grid) is { } globalColumns && Columns(nestedName) is { } nestedColumns)
        {
            var scaled = nestedGb * globalColumns / nestedColumns;
            return (scaled, $"{met} {grid}: about {scaled:0} GB per year, scaled by columns from the published {nestedName} ({nestedGb:0} GB per year): derived, not published");
        }
        return null;
    }

    /// <summary>Seconds to copy <paramref name="gigabytes"/> from S3: one request per 85 MB/s, 10 at a time, no faster than the instance's network.</summary>
    public double StagingSeconds(double gigabytes, double? networkGbps)
    {
        var megabytesPerSecond = MegabytesPerSecondPerRequest * ConcurrentRequests;
        if (networkGbps is > 0) megabytesPerSecond = Math.Min(megabytesPerSecond, networkGbps.Value * 1000 / 8);
        return Math.Round(gigabytes * 1000 / megabytesPerSecond, 0);
    }

    /// <summary>Diagnostics (GB) for a grid of <paramref name="columns"/> over <paramref name="days"/>, and the restarts a segment keeps (one per simulated day).</summary>
    public (double OutputGB, double RestartGB) OutputGigabytes(int columns, double days)
    {
        var scale = (double)columns / ColumnsAt4x5;
        var output = DiagnosticMegabytesPerMonthAt4x5 * scale * days / (365.25 / 12) / 1000;
        var restarts = RestartMegabytesAt4x5 * scale * Math.Max(1, Math.Ceiling(days)) / 1000;
        return (Math.Round(output, 2), Math.Round(restarts, 2));
    }

    public DataVolumeEstimate Estimate(string model, string metField, string resolution, string? domain, int columns, double days, double? measuredInputGB, double? networkGbps)
    {
        double input;
        string basis;
        if (measuredInputGB is { } measured)
        {
            (input, basis) = (measured, "measured: the sizes of the files the run reads, in s3://geos-chem");
        }
        else if (MetGigabytesPerYear(model, metField, resolution, domain) is { } met)
        {
            (input, basis) = (met.GigabytesPerYear * days / 365.25, $"meteorology only ({met.Basis}); emissions and chemistry inputs not counted: measure them with Get-GcInputData -Online");
        }
        else
        {
            (input, basis) = (0, $"unknown: GEOS-Chem publishes no size for {metField} at {resolution}{(domain is null or "global" ? "" : " " + domain)}; measure it with Get-GcInputData -Online");
        }
        var (output, restarts) = OutputGigabytes(columns, days);
        var scratch = (input + output + restarts) * 1e9 / BytesPerGiB * ScratchMargin;
        return new DataVolumeEstimate(Math.Round(input, 2), basis, output, restarts, Math.Ceiling(scratch), StagingSeconds(input, networkGbps));
    }

    /// <summary>Columns of a grid name (4x5, 0.5x0.625_NA, C24, ...) from Data/geoschem-domain.json, or null.</summary>
    private static int? Columns(string grid) =>
        GeosChemDomain.Default.Models.Values.SelectMany(m => m.Resolutions).FirstOrDefault(r => r.Name.Equals(grid, StringComparison.OrdinalIgnoreCase))?.Columns;
}
