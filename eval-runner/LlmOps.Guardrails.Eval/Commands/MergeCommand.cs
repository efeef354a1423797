using System.CommandLine;
using System.IO;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval merge</c>.</summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("merge", "Merge the results.json of --shard runs into one run and its reports.");
        command.SetAction(_ =>
        {
            error.WriteLine("error: 'merge' is not available in this build.");
            return ExitCodes.CouldNotRun;
        });
        return command;
    }
}
