// A PowerShell host whose prompts are answered from a queue, so the setup wizard can be driven as a user would drive
// it: every Prompt and PromptForChoice takes the next answer, and everything written is kept for assertions.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace GeosChemTests
{
    public sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedUI _ui;
        public ScriptedHost(IEnumerable<string> answers) { _ui = new ScriptedUI(answers); }
        public override string Name => "GeosChemScriptedHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() { }
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public List<string> Questions => _ui.Questions;
        public List<string> Written => _ui.Written;
        public int Unanswered => _ui.Remaining;
    }

    public sealed class ScriptedUI : PSHostUserInterface
    {
        private readonly Queue<string> _answers;
        public ScriptedUI(IEnumerable<string> answers) { _answers = new Queue<string>(answers); }
        public List<string> Questions { get; } = new List<string>();
        public List<string> Written { get; } = new List<string>();
        public int Remaining => _answers.Count;
        private string Next(string question)
        {
            Questions.Add(question);
            if (_answers.Count == 0) throw new InvalidOperationException("The test gave no answer for: " + question);
            return _answers.Dequeue();
        }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            var result = new Dictionary<string, PSObject>();
            foreach (var d in descriptions) result[d.Name] = new PSObject(Next(d.Name));
            return result;
        }
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var answer = Next(message);
            if (answer.Length == 0) return defaultChoice;
            for (var i = 0; i < choices.Count; i++) if (choices[i].Label.Replace("&", "").StartsWith(answer, StringComparison.OrdinalIgnoreCase)) return i;
            return int.Parse(answer, CultureInfo.InvariantCulture);
        }
        public override PSHostRawUserInterface RawUI => null;
        public override string ReadLine() => Next("ReadLine");
        public override SecureString ReadLineAsSecureString() => throw new NotImplementedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotImplementedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotImplementedException();
        public override void Write(string value) => Written.Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Written.Add(value);
        public override void WriteLine(string value) => Written.Add(value);
        public override void WriteErrorLine(string value) => Written.Add("ERROR: " + value);
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => Written.Add("WARNING: " + message);
    }
}
