using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Registers the module's table views just before the first command that runs after the import, not during it:
/// registering format data makes PowerShell load all of its own views first, the largest part of what importing
/// this module cost, and a session that only imports the module never needs them. Every object of ours comes from a
/// command (Get-FormatData is one too), so none is formatted before its view exists.
/// </summary>
internal static class FirstCommandViews
{
    private const string RegisterScript = "Microsoft.PowerShell.Utility\\Update-FormatData -PrependPath $args[0]";

    /// <summary>Sets a one-shot command-lookup hook that registers <paramref name="formatFile"/> on the next lookup, and
    /// hands on to any hook already set. Does nothing when the session has the file already (a repeated import).</summary>
    public static void Register(CommandInvocationIntrinsics commands, string formatFile)
    {
        if (IsRegistered(formatFile)) return;
        var previous = commands.PostCommandLookupAction;
        EventHandler<CommandLookupEventArgs>? self = null;
        self = (commandName, lookup) =>
        {
            // Take the hook off first (Update-FormatData is itself a command lookup), but only if no later hook took its
            // place and calls this one on.
            if (ReferenceEquals(commands.PostCommandLookupAction, self)) commands.PostCommandLookupAction = previous;
            if (!IsRegistered(formatFile)) commands.InvokeScript(RegisterScript, formatFile);
            previous?.Invoke(commandName, lookup);
        };
        commands.PostCommandLookupAction = self;
    }

    private static bool IsRegistered(string formatFile) =>
        Runspace.DefaultRunspace?.InitialSessionState?.Formats.Any(f => string.Equals(f.FileName, formatFile, StringComparison.Ordinal)) == true;
}
