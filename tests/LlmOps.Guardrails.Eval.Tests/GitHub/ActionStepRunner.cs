using System.Diagnostics;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Runs the `run:` steps of action.yml locally, in order, the way the Actions runner would: `${{ inputs.* }}`,
/// `${{ github.* }}` and `${{ steps.*.outputs.* }}` substituted in each step's `env:` (nowhere else), one
/// GITHUB_OUTPUT file per step read back as that step's outputs, a shared GITHUB_STEP_SUMMARY, and `if: always()`
/// steps still running after a failure. `uses:` steps are skipped.
/// </summary>
internal sealed class ActionStepRunner
{
    private static readonly Regex Expression = new(@"\$\{\{\s*([^}]+?)\s*\}\}");

    public sealed record StepRun(string Label, int ExitCode, string Output, string Error, string OutputFile);

    public sealed record ActionRun(IReadOnlyList<StepRun> Steps, IReadOnlyDictionary<string, string> Outputs, bool Failed)
    {
        public string AllText => string.Concat(Steps.Select(s => s.Output + s.Error));
    }

    public required ActionDefinition Action { get; init; }

    /// <summary>Input values given by the workflow's `with:`; others take the action's defaults.</summary>
    public IDictionary<string, string> With { get; } = new Dictionary<string, string>();

    /// <summary>The `github` context (e.g. "token", "base_ref", "event.repository.default_branch").</summary>
    public IDictionary<string, string> GitHubContext { get; } = new Dictionary<string, string>();

    /// <summary>The environment the runner gives every step (GITHUB_*, RUNNER_TEMP, PATH...).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public required string WorkDirectory { get; init; }

    public ActionRun Run()
    {
        var stepOutputs = new Dictionary<string, Dictionary<string, string>>();
        var runs = new List<StepRun>();
        var failed = false;
        var index = 0;
        foreach (var step in Action.Steps)
        {
            index++;
            if (step.Run is null)
            {
                continue;
            }

            var always = step.If is not null && step.If.Replace(" ", "", StringComparison.Ordinal).StartsWith("always()", StringComparison.Ordinal);
            if (step.If is not null && !always)
            {
                throw new InvalidOperationException($"step {step.Id}: the runner only evaluates `if: always()` on run steps, not '{step.If}'");
            }

            if (failed && !always)
            {
                continue;
            }

            var outputFile = Path.Combine(WorkDirectory, $"github-output-{index}-{step.Id ?? "step"}");
            File.WriteAllText(outputFile, "");
            var env = new Dictionary<string, string>(Environment) { ["GITHUB_OUTPUT"] = outputFile };
            foreach (var (name, value) in step.Env)
            {
                env[name] = Substitute(value, stepOutputs);
            }

            var run = RunBash(step.Run, env, step.Id ?? step.Name ?? index.ToString());
            runs.Add(run with { OutputFile = outputFile });
            if (step.Id is not null)
            {
                stepOutputs[step.Id] = ReadOutputs(outputFile);
            }

            failed |= run.ExitCode != 0;
        }

        var outputs = Action.Outputs.ToDictionary(o => o.Name, o => Substitute(o.Value, stepOutputs));
        return new ActionRun(runs, outputs, failed);
    }

    private string Substitute(string text, Dictionary<string, Dictionary<string, string>> stepOutputs) =>
        Expression.Replace(text, m =>
        {
            var expr = m.Groups[1].Value;
            if (expr.StartsWith("inputs.", StringComparison.Ordinal))
            {
                var name = expr["inputs.".Length..];
                var input = Action.Inputs.SingleOrDefault(i => i.Name == name)
                    ?? throw new InvalidOperationException("unknown input " + name);
                return With.TryGetValue(name, out var given) ? given : Substitute(input.Default ?? "", stepOutputs);
            }

            if (expr.StartsWith("github.", StringComparison.Ordinal))
            {
                return GitHubContext.TryGetValue(expr["github.".Length..], out var value) ? value : "";
            }

            var step = Regex.Match(expr, @"^steps\.([\w-]+)\.outputs\.([\w-]+)$");
            if (step.Success)
            {
                return stepOutputs.TryGetValue(step.Groups[1].Value, out var outs) && outs.TryGetValue(step.Groups[2].Value, out var v) ? v : "";
            }

            throw new InvalidOperationException("the runner cannot evaluate ${{ " + expr + " }}");
        });

    private static Dictionary<string, string> ReadOutputs(string file) =>
        File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    private StepRun RunBash(string script, Dictionary<string, string> env, string label)
    {
        var scriptFile = Path.Combine(WorkDirectory, $"step-{label}-{Guid.NewGuid():N}.sh");
        File.WriteAllText(scriptFile, script);
        // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
        var start = new ProcessStartInfo("bash") { WorkingDirectory = env["GITHUB_WORKSPACE"] };
        foreach (var arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", scriptFile })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("INPUT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        var result = ChildProcess.Run(start);
        File.Delete(scriptFile);
        return new StepRun(label, result.ExitCode, result.StandardOutput, result.StandardError, "");
    }
}
