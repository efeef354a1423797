using System.CommandLine;
using System.IO;
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
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = CreateRootCommand(output, error);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return parseResult.Invoke(configuration);
    }
}
