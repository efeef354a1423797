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
        root.Add(AuditCommand.Create(output, error));
        root.Add(ImportCommand.Create(output, error));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the command line. A usage error (unknown option or verb, missing or bad value) prints what is wrong and exits
    /// 3 without running anything. Ctrl+C / SIGTERM cancel the commands' token (compare then keeps its checkpoint and
    /// exits 3); the process is ended anyway if the command has not returned 30 s later.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (error is null) throw new ArgumentNullException(nameof(error));
        var root = CreateRootCommand(output, error);
        var parseResult = root.Parse(args);
        var usageErrors = UsageErrors.Describe(parseResult);
        if (usageErrors.Count > 0)
        {
            foreach (string line in usageErrors) error.WriteLine("error: " + line);
            error.WriteLine(UsageErrors.HelpHint(parseResult));
            return Task.FromResult(ExitCodes.CouldNotRun);
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        return parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
