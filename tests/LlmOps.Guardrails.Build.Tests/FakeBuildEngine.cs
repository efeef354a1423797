using System.Collections;
using Microsoft.Build.Framework;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>Records what a task logs, with the file, position and code of every error and warning.</summary>
internal sealed class FakeBuildEngine : IBuildEngine
{
    public List<Logged> Errors { get; } = new();

    public List<Logged> Warnings { get; } = new();

    public List<BuildMessageEventArgs> Messages { get; } = new();

    public IEnumerable<Logged> All => Errors.Concat(Warnings);

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) =>
        Errors.Add(new Logged(e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message ?? string.Empty));

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) =>
        Warnings.Add(new Logged(e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message ?? string.Empty));

    public override string ToString() =>
        string.Join("\n", Errors.Select(e => "error " + e).Concat(Warnings.Select(w => "warning " + w)).Concat(Messages.Select(m => "message " + m.Message)));

    internal sealed record Logged(string Code, string File, int Line, int Column, string Message)
    {
        public override string ToString() => $"{File}({Line},{Column}): {Code}: {Message}";
    }
}
