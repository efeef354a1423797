using System.IO;

namespace LlmOps.Guardrails.Eval.Tests;

/// <summary>Runs the real command tree in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = EvalCli.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot => LlmOps.Guardrails.Tests.Shared.RepositoryFolder.Root;
}
