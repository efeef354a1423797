using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The workflows the docs show use the action under its one published name, pass only inputs it declares, and pass
/// values its steps accept; the input table of docs/action.md lists every input.
/// </summary>
public class ActionDocsTests
{
    private const string PublishedName = "llmops-guardrails/llmops-guardrails@v0";
    private readonly ActionDefinition action = ActionDefinition.Load();

    [Theory]
    [InlineData("action.md")]
    [InlineData("getting-started.md")]
    public void Every_workflow_uses_the_published_name_with_declared_inputs_and_a_plain_baseline_ref(string guide)
    {
        var steps = ActionSteps(guide).ToList();

        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            Assert.Equal(PublishedName, ((YamlScalarNode)step.Children[new YamlScalarNode("uses")]).Value);
            if (!step.Children.TryGetValue(new YamlScalarNode("with"), out var with))
            {
                continue;
            }

            foreach (var (key, value) in ((YamlMappingNode)with).Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                Assert.Contains(action.Inputs, i => i.Name == name);
                // The fetch step takes a plain branch name and fetches "origin <ref>" itself.
                if (name == "baseline-ref")
                {
                    Assert.DoesNotContain("origin/", ((YamlScalarNode)value).Value!, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void The_published_name_is_the_repository_of_the_packages()
    {
        var props = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "Directory.Build.props"));
        Assert.Contains(">https://github.com/" + PublishedName.Split('@')[0] + "</LlmOpsRepositoryUrl>", props, StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_table_of_action_md_lists_every_input()
    {
        var text = Read("action.md");
        foreach (var input in action.Inputs)
        {
            Assert.Contains("| `" + input.Name + "` |", text, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<YamlMappingNode> ActionSteps(string guide)
    {
        foreach (Match block in Regex.Matches(Read(guide), "```yaml\n(.*?)```", RegexOptions.Singleline))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(block.Groups[1].Value));
            foreach (var node in stream.Documents[0].AllNodes.OfType<YamlMappingNode>())
            {
                if (node.Children.TryGetValue(new YamlScalarNode("uses"), out var uses)
                    && uses is YamlScalarNode { Value: { } name }
                    && !name.StartsWith("actions/", StringComparison.Ordinal))
                {
                    yield return node;
                }
            }
        }
    }

    private static string Read(string guide) =>
        File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "docs", guide)).Replace("\r\n", "\n", StringComparison.Ordinal);
}
