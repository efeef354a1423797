using System.CommandLine;
using System.IO;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval history</c>.</summary>
internal static class HistoryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("history", "Show the pass-rate, cost and latency trend per prompt from .llmops/history.db.");
        command.SetAction(_ =>
        {
            error.WriteLine("error: 'history' is not available in this build.");
            return ExitCodes.CouldNotRun;
        });
        return command;
    }
}
