using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// action.yml hygiene: inputs and outputs are consistent, and no expression is expanded inside a script (an
/// expression in `run:` is pasted into bash before it runs, so a branch name or PR title could inject commands).
/// </summary>
public class ActionYamlTests
{
    private static readonly Regex Expression = new(@"\$\{\{\s*(.+?)\s*\}\}");
    private static readonly Regex InputReference = new(@"\binputs\.([A-Za-z0-9_-]+)");
    private static readonly Regex StepOutputReference = new(@"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)");

    private readonly ActionDefinition action = ActionDefinition.Load();

    [Fact]
    public void Is_a_composite_action_whose_run_steps_use_bash_and_strict_mode()
    {
        Assert.Equal("composite", action.Using);
        var runSteps = action.Steps.Where(s => s.Run is not null).ToList();
        Assert.True(runSteps.Count >= 4);
        Assert.All(runSteps, s =>
        {
            Assert.Equal("bash", s.Shell);
            Assert.StartsWith("set -euo pipefail\n", s.Run!, StringComparison.Ordinal);
            Assert.Null(s.Uses);
        });
    }

    [Fact]
    public void No_expression_appears_inside_a_run_script()
    {
        Assert.All(action.Steps.Where(s => s.Run is not null), s =>
            Assert.False(s.Run!.Contains("${{", StringComparison.Ordinal), $"step {s.Id ?? s.Name} expands an expression in run:"));
    }

    [Fact]
    public void Expressions_appear_only_in_env_with_if_output_values_and_input_defaults()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(ActionDefinition.PathInRepository)));
        var places = new List<string>();
        Walk(stream.Documents.Single().RootNode, "", places);

        var allowed = new Regex(@"^(inputs\.[\w-]+\.default|outputs\.[\w-]+\.value|runs\.steps\[\d+\]\.(env|with)\.[\w-]+|runs\.steps\[\d+\]\.if)$");
        Assert.NotEmpty(places);
        Assert.All(places, place => Assert.Matches(allowed, place));
    }

    private static void Walk(YamlNode node, string path, List<string> places)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    Walk(value, (path.Length == 0 ? "" : path + ".") + ((YamlScalarNode)key).Value, places);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(sequence.Children[i], path + "[" + i + "]", places);
                }

                break;
            case YamlScalarNode scalar when scalar.Value?.Contains("${{", StringComparison.Ordinal) == true:
                places.Add(path);
                break;
        }
    }

    [Fact]
    public void Every_input_referenced_exists_and_every_declared_input_is_used()
    {
        var declared = action.Inputs.Select(i => i.Name).ToHashSet();
        var referenced = References().SelectMany(text => InputReference.Matches(text).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.Empty(referenced.Except(declared));
        Assert.Empty(declared.Except(referenced));
        Assert.Contains("github-token", referenced);
    }

    /// <summary>The outputs the pinned third-party actions document (their action.yml).</summary>
    private static readonly Dictionary<string, string[]> ThirdPartyOutputs = new()
    {
        ["actions/upload-artifact"] = new[] { "artifact-id", "artifact-url", "artifact-digest" },
        ["actions/cache"] = new[] { "cache-hit" },
    };

    [Fact]
    public void Every_output_and_step_output_referenced_comes_from_a_step_that_writes_it()
    {
        var ids = action.Steps.Where(s => s.Id is not null).Select(s => s.Id!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(new[] { "cost-delta-percent", "quality-delta", "report-path", "verdict" }, action.Outputs.Select(o => o.Name).Order());

        foreach (var text in References())
        {
            foreach (Match m in StepOutputReference.Matches(text))
            {
                var step = action.Steps.SingleOrDefault(s => s.Id == m.Groups[1].Value);
                Assert.True(step is not null, "no step with id " + m.Groups[1].Value);
                var name = m.Groups[2].Value;
                // Outputs are written by the script itself ("name=" >> $GITHUB_OUTPUT), by `dotnet eval comment`, or
                // are the documented outputs of a third-party action.
                var writes = step!.Uses is { } uses
                    ? ThirdPartyOutputs.TryGetValue(uses.Split('@')[0], out var documented) && documented.Contains(name)
                    : step.Run!.Contains(name + "=", StringComparison.Ordinal)
                      || (step.Run.Contains("comment ", StringComparison.Ordinal) && name is "cost-delta-percent" or "quality-delta" or "report-path");
                Assert.True(writes, $"step {step.Id} does not write output {name}");
            }
        }
    }

    [Fact]
    public void Every_env_variable_a_script_reads_is_declared_in_its_env_or_set_by_the_runner()
    {
        var runnerVariables = new HashSet<string> { "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "RUNNER_TEMP", "RUNNER_OS" };
        foreach (var step in action.Steps.Where(s => s.Run is not null))
        {
            var declared = step.Env.Select(e => e.Key).ToHashSet();
            var read = Regex.Matches(step.Run!, @"\$\{?([A-Z][A-Z0-9_]+)").Select(m => m.Groups[1].Value).ToHashSet();
            Assert.Empty(read.Except(declared).Except(runnerVariables));
            // The token variable is passed by name (--token-env), never expanded.
            Assert.DoesNotContain(declared, d => !step.Run!.Contains(d, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_parser_of_these_tests_sees_an_expression_smuggled_into_a_script()
    {
        var yaml = File.ReadAllText(ActionDefinition.PathInRepository)
            .Replace("cd \"$INPUT_WORKING_DIRECTORY\"\n        ref=", "cd \"${{ inputs.working-directory }}\"\n        ref=", StringComparison.Ordinal);
        var tampered = ActionDefinition.Parse(yaml);
        Assert.Contains(tampered.Steps, s => s.Run is not null && s.Run.Contains("${{ inputs.working-directory }}", StringComparison.Ordinal));
    }

    [Fact]
    public void Steps_after_a_failure_run_unless_cancelled_and_no_step_uses_always()
    {
        var after = action.Steps.Where(s => s.Id is "comment" || s.Name is "Upload the reports" or "Apply fail-on").ToList();
        Assert.Equal(3, after.Count);
        Assert.All(after, s => Assert.StartsWith("${{ !cancelled()", s.If, StringComparison.Ordinal));
        Assert.DoesNotContain(action.Steps, s => s.If?.Contains("always()", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_default_tool_version_is_the_release_version_of_the_repository()
    {
        var props = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "Directory.Build.props"));
        var prefix = Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.NotEqual("", prefix);
        Assert.Equal(prefix, action.Inputs.Single(i => i.Name == "tool-version").Default);
    }

    [Fact]
    public void The_tool_is_cached_keyed_on_its_version_and_the_runner_os_and_installed_outside_the_checkout()
    {
        var cache = action.Steps.Single(s => s.Uses?.StartsWith("actions/cache@", StringComparison.Ordinal) == true);
        var plan = action.Steps.Single(s => s.Id == "tool-plan").Run!;
        var install = action.Steps.Single(s => s.Id == "tool").Run!;
        Assert.Equal("${{ steps.tool-plan.outputs.dir }}", cache.With.Single(w => w.Key == "path").Value);
        Assert.Equal("${{ steps.tool-plan.outputs.cache-key }}", cache.With.Single(w => w.Key == "key").Value);
        Assert.Contains("cache-key=llmops-eval-tool-$INPUT_TOOL_VERSION-${RUNNER_OS", plan, StringComparison.Ordinal);
        Assert.Contains("dir=${RUNNER_TEMP", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("GITHUB_WORKSPACE", install, StringComparison.Ordinal);
        Assert.Contains("--configfile", install, StringComparison.Ordinal);
        var steps = action.Steps.ToList();
        Assert.True(steps.IndexOf(cache) < steps.FindIndex(s => s.Id == "tool"));
    }

    private IEnumerable<string> References() =>
        action.Steps.SelectMany(s => s.Env.Select(e => e.Value).Concat(s.With.Select(w => w.Value)).Append(s.If ?? "").Append(s.Run ?? ""))
            .Concat(action.Outputs.Select(o => o.Value))
            .Concat(action.Inputs.Select(i => i.Default ?? ""))
            .SelectMany(text => Expression.Matches(text).Select(m => m.Groups[1].Value).Append(IsIfExpression(text) ? text : ""));

    // `if:` conditions are expressions without ${{ }}.
    private bool IsIfExpression(string text) => action.Steps.Any(s => s.If == text);
}
