using System.Diagnostics;
using System.Runtime.InteropServices;
using GeosChem.AwsEmulator;

// The emulator as a process, for Pester and the demo:
//   GeosChem.AwsEmulator [--port N] [--url-file PATH] [--parent-pid PID]
// Prints its URL, writes it to --url-file when given, and exits on Ctrl+C, SIGTERM, or when the parent process exits.
var port = 0;
string? urlFile = null;
int? parentPid = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[++i]); break;
        case "--url-file": urlFile = args[++i]; break;
        case "--parent-pid": parentPid = int.Parse(args[++i]); break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: GeosChem.AwsEmulator [--port N] [--url-file PATH] [--parent-pid PID]");
            return 2;
    }
}

await using var emulator = await AwsEmulator.StartAsync(port);
var url = emulator.Url.ToString().TrimEnd('/');
Console.WriteLine($"GeosChem AWS emulator listening on {url}");
Console.WriteLine($"  access key {EmulatorCredentials.Default.AccessKeyId} (account {EmulatorCredentials.Default.AccountId}); not a real AWS key");
if (urlFile is not null)
{
    var temp = urlFile + ".tmp";
    await File.WriteAllTextAsync(temp, url);
    File.Move(temp, urlFile, overwrite: true);
}

using var stop = new CancellationTokenSource();
// The web host takes over SIGTERM and SIGINT and then waits for a shutdown that only this loop can start.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
if (parentPid is { } pid)
{
    _ = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try { using var parent = Process.GetProcessById(pid); if (parent.HasExited) break; }
            catch (ArgumentException) { break; }
            await Task.Delay(1000);
        }
        stop.Cancel();
    });
}
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
return 0;
