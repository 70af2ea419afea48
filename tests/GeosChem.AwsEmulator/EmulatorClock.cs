namespace GeosChem.AwsEmulator;

/// <summary>The emulator's notion of now: real time plus an offset that tests can advance.</summary>
public sealed class EmulatorClock
{
    private long _offsetTicks;

    public DateTime UtcNow => DateTime.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
