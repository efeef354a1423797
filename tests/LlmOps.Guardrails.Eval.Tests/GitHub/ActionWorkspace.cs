using System.Text.Json;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// What a pull_request run of the action sees: a checkout whose `origin` (a bare repository over file://) has the
/// base branch `main`, a working tree with an edited prompt and its recorded cassettes (so `--offline` replays with no
/// provider), a pull_request event payload, a runner temp folder, and `dotnet-eval` on PATH as a shim running the
/// tool built next to the tests.
/// </summary>
internal sealed class ActionWorkspace : IDisposable
{
    public const int PullRequest = 42;
    public const string Repository = "octo-org/octo-repo";

    private readonly TempGitRepo repo = new();
    private readonly string origin;

    public ActionWorkspace()
    {
        Runner = Path.Combine(Path.GetTempPath(), "llmops-runner-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Runner);
        origin = Path.Combine(Runner, "origin.git");

        var keyVariable = "LLMOPS_ACTION_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using (var provider = FakeProviderServer.Start())
        {
            provider.DefaultResponse = FakeResponse.Ok("This is a billing question.", new FakeUsage(InputTokens: 120, OutputTokens: 8));
            repo.Write("llmops.eval.yaml", $$"""
                prompts: ["prompts/*.prompt.yaml"]
                datasets: "datasets/{id}.jsonl"
                providers:
                  default: { type: openai-compatible, base_url: "{{provider.OpenAIEndpoint}}", api_key_env: {{keyVariable}}, max_retries: 0 }
                cassettes: .llmops/cassettes
                concurrency: 1
                """);
            repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
            repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2", "refund-3"));
            repo.CommitAll("base");
            repo.Git("clone", "-q", "--bare", repo.Root, origin);
            repo.Git("remote", "add", "origin", new Uri(origin).AbsoluteUri);
            repo.Git("checkout", "-q", "-b", "feature");
            repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));

            Environment.SetEnvironmentVariable(keyVariable, "provider-key-for-recording");
            try
            {
                var recorded = CliRunner.Run("compare", "--config", repo.ConfigPath, "--baseline", "HEAD", "--record", "--out", Path.Combine(Runner, "recording"));
                if (recorded.ExitCode != 0)
                {
                    throw new InvalidOperationException("recording the cassettes failed: " + recorded.Output + recorded.Error);
                }
            }
            finally
            {
                Environment.SetEnvironmentVariable(keyVariable, null);
            }
        }

        repo.CommitAll("edit the classify prompt");

        EventPath = Path.Combine(Runner, "event.json");
        File.WriteAllText(EventPath, JsonSerializer.Serialize(new
        {
            action = "synchronize",
            number = PullRequest,
            pull_request = new { number = PullRequest, @base = new { @ref = "main" }, head = new { @ref = "feature" } },
            repository = new { full_name = Repository, default_branch = "main" },
        }));

        var bin = Path.Combine(Runner, "bin");
        Directory.CreateDirectory(bin);
        var shim = Path.Combine(bin, "dotnet-eval");
        File.WriteAllText(shim, "#!/usr/bin/env bash\nexec dotnet \"" + Path.Combine(AppContext.BaseDirectory, "dotnet-eval.dll") + "\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        ShimDirectory = bin;
    }

    /// <summary>The checkout (GITHUB_WORKSPACE).</summary>
    public string Root => repo.Root;

    /// <summary>The runner's own folder: RUNNER_TEMP, step scripts, per-step GITHUB_OUTPUT files, the summary.</summary>
    public string Runner { get; }

    public string EventPath { get; }

    public string ConfigPath => repo.ConfigPath;

    /// <summary>git in the checkout (e.g. a new commit, so HEAD moves on).</summary>
    public string Git(params string[] args) => repo.Git(args);

    public string ShimDirectory { get; }

    /// <summary>A runner for one run of the action against <paramref name="github"/>, as a pull_request event.</summary>
    public ActionStepRunner CreateRunner(FakeGitHubServer github, string token, string eventName = "pull_request", string workflow = "ci")
    {
        var runnerTemp = Path.Combine(Runner, "temp");
        Directory.CreateDirectory(runnerTemp);
        var runner = new ActionStepRunner { Action = ActionDefinition.Load(), WorkDirectory = Runner };
        runner.GitHubContext["token"] = token;
        runner.GitHubContext["base_ref"] = eventName.StartsWith("pull_request", StringComparison.Ordinal) ? "main" : "";
        runner.GitHubContext["event.repository.default_branch"] = "main";
        var env = runner.Environment;
        env["PATH"] = ShimDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        env["CI"] = "true";
        env["GITHUB_ACTIONS"] = "true";
        env["GITHUB_WORKSPACE"] = Root;
        env["GITHUB_API_URL"] = github.BaseUrl.ToString().TrimEnd('/');
        env["GITHUB_SERVER_URL"] = "https://github.example.invalid";
        env["GITHUB_REPOSITORY"] = Repository;
        env["GITHUB_EVENT_NAME"] = eventName;
        env["GITHUB_EVENT_PATH"] = EventPath;
        env["GITHUB_WORKFLOW"] = workflow;
        env["GITHUB_RUN_ID"] = "4242";
        env["GITHUB_BASE_REF"] = runner.GitHubContext["base_ref"];
        env["GITHUB_STEP_SUMMARY"] = SummaryPath;
        env["GITHUB_PATH"] = Path.Combine(Runner, "github-path");
        env["RUNNER_TEMP"] = runnerTemp;
        env["GITHUB_TOKEN"] = token;
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return runner;
    }

    public string SummaryPath => Path.Combine(Runner, "step-summary.md");

    public void Dispose()
    {
        repo.Dispose();
        try
        {
            Directory.Delete(Runner, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
