namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The action's install branch for real: no dotnet-eval on PATH, `dotnet tool install` from a loopback NuGet feed that
/// counts downloads, the checkout's own nuget.config pointing at a bogus source, and a stand-in for actions/cache
/// between two runs.
/// </summary>
public sealed class ActionToolInstallTests : IDisposable
{
    private const string Token = "ghs_tool-install-token";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void The_tool_is_installed_outside_the_checkout_ignoring_its_nuget_config_and_a_second_run_restores_it_from_the_cache()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        var feed = LocalToolFeed.Create(Path.Combine(workspace.Runner, "feed"));
        using var server = LoopbackNuGetFeed.Serve(feed.Folder);
        var cache = new FakeActionsCache(Path.Combine(workspace.Runner, "actions-cache"));
        // What a pull request could add: were it read, the install would look only at this dead source and fail.
        File.WriteAllText(Path.Combine(workspace.Root, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="pr" value="http://127.0.0.1:9/v3/index.json" /></packageSources>
            </configuration>
            """);

        var first = Run(github, cache, feed, server, job: 1);
        cache.SaveAfterJob();

        var install = first.Steps.Single(s => s.Label == "tool");
        Assert.False(first.Failed, first.AllText);
        Assert.Contains("successfully installed", install.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1:9", first.AllText, StringComparison.Ordinal);
        var toolDirectory = Path.Combine(workspace.Runner, "temp", "llmops-eval-tool", feed.Version);
        Assert.True(File.Exists(Path.Combine(toolDirectory, "dotnet-eval")), "the tool lives under RUNNER_TEMP, outside the checkout");
        Assert.Empty(Directory.EnumerateFiles(workspace.Root, "dotnet-eval*", SearchOption.AllDirectories));
        Assert.Empty(cache.Restored);
        Assert.Single(github.Comments);
        Assert.Equal(1, server.Downloads);

        // A new job: RUNNER_TEMP and the NuGet folders are empty again; the feed still serves and counts.
        Directory.Delete(Path.Combine(workspace.Runner, "temp"), recursive: true);

        var second = Run(github, cache, feed, server, job: 2);

        Assert.False(second.Failed, second.AllText);
        Assert.Equal(["llmops-eval-tool-" + feed.Version + "-Linux"], cache.Restored);
        var restored = second.Steps.Single(s => s.Label == "tool").Output;
        Assert.Contains("restored from the cache; nothing to download", restored, StringComparison.Ordinal);
        Assert.DoesNotContain("successfully installed", restored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Updated the eval comment", second.AllText, StringComparison.Ordinal);
        Assert.Equal(1, server.Downloads);
    }

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, FakeActionsCache cache, LocalToolFeed feed, LoopbackNuGetFeed server, int job)
    {
        var template = workspace.CreateRunner(github, Token);
        var runner = new ActionStepRunner { Action = template.Action, WorkDirectory = template.WorkDirectory, OnUses = cache.OnUses };
        foreach (var (k, v) in template.GitHubContext) runner.GitHubContext[k] = v;
        foreach (var (k, v) in template.Environment) runner.Environment[k] = v;
        // The PATH of a fresh runner: without the test's dotnet-eval shim (nor any other dotnet-eval).
        runner.Environment["PATH"] = string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator).Where(d => d.Length > 0 && !File.Exists(Path.Combine(d, "dotnet-eval"))));
        runner.Environment["RUNNER_OS"] = "Linux";
        runner.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(ResolvedDotNet())!;
        // Fresh NuGet folders per job, so nothing a first install downloaded can serve a second one.
        runner.Environment["NUGET_PACKAGES"] = Path.Combine(workspace.Runner, "nuget-packages-" + job);
        runner.Environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(workspace.Runner, "nuget-http-" + job);
        runner.Environment["HOME"] = Path.Combine(workspace.Runner, "home-" + job);
        Directory.CreateDirectory(runner.Environment["HOME"]);
        runner.With["dotnet-version"] = "";
        runner.With["tool-version"] = feed.Version;
        runner.With["tool-source"] = server.IndexUrl;
        return runner.Run();
    }

    private static string ResolvedDotNet()
    {
        var host = LlmOps.Guardrails.Tests.Shared.DotNet.Host;
        if (Path.IsPathRooted(host)) return new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, host);
            if (File.Exists(candidate)) return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
        }

        throw new InvalidOperationException("dotnet is not on PATH");
    }
}
