using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Commands;

namespace LlmOps.Guardrails.Eval;

/// <summary>Builds the <c>dotnet eval</c> command tree. Kept separate from Main so tests drive it in-process.</summary>
public static class EvalCli
{
    public static RootCommand CreateRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("dotnet eval: token counts, prices and prompt evaluations for LLM features.");
        root.Add(TokensCommand.Create(output, error));
        root.Add(CostCommand.Create(output, error));
        root.Add(InitCommand.Create(output, error));
        root.Add(CompareCommand.Create(output, error));
        root.Add(MergeCommand.Create(output, error));
        root.Add(HistoryCommand.Create(output, error));
        root.Add(CommentCommand.Create(output, error));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the command line. Ctrl+C / SIGTERM cancel the commands' token (compare then keeps its checkpoint and exits 3);
    /// the process is ended anyway if the command has not returned 30 s later.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(output, error);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        return parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
