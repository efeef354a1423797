using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>
/// A throwaway git repository shaped like a consumer project: a config pointing the default provider at the fake
/// server, one prompt committed as the baseline and edited in the working tree (so every case runs twice), and a
/// JSONL dataset with a deterministic assertion.
/// </summary>
internal sealed class BenchRepo : IDisposable
{
    public const string PromptId = "classify";
    public const string KeyVariable = "LLMOPS_BENCH_KEY";
    private const string Model = "gpt-4o-mini-2024-07-18";
    private const string BaselineSystem = "Classify the support ticket into one word: billing, login or other.";

    private BenchRepo(string root) => Root = root;

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "llmops.eval.yaml");

    public string CassettesPath => Path.Combine(Root, ".llmops", "cassettes");

    public string BaselineSha { get; private set; } = string.Empty;

    public static BenchRepo Create(string baseUrl, int cases, int concurrency)
    {
        var repo = new BenchRepo(Directory.CreateTempSubdirectory("llmops-eval-perf.").FullName);
        repo.Git("init", "-q", "-b", "main");
        repo.Git("config", "user.email", "bench@example.invalid");
        repo.Git("config", "user.name", "bench");
        repo.Git("config", "commit.gpgsign", "false");
        repo.Write("llmops.eval.yaml", Config(baseUrl, concurrency));
        repo.Write($"prompts/{PromptId}.prompt.yaml", Prompt(BaselineSystem));
        repo.Write($"datasets/{PromptId}.jsonl", Dataset(cases));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "baseline");
        repo.BaselineSha = repo.Git("rev-parse", "HEAD").Trim();
        // The candidate: a changed system message, so its cassette keys differ from the baseline's.
        repo.Write($"prompts/{PromptId}.prompt.yaml", Prompt(BaselineSystem + " Answer in lower case."));
        return repo;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the figures are already printed.
        }
    }

    private static string Config(string baseUrl, int concurrency) => $$"""
        prompts: ["prompts/*.prompt.yaml"]
        datasets: "datasets/{id}.jsonl"
        providers:
          default: { type: openai-compatible, base_url: "{{baseUrl}}", api_key_env: {{KeyVariable}} }
        cassettes: .llmops/cassettes
        concurrency: {{concurrency}}
        gate:
          quality: { max_drop: 0.05, level: fail }
          cost: { max_increase_percent: 10, level: fail }
          latency: { level: off }
        """ + "\n";

    private static string Prompt(string system) => $$$"""
        id: {{{PromptId}}}
        model: {{{Model}}}
        parameters:
          temperature: 0
          max_output_tokens: 50
        variables:
          ticket:
            sample: I was charged twice.
        messages:
          - role: system
            content: "{{{system}}}"
          - role: user
            content: "Ticket: {{ticket}}"
        """ + "\n";

    private static string Dataset(int cases)
    {
        var text = new StringBuilder();
        for (int i = 1; i <= cases; i++)
        {
            text.Append("{\"id\":\"case-").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"vars\":{\"ticket\":\"Ticket ").Append(i)
                .Append(": I was charged twice for my subscription.\"},\"assert\":[{\"type\":\"icontains\",\"value\":\"billing\"}]}\n");
        }

        return text.ToString();
    }

    private void Write(string relativePath, string text)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        string output = git.StandardOutput.ReadToEnd();
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
