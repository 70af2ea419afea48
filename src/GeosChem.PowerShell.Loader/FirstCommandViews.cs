using System.Management.Automation;

namespace GeosChem.PowerShell.Loader;

/// <summary>
/// Registers the module's table views just before the first command that runs after the import, not during it:
/// registering format data makes PowerShell load all of its own views first, the largest part of what importing
/// this module cost, and a session that only imports the module never needs them. Every object of ours comes from a
/// command (Get-FormatData is one too), so none is formatted before its view exists.
/// </summary>
/// <remarks>
/// This is C#, not a script block in the .psm1, on purpose: setting the hook from script made PowerShell convert a
/// script block to a delegate and bind members dynamically, a large part of the import's cost.
/// </remarks>
public static class FirstCommandViews
{
    /// <summary>The command the .psm1 runs after setting the hook: its own lookup is part of the import.</summary>
    public const string ImportCommand = "Microsoft.PowerShell.Core\\Import-Module";

    private const string RegisterScript = "Microsoft.PowerShell.Utility\\Update-FormatData -PrependPath $args[0]";

    /// <summary>Sets a one-shot command-lookup hook that registers <paramref name="formatFile"/> on the first lookup
    /// after the .psm1's own <see cref="ImportCommand"/>, and hands on to any hook already set.</summary>
    public static void Register(CommandInvocationIntrinsics commands, string formatFile)
    {
        var previous = commands.PostCommandLookupAction;
        var importLookedUp = false;
        commands.PostCommandLookupAction = (commandName, lookup) =>
        {
            if (!importLookedUp && string.Equals(commandName as string, ImportCommand, StringComparison.OrdinalIgnoreCase))
            {
                importLookedUp = true;
            }
            else
            {
                // Restore first: Update-FormatData is itself a command lookup.
                commands.PostCommandLookupAction = previous;
                commands.InvokeScript(RegisterScript, formatFile);
            }
            previous?.Invoke(commandName, lookup);
        };
    }
}
