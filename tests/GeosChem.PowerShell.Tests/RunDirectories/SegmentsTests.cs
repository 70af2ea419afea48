using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>Submit-GcBatchJob -SegmentLength: a long run as a sequential array of segments.</summary>
public sealed class SegmentsTests
{
    private static readonly DateTime Jan1 = new(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AMonthlySplitEndsExactlyAtTheRequestedEnd()
    {
        var periods = Segments.Split(Jan1, new DateTime(2019, 4, 15, 0, 0, 0, DateTimeKind.Utc), Segments.Parse("1mo"));
        Assert.Equal(4, periods.Count);
        Assert.Equal((new DateTime(2019, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2019, 3, 1, 0, 0, 0, DateTimeKind.Utc)), periods[1]);
        Assert.Equal(new DateTime(2019, 4, 15, 0, 0, 0, DateTimeKind.Utc), periods[^1].End);
        Assert.All(periods.Zip(periods.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
    }

    [Fact]
    public void ADecadeInYearsIsTenSegments() =>
        Assert.Equal(10, Segments.Split(Jan1, Jan1.AddYears(10), Segments.Parse("1 year")).Count);

    [Fact]
    public void TheSubmissionBecomesASequentialArrayThatTellsEachChildTheLength()
    {
        var spec = new SubmissionSpec { Name = "decade", Queue = "q", Definition = "d", SimulationStart = Jan1, SimulationEnd = Jan1.AddYears(10) };
        var segmented = Segments.Apply(spec, "1y");
        Assert.Equal((10, true), (segmented.ArraySize, segmented.Sequential));
        Assert.Equal("1y", segmented.Environment[Segments.LengthVariable]);
        Assert.Same(spec, Segments.Apply(spec, "20y")); // one segment: a plain job
    }

    [Theory]
    [InlineData("1 week", "GcSegmentLengthInvalid")]
    [InlineData("0d", "GcSegmentLengthInvalid")]
    public void BadLengthsAreRefused(string length, string id) =>
        Assert.Equal(id, Assert.Throws<GcException>(() => Segments.Parse(length)).ErrorId);

    [Fact]
    public void SegmentsNeedThePeriodAndNoOtherArray()
    {
        var noPeriod = new SubmissionSpec { Name = "x", Queue = "q", Definition = "d" };
        Assert.Equal("GcSegmentPeriodMissing", Assert.Throws<GcException>(() => Segments.Apply(noPeriod, "1mo")).ErrorId);
        var array = noPeriod with { SimulationStart = Jan1, SimulationEnd = Jan1.AddYears(1), ArraySize = 5 };
        Assert.Equal("GcSegmentArrayConflict", Assert.Throws<GcException>(() => Segments.Apply(array, "1mo")).ErrorId);
    }
}
