using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Hosting;

/// <summary>The GEOS-Chem executables the images hold, with the simulations each one runs.</summary>
internal sealed class ExecutableCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, GeosChemDomain.Default.Models.Values
            .SelectMany(m => m.Simulations.Select(s => (Exe: RunDirectoryReader.ExecutableFor(m.Name, s), Sim: $"{m.Name} {s}")))
            .GroupBy(e => e.Exe).Select(g => (g.Key, string.Join(", ", g.Select(e => e.Sim)))));
}

/// <summary>The meteorology createRunDir.sh offers.</summary>
internal sealed class MetFieldCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, CreateRunDirAnswers.MetFields.Select(m => (m, m)));
}
