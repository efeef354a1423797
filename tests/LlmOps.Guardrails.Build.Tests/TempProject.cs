using System.Diagnostics;
using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>A throw-away project folder with prompt files, and a way to run the task over it.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "llmops-build-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "prompts"));
    }

    public string Directory { get; }

    public string LockPath => Path.Combine(Directory, "prompts.lock.json");

    public string GeneratedPath => Path.Combine(Directory, "obj", "llmops", "Prompts.g.cs");

    public string ReportDirectory => Path.Combine(Directory, "obj", "llmops");

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WritePrompt(string id, string model = "gpt-4o-2024-08-06", int maxOutputTokens = 100, string system = "You classify support tickets.", string? fileName = null) =>
        Write("prompts/" + (fileName ?? id) + ".prompt.yaml", Prompt(id, model, maxOutputTokens, system));

    public static string Prompt(string id, string model = "gpt-4o-2024-08-06", int maxOutputTokens = 100, string system = "You classify support tickets.") => $$$"""
        id: {{{id}}}
        description: Classifies a ticket.
        owner:
          feature: triage
          team: support
        model: {{{model}}}
        parameters:
          temperature: 0.2
          max_output_tokens: {{{maxOutputTokens.ToString(CultureInfo.InvariantCulture)}}}
        variables:
          ticket:
            sample: My invoice is wrong and I need it fixed today.
        messages:
          - role: system
            content: "{{{system}}}"
          - role: user
            content: "Ticket: {{ticket}}"
        expected_output_tokens: 20
        traffic:
          calls_per_day: 1000
        """;

    public GeneratePromptArtifacts Task(FakeBuildEngine engine, Action<GeneratePromptArtifacts>? configure = null)
    {
        var prompts = System.IO.Directory.GetFiles(Path.Combine(Directory, "prompts"), "*.prompt.yaml", SearchOption.AllDirectories)
            .Select(p => (ITaskItem)new TaskItem(Path.GetRelativePath(Directory, p)))
            .ToArray();
        var task = new GeneratePromptArtifacts
        {
            BuildEngine = engine,
            Prompts = prompts,
            ProjectDirectory = Directory,
            LockFilePath = "prompts.lock.json",
            ReportDirectory = "obj/llmops/",
            GeneratedFilePath = "obj/llmops/Prompts.g.cs",
            RootNamespace = "Consumer",
            AnalysisDate = "2026-01-15",
        };
        configure?.Invoke(task);
        return task;
    }

    public (bool Success, FakeBuildEngine Engine) Run(Action<GeneratePromptArtifacts>? configure = null)
    {
        var engine = new FakeBuildEngine();
        var success = Task(engine, configure).Execute();
        return (success, engine);
    }

    /// <summary>Runs git in the project folder (a repository of its own, under the temp folder).</summary>
    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        var result = ChildProcess.Run(start);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.StandardError}");
        }

        return result.StandardOutput;
    }

    public void Dispose() => TestFolders.TryDelete(Directory);
}
