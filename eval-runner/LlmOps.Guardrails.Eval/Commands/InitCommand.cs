using System;
using System.CommandLine;
using System.IO;
using System.Text;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval init</c>: writes a commented starter <c>llmops.eval.yaml</c> and a sample dataset. Never overwrites the
/// config without <c>--force</c>, never overwrites an existing dataset, and writes each file atomically (temp file + rename).
/// </summary>
public static class InitCommand
{
    public const string SampleDatasetPath = "datasets/sample.jsonl";

    /// <summary>
    /// The reference of llmops.eval.yaml, on the project's site: init runs in the user's repository, where a relative
    /// docs/ path points at nothing.
    /// </summary>
    public const string ConfigDocumentationUrl = "https://github.com/llmops-guardrails/llmops-guardrails/blob/main/docs/eval-config.md";

    public const string StarterConfig = """
        # yaml-language-server: $schema=https://raw.githubusercontent.com/llmops-guardrails/llmops-guardrails/main/eval-runner/LlmOps.Guardrails.Eval/Config/llmops.eval.schema.json
        # llmops.eval.yaml: what `dotnet eval` runs and when it fails the build.
        # Every key: https://github.com/llmops-guardrails/llmops-guardrails/blob/main/docs/eval-config.md
        # Paths are relative to this file.

        # Prompt files to evaluate (glob patterns).
        prompts:
          - "prompts/**/*.prompt.yaml"

        # Golden dataset per prompt id; "*" is the dataset of every other prompt ({id} is replaced by the prompt id).
        datasets:
          sample: datasets/sample.jsonl
          "*": "datasets/{id}.jsonl"

        # Where responses come from. "default" replays recorded responses (cassettes): no keys, no cost, offline.
        # Keys are never written here: name the environment variable that holds them.
        providers:
          default: { type: replay }
          # openai: { type: openai, api_key_env: OPENAI_API_KEY }
          # anthropic: { type: anthropic, api_key_env: ANTHROPIC_API_KEY }
          # local: { type: openai-compatible, base_url: "http://localhost:11434/v1", api_key_env: OLLAMA_API_KEY }

        # Recorded responses, committed with the code so that CI runs offline.
        cassettes: .llmops/cassettes

        # The LLM judge for `judge` assertions (a pinned model, so that scores stay comparable).
        # judge:
        #   model: gpt-4o-mini-2024-07-18
        #   provider: openai
        #   rubric_default: "The answer is correct, complete and polite."
        #   pass_threshold: 0.7

        # Assertions applied to every case, in addition to the case's own.
        scorers:
          - { type: latency-max, value: 30000 }

        # Runs per case; a case passes only if every run passes (pass^k).
        repeats: 1

        # Provider calls in flight at once.
        concurrency: 4

        # When the run fails: exit code 1 for quality, 2 for cost or latency.
        gate:
          quality: { min_pass_rate: 0.8, max_drop: 0.05, level: fail }
          cost: { max_increase_percent: 10, level: fail }
          latency: { max_p95_increase_percent: 25, level: warn }
          # per_prompt: { sample: { quality: { min_pass_rate: 0.9 } } }
          # per_tag: { critical: { quality: { max_drop: 0 } } }

        """;

    public const string SampleDataset = """
        {"id": "refund-double-charge", "vars": {"ticket": "I was charged twice for my subscription this month."}, "expected": "billing", "assert": [{"type": "icontains", "value": "billing"}], "tags": ["critical"]}
        {"id": "password-reset", "vars": {"ticket": "I cannot log in, the reset link has expired."}, "expected": "login", "assert": [{"type": "icontains", "any": ["login", "account"]}, {"type": "length", "max": 200}]}
        {"id": "feature-request", "vars": {"ticket": "Could you add a dark mode to the dashboard?"}, "expected": "feedback", "assert": [{"type": "not-icontains", "value": "billing"}]}

        """;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Option<string?>("--directory", "-d") { Description = "Folder to write into. Default: the current folder." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing llmops.eval.yaml (an existing dataset is never overwritten)." };
        var command = new Command("init", "Write a starter llmops.eval.yaml and a sample dataset.\n\nExample:\n  dotnet eval init\n  dotnet eval init --directory src/MyApp --force")
        {
            directory, force,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(directory) ?? Directory.GetCurrentDirectory(), parseResult.GetValue(force), output, error));
        return command;
    }

    /// <summary>Writes the files into <paramref name="directory"/>; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string directory, bool force, TextWriter output, TextWriter error)
    {
        string root;
        try
        {
            root = Path.GetFullPath(directory);
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error LLME002: cannot use the folder '{directory}' ({ex.Message}). Check the path and its permissions.");
            return ExitCodes.CouldNotRun;
        }

        var configPath = Path.Combine(root, EvalConfig.DefaultFileName);
        if (File.Exists(configPath) && !force)
        {
            error.WriteLine($"error LLME115: {configPath} already exists and was left unchanged. Pass --force to overwrite it, or edit it.");
            return ExitCodes.CouldNotRun;
        }

        var datasetPath = Path.Combine(root, SampleDatasetPath.Replace('/', Path.DirectorySeparatorChar));
        try
        {
            if (!File.Exists(datasetPath))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(datasetPath)!);
                if (WriteAtomically(datasetPath, Normalize(SampleDataset), overwrite: false))
                {
                    output.WriteLine($"Wrote {datasetPath}");
                }
            }
            else
            {
                output.WriteLine($"Kept {datasetPath} (already exists)");
            }

            if (!WriteAtomically(configPath, Normalize(StarterConfig), overwrite: force))
            {
                error.WriteLine($"error LLME115: {configPath} appeared while writing and was left unchanged. Pass --force to overwrite it.");
                return ExitCodes.CouldNotRun;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error LLME002: cannot write into '{root}' ({ex.Message}). Check the folder's permissions.");
            return ExitCodes.CouldNotRun;
        }

        output.WriteLine($"Wrote {configPath}");
        output.WriteLine("Next: add prompts under prompts/, a dataset per prompt under datasets/, then run 'dotnet eval compare --baseline origin/main'. Every key of llmops.eval.yaml: " + ConfigDocumentationUrl);
        return ExitCodes.Success;
    }

    /// <summary>Writes a temp file next to <paramref name="path"/> and renames it over; false when the target exists and may not be replaced.</summary>
    internal static bool WriteAtomically(string path, string content, bool overwrite)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, content, new UTF8Encoding(false));
            if (!overwrite && File.Exists(path))
            {
                return false;
            }

            File.Move(temp, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
