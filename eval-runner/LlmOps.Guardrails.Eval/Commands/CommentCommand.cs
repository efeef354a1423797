using System.CommandLine;
using System.IO;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval comment</c>.</summary>
internal static class CommentCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("comment", "Post or update the pull-request comment and the step summary from a compare report.");
        command.SetAction(_ =>
        {
            error.WriteLine("error: 'comment' is not available in this build.");
            return ExitCodes.CouldNotRun;
        });
        return command;
    }
}
