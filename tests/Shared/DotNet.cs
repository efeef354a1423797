using System.Diagnostics;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>Runs a real CLI (<c>dotnet</c>, <c>git</c>) as a child process and captures everything it prints.</summary>
public static class DotNet
{
    public sealed record Result(int ExitCode, string Output);

    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static Result Run(string workingDirectory, params string[] arguments) => Exec(Host, workingDirectory, arguments);

    /// <summary>Runs a CLI with the child-build environment, under <see cref="ChildProcess"/>'s limit and timeout handling.</summary>
    public static Result Exec(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        PrepareChildBuild(start.Environment);
        var result = ChildProcess.Run(start);
        return new Result(result.ExitCode, result.Output);
    }

    /// <summary>
    /// Makes <paramref name="environment"/> (a child process's) that of a developer's shell. A test host started by
    /// `dotnet test` carries MSBuild settings for its own build; a child build must pick its SDK and MSBuild afresh.
    /// CI=true would also switch a consumer into locked mode: the tests choose the mode explicitly instead.
    /// </summary>
    public static void PrepareChildBuild(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if ((name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && name != "MSBUILDDISABLENODEREUSE")
                || name is "CI" or "ContinuousIntegrationBuild" or "TF_BUILD" or "GITHUB_ACTIONS")
            {
                environment.Remove(name);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["GIT_AUTHOR_NAME"] = environment["GIT_COMMITTER_NAME"] = "test";
        environment["GIT_AUTHOR_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
    }
}
