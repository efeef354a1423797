using System.CommandLine;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Commands;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Tests.Config;

public sealed class InitCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmops-init-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { InitCommand.Create(output, error) };
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Writes_a_config_valid_by_the_reader_and_a_valid_sample_dataset()
    {
        var (exit, output, error) = Run("init", "--directory", _folder);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("llmops.eval.yaml", output, StringComparison.Ordinal);

        var config = EvalConfigReader.ReadFile(Path.Combine(_folder, "llmops.eval.yaml"));
        Assert.True(config.Succeeded, string.Join("\n", config.Diagnostics));
        Assert.Equal(Path.Combine(_folder, "datasets", "sample.jsonl"), config.Config!.ResolveDataset("sample"));

        var dataset = DatasetReader.ReadFile(Path.Combine(_folder, "datasets", "sample.jsonl"));
        Assert.True(dataset.Succeeded, string.Join("\n", dataset.Diagnostics));
        Assert.Equal(3, dataset.Dataset!.Cases.Count);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Never_overwrites_without_force()
    {
        var configPath = Path.Combine(_folder, "llmops.eval.yaml");
        File.WriteAllText(configPath, "repeats: 2\n");
        var (exit, _, error) = Run("init", "--directory", _folder);
        Assert.Equal(ExitCodes.CouldNotRun, exit);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal("repeats: 2\n", File.ReadAllText(configPath));
    }

    [Fact]
    public void Force_overwrites_the_config_but_keeps_an_existing_dataset()
    {
        var configPath = Path.Combine(_folder, "llmops.eval.yaml");
        var datasetPath = Path.Combine(_folder, "datasets", "sample.jsonl");
        File.WriteAllText(configPath, "repeats: 2\n");
        Directory.CreateDirectory(Path.GetDirectoryName(datasetPath)!);
        File.WriteAllText(datasetPath, "{\"id\": \"mine\"}\n");
        var (exit, _, _) = Run("init", "--directory", _folder, "--force");
        Assert.Equal(0, exit);
        Assert.Equal(InitCommand.StarterConfig.Replace("\r\n", "\n"), File.ReadAllText(configPath));
        Assert.Equal("{\"id\": \"mine\"}\n", File.ReadAllText(datasetPath));
    }

    [Fact]
    public void The_closing_hint_points_only_at_the_project_site_or_at_files_init_wrote()
    {
        var (exit, output, _) = Run("init", "--directory", _folder);
        Assert.Equal(0, exit);
        var hint = Assert.Single(output.Split('\n'), line => line.StartsWith("Next:", StringComparison.Ordinal));

        // init runs in the user's repository: a path that only exists in this one (docs/...) leads nowhere there.
        var props = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "Directory.Build.props"));
        var site = Regex.Match(props, "<LlmOpsRepositoryUrl[^>]*>([^<]+)</LlmOpsRepositoryUrl>").Groups[1].Value + "/blob/main/";
        var references = Regex.Matches(hint, @"https?://\S+|\S+\.(md|ya?ml|jsonl?)\b").Select(m => m.Value.TrimEnd('.', ',', ':', ')', '\'')).ToList();
        foreach (var reference in references)
        {
            if (reference.StartsWith(site, StringComparison.Ordinal))
            {
                // The page the link names is one this repository publishes.
                Assert.True(File.Exists(Path.Combine(CliRunner.RepositoryRoot, reference[site.Length..])), $"{reference} names no file of the repository");
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(_folder, reference)), $"'{reference}' in the hint is neither on {site} nor a file init wrote: {hint}");
            }
        }

        // ...and it does name the documentation.
        Assert.Contains(references, r => r.StartsWith(site, StringComparison.Ordinal));
    }
}
