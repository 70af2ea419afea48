using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>The wizard's questions, asked through the host's UI (so any host, including a test host, can answer).</summary>
internal sealed class Wizard(PSHostUserInterface ui)
{
    public void Say(string text) => ui.WriteLine(text);

    public string Ask(string question, string? suggestion)
    {
        var field = new FieldDescription(question) { DefaultValue = suggestion is null ? null : new PSObject(suggestion) };
        Dictionary<string, PSObject> answers;
        try
        {
            answers = ui.Prompt("", suggestion is null ? "" : $"(Enter for {suggestion})", new Collection<FieldDescription> { field });
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException)
        {
            throw NeedsInput(question, ex);
        }
        var answer = answers.TryGetValue(question, out var value) ? value?.ToString()?.Trim() : null;
        return string.IsNullOrEmpty(answer) ? suggestion ?? "" : answer;
    }

    public int Choose(string caption, string question, IReadOnlyList<(string Label, string Help)> choices, int suggestion)
    {
        var list = new Collection<ChoiceDescription>([.. choices.Select(c => new ChoiceDescription(c.Label, c.Help))]);
        try
        {
            return ui.PromptForChoice(caption, question, list, suggestion);
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException)
        {
            throw NeedsInput(question, ex);
        }
    }

    private static GcException NeedsInput(string question, Exception inner) =>
        new(ErrorIds.WizardNeedsInput, GcErrorKind.InvalidOperation,
            $"Initialize-GcPlatform needed an answer ('{question}') but this session cannot prompt.",
            "Give the settings as parameters with -NonInteractive, for example: Initialize-GcPlatform -NonInteractive -Region us-east-1 -MaxVCpus 256 -MonthlyBudgetUsd 500.", question, inner);
}
