using System.Diagnostics;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Economics;

public sealed class GitBaselineTests : IDisposable
{
    private readonly string _repo;

    public GitBaselineTests()
    {
        _repo = Path.Combine(Path.GetTempPath(), "llmops-gitbaseline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_repo, "src", "prompts"));
        Git("init", "-q");
        File.WriteAllText(Path.Combine(_repo, "src", "prompts.lock.json"), "committed ünïcode\n");
        File.WriteAllText(Path.Combine(_repo, "src", "prompts", "a.prompt.yaml"), "id: a\n");
        Git("add", "-A");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "baseline");

        // The working tree moves on; the baseline must come from the commit.
        File.WriteAllText(Path.Combine(_repo, "src", "prompts.lock.json"), "working tree\n");
        File.WriteAllText(Path.Combine(_repo, "src", "untracked.json"), "{}\n");
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(_repo, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_repo, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public void Reads_the_committed_content_not_the_working_tree()
    {
        var ok = GitBaseline.TryReadFile(Path.Combine(_repo, "src"), "HEAD", "prompts.lock.json", out var content, out var error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal("committed ünïcode\n", content);
    }

    [Fact]
    public void Accepts_absolute_paths_and_paths_from_the_repository_root()
    {
        Assert.True(GitBaseline.TryReadFile(_repo, "HEAD", Path.Combine(_repo, "src", "prompts.lock.json"), out var absolute, out var error), error);
        Assert.Equal("committed ünïcode\n", absolute);

        Assert.True(GitBaseline.TryReadFile(Path.Combine(_repo, "src", "prompts"), "HEAD", Path.Combine("..", "prompts.lock.json"), out var upward, out error), error);
        Assert.Equal("committed ünïcode\n", upward);
    }

    [Fact]
    public void Unknown_ref_fails_with_a_message()
    {
        var ok = GitBaseline.TryReadFile(_repo, "no-such-branch", "src/prompts.lock.json", out var content, out var error);

        Assert.False(ok);
        Assert.Null(content);
        Assert.Contains("Unknown git ref 'no-such-branch'", error);
    }

    [Fact]
    public void File_missing_at_the_ref_fails()
    {
        var ok = GitBaseline.TryReadFile(_repo, "HEAD", "src/untracked.json", out var content, out var error);

        Assert.False(ok);
        Assert.Null(content);
        Assert.Contains("does not exist at 'HEAD'", error);
        Assert.Contains("src/untracked.json", error);
    }

    [Fact]
    public void A_directory_is_not_a_file()
    {
        Assert.False(GitBaseline.TryReadFile(_repo, "HEAD", "src/prompts", out _, out var error));
        Assert.Contains("not a file", error);
    }

    [Theory]
    [InlineData("--output=/tmp/pwned")]
    [InlineData("-p")]
    [InlineData("")]
    [InlineData("HEAD:src")]
    [InlineData("HEAD\nmain")]
    public void Refs_that_could_be_options_or_paths_are_refused(string gitRef)
    {
        Assert.False(GitBaseline.TryReadFile(_repo, gitRef, "src/prompts.lock.json", out var content, out var error));
        Assert.Null(content);
        Assert.Contains("ref", error);
    }

    [Fact]
    public void Outside_a_repository_fails()
    {
        var outside = Path.Combine(Path.GetTempPath(), "llmops-norepo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        try
        {
            var ok = GitBaseline.TryReadFile(outside, "HEAD", "prompts.lock.json", out _, out var error);
            Assert.False(ok);
            Assert.NotNull(error);
        }
        finally
        {
            Directory.Delete(outside, true);
        }
    }

    [Fact]
    public void Missing_git_is_a_clear_error()
    {
        var ok = GitBaseline.TryReadFile(_repo, "HEAD", "src/prompts.lock.json", out _, out var error, "git-that-does-not-exist-" + Guid.NewGuid().ToString("N"), TimeSpan.FromSeconds(30));

        Assert.False(ok);
        Assert.Contains("git is not installed", error);
    }

    [Fact]
    public void Missing_working_directory_fails_without_throwing()
    {
        Assert.False(GitBaseline.TryReadFile(Path.Combine(_repo, "nope"), "HEAD", "x", out _, out var error));
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void Argument_quoting_for_netstandard_round_trips_through_the_process_command_line()
    {
        // netstandard2.0 has no ArgumentList: the quoted command line must split back into the same arguments.
        var tricky = new[] { "plain", "with space", "", "quote\"inside", "trailing\\", "C:\\dir with space\\", "back\\\"slash", "tab\there" };
        var start = new ProcessStartInfo("git") { Arguments = GitBaseline.JoinArguments(new[] { "rev-parse", "--sq-quote" }.Concat(tricky)) };

        var output = ChildProcess.Run(start).StandardOutput;

        var expected = string.Concat(tricky.Select(a => " '" + a.Replace("'", "'\\''") + "'"));
        Assert.Equal(expected, output.TrimEnd('\n'));
    }

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var result = ChildProcess.Run(start);
        Assert.True(result.ExitCode == 0, $"git {string.Join(" ", arguments)} failed: {result.StandardError}");
    }
}
