using System.Diagnostics;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Runs the `run:` steps of action.yml locally, in order, the way the Actions runner would: `${{ inputs.* }}`,
/// `${{ github.* }}` and `${{ steps.*.outputs.* }}` substituted in each step's `env:` (nowhere else), one
/// GITHUB_OUTPUT file per step read back as that step's outputs, a shared GITHUB_STEP_SUMMARY, and `if: always()` or
/// `if: ${{ !cancelled() }}` steps still running after a failure. `uses:` steps are recorded and handed to
/// <see cref="OnUses"/> (e.g. a folder standing in for actions/cache), not run.
/// </summary>
internal sealed class ActionStepRunner
{
    private static readonly Regex Expression = new(@"\$\{\{\s*([^}]+?)\s*\}\}");

    public sealed record StepRun(string Label, int ExitCode, string Output, string Error, string OutputFile);

    public sealed record ActionRun(IReadOnlyList<StepRun> Steps, IReadOnlyDictionary<string, string> Outputs, bool Failed)
    {
        public string AllText => string.Concat(Steps.Select(s => s.Output + s.Error));

        /// <summary>The `uses:` steps reached, with their substituted `with:`.</summary>
        public IReadOnlyList<UsesRun> Uses { get; init; } = [];
    }

    public required ActionDefinition Action { get; init; }

    /// <summary>Input values given by the workflow's `with:`; others take the action's defaults.</summary>
    public IDictionary<string, string> With { get; } = new Dictionary<string, string>();

    /// <summary>The `github` context (e.g. "token", "base_ref", "event.repository.default_branch").</summary>
    public IDictionary<string, string> GitHubContext { get; } = new Dictionary<string, string>();

    /// <summary>The environment the runner gives every step (GITHUB_*, RUNNER_TEMP, PATH...).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public required string WorkDirectory { get; init; }

    /// <summary>
    /// What a `uses:` step does here: given the step and its substituted `with:`, the outputs it sets (null: skipped,
    /// as the tests have no third-party action to run). Every `uses:` step is recorded in <see cref="ActionRun.Uses"/>.
    /// </summary>
    public Func<ActionDefinition.Step, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>?>? OnUses { get; init; }

    public ActionRun Run()
    {
        var stepOutputs = new Dictionary<string, Dictionary<string, string>>();
        var runs = new List<StepRun>();
        var uses = new List<UsesRun>();
        var failed = false;
        var index = 0;
        foreach (var step in Action.Steps)
        {
            index++;
            var evenAfterFailure = step.If is not null && RunsAfterFailure(step.If);
            if (failed && !evenAfterFailure)
            {
                continue;
            }

            if (step.If is not null && !Condition(step.If, stepOutputs))
            {
                continue;
            }

            if (step.Run is null)
            {
                var with = step.With.ToDictionary(w => w.Key, w => Substitute(w.Value, stepOutputs));
                uses.Add(new UsesRun(step.Uses ?? "", with));
                if (step.Id is not null && OnUses?.Invoke(step, with) is { } set)
                {
                    stepOutputs[step.Id] = set.ToDictionary(kv => kv.Key, kv => kv.Value);
                }

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
        return new ActionRun(runs, outputs, failed) { Uses = uses };
    }

    public sealed record UsesRun(string Action, IReadOnlyDictionary<string, string> With);

    // Nothing is cancelled here, so `!cancelled()` (like `always()`) runs a step after an earlier one failed.
    private static bool RunsAfterFailure(string condition)
    {
        var text = Unwrap(condition);
        return text.StartsWith("always()", StringComparison.Ordinal) || text.StartsWith("!cancelled()", StringComparison.Ordinal);
    }

    /// <summary>
    /// The conditions action.yml uses: terms joined by `&amp;&amp;`, each `always()`, `!cancelled()` or
    /// `&lt;context value&gt; != ''`; anything else is refused so a new condition is not silently taken as true.
    /// </summary>
    private bool Condition(string condition, Dictionary<string, Dictionary<string, string>> stepOutputs)
    {
        foreach (var raw in Unwrap(condition).Split("&&"))
        {
            var term = raw.Trim();
            if (term is "always()" or "!cancelled()")
            {
                continue;
            }

            var notEmpty = Regex.Match(term, @"^([\w.-]+)\s*!=\s*''$");
            if (!notEmpty.Success)
            {
                throw new InvalidOperationException($"the runner cannot evaluate the condition '{condition}'");
            }

            if (Substitute("${{ " + notEmpty.Groups[1].Value + " }}", stepOutputs).Length == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Unwrap(string condition)
    {
        var text = condition.Trim();
        return text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal) ? text[3..^2].Trim() : text;
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

        // A runner's shell, not the test host's: no MSBuild settings of this test run reach `dotnet tool install`.
        DotNet.PrepareChildBuild(start.Environment);
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
