using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("24:00:00", 86400)]
    [InlineData("36:00:00", 129600)]
    [InlineData("06:00", 21600)]
    [InlineData("00:00:00.2", 0.2)]
    [InlineData("1.12:00:00", 129600)]
    [InlineData("1d", 86400)]
    [InlineData("90m", 5400)]
    [InlineData("2h", 7200)]
    [InlineData("1d12h", 129600)]
    [InlineData("45s", 45)]
    [InlineData("PT6H", 21600)]
    public void ReadsTheFormsPeopleWrite(string text, double seconds)
    {
        Assert.True(Duration.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("24", "no unit")]
    [InlineData("1:75:00", "minutes above 59")]
    [InlineData("1.30:00:00", "more than 23 hours")]
    [InlineData("soon", "not a duration")]
    [InlineData("", "empty")]
    public void RefusesWhatCouldBeReadSeveralWays(string text, string why)
    {
        Assert.False(Duration.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem);
    }

    [Fact]
    public void DescribesAValueInDaysHoursAndTotalHours() => Assert.Equal("1d 12h (36 h)", Duration.Describe(TimeSpan.FromHours(36)));
}

public sealed class BatchDateTests
{
    [Theory]
    [InlineData("2019-07-01", 2019, 7, 1)]
    [InlineData("2019-07-01T06:30", 2019, 7, 1)]
    [InlineData("20190701", 2019, 7, 1)]
    public void ExactFormsAreRead(string text, int y, int m, int d) => Assert.Equal(new DateTime(y, m, d), BatchInput.Date(text, "SimulationStart")!.Value.Date);

    [Theory]
    [InlineData("2019-02-30")]
    [InlineData("01/06/2019")]
    [InlineData("June 1 2019")]
    public void AnythingElseIsAnErrorNotAGuess(string text) =>
        Assert.Equal("GcSimulationDateInvalid", Assert.Throws<Errors.GcException>(() => BatchInput.Date(text, "SimulationStart")).ErrorId);
}
