using GeosChem.PowerShell.Hosting;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Ctrl+C lets work abandoned on thread-pool threads outlive the cmdlet. Nothing it does afterwards may throw on
/// those threads (an unhandled exception there ends the whole pwsh process), and nothing may reach the cmdlet.
/// </summary>
public sealed class StopAndDisposeTests
{
    [Fact]
    public void WritesPostedBeforeDisposeRunOnTheDrainingThreadAndLaterOnesAreDropped()
    {
        var writes = new PendingWrites();
        var ran = new List<string>();
        Task.Run(() => writes.Post(() => ran.Add("before"))).Wait();
        writes.Drain();
        writes.Dispose();

        var late = Task.Run(() => writes.Post(() => ran.Add("after")));

        late.Wait(); // rethrows here if the late write threw on its thread-pool thread
        writes.Drain();
        Assert.Equal(["before"], ran);
    }

    [Fact]
    public void ReportsRacingDisposeNeverThrow()
    {
        for (var round = 0; round < 50; round++)
        {
            var writes = new PendingWrites();
            using var go = new ManualResetEventSlim();
            var reporters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                go.Wait();
                for (var i = 0; i < 200; i++) writes.Post(static () => { });
            })).ToArray();
            go.Set();
            writes.Dispose();
            Task.WaitAll(reporters);
        }
    }

    [Fact]
    public void WritesReportedWhileWorkRunsAreWrittenByTheWaitingThreadInOrder()
    {
        var writes = new PendingWrites();
        var waiter = Environment.CurrentManagedThreadId;
        var seen = new List<(int Thread, int N)>();
        var work = Task.Run(async () =>
        {
            for (var n = 1; n <= 3; n++)
            {
                var k = n;
                writes.Post(() => seen.Add((Environment.CurrentManagedThreadId, k)));
                await Task.Delay(10);
            }
        });

        writes.RunUntil(work);

        Assert.Equal([1, 2, 3], seen.Select(s => s.N));
        Assert.All(seen, s => Assert.Equal(waiter, s.Thread));
        writes.Dispose();
    }

    [Fact]
    public void TheWakeUpAfterFinishedWorkDoesNotThrowWhenItRunsAfterDispose()
    {
        // RunUntil attaches a continuation that wakes the waiting thread; it runs on the thread pool and can run
        // after the cmdlet (and its queue) were disposed. It must then do nothing rather than fault.
        var faults = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x is ObjectDisposedException && (x.StackTrace ?? "").Contains(nameof(PendingWrites))))
                Interlocked.Increment(ref faults);
        };
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            RunAndDispose(500);
            Thread.Sleep(300); // let the last continuations run
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= count;
        }
        Assert.Equal(0, faults);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void RunAndDispose(int times)
    {
        for (var i = 0; i < times; i++)
        {
            var writes = new PendingWrites();
            writes.RunUntil(Task.CompletedTask);
            writes.Dispose();
        }
    }

    [Fact]
    public void AStopBeforeDisposeCancelsTheWork()
    {
        using var signal = new StopSignal();
        signal.Stop();
        Assert.True(signal.Token.IsCancellationRequested);
    }

    [Fact]
    public void AStopThatArrivesAfterDisposeIsIgnored()
    {
        var signal = new StopSignal();
        var token = signal.Token;
        signal.Dispose();
        signal.Stop();
        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public void StopsRacingDisposeNeverThrow()
    {
        for (var round = 0; round < 200; round++)
        {
            var signal = new StopSignal();
            var stopper = Task.Run(signal.Stop);
            signal.Dispose();
            stopper.Wait();
        }
    }
}
