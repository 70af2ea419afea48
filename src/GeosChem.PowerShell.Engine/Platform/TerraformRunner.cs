using System.Diagnostics;
using System.Runtime.InteropServices;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Platform;

/// <summary>Runs the terraform executable in a working directory, streaming its standard output line by line.</summary>
internal sealed class TerraformRunner(string executable, string workingDirectory, IReadOnlyDictionary<string, string> environment)
{
    public string Executable => executable;

    /// <summary>GC_TERRAFORM_PATH, else terraform on PATH; a clear error naming how to install it otherwise.</summary>
    public static string Locate(IEnvironment env)
    {
        if (env.Get("GC_TERRAFORM_PATH") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : throw NotFound($"GC_TERRAFORM_PATH points at {explicitPath}, which does not exist.");
        }
        var names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { "terraform.exe" } : ["terraform"];
        foreach (var dir in (env.Get("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw NotFound("terraform is not on PATH.");
    }

    private static GcException NotFound(string what) =>
        new(ErrorIds.TerraformNotFound, GcErrorKind.ObjectNotFound, $"Deploying the platform needs Terraform 1.5 or later, and {what}",
            "Install it from https://developer.hashicorp.com/terraform/install (Windows: winget install Hashicorp.Terraform; macOS: brew install hashicorp/tap/terraform; Debian/Ubuntu: HashiCorp's apt repository), open a new shell, or set GC_TERRAFORM_PATH to the executable.");

    /// <summary>Runs terraform with the arguments; returns its exit code and standard error. Ctrl+C interrupts it the way a terminal would.</summary>
    public async Task<(int ExitCode, string Error)> RunAsync(IReadOnlyList<string> arguments, Action<string> onLine, CancellationToken ct)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        info.Environment["TF_IN_AUTOMATION"] = "1";
        info.Environment["TF_INPUT"] = "0";
        using var process = Process.Start(info) ?? throw new GcException(ErrorIds.TerraformFailed, GcErrorKind.InvalidOperation, $"{executable} did not start.");
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(ct).ConfigureAwait(false)) is not null) onLine(line);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interrupt(process);
            throw;
        }
        return (process.ExitCode, await error.ConfigureAwait(false));
    }

    /// <summary>SIGINT lets terraform finish the resource in hand and release its state lock; it is killed after a minute.</summary>
    private static void Interrupt(Process process)
    {
        try
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                kill?.WaitForExit(5000);
                if (process.WaitForExit(60_000)) return;
            }
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
