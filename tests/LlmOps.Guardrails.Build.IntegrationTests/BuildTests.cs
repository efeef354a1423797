using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Build.IntegrationTests;

/// <summary>Real `dotnet build` runs of a consumer project that references the packed LlmOps.Guardrails.Build.</summary>
[Collection(PackageCollection.Name)]
[RequiresSharedFixture(typeof(PackageFixture))]
public sealed class BuildTests
{
    private readonly PackageFixture package;

    public BuildTests(PackageFixture package) => this.package = package;

    [Fact]
    public void Accessors_lock_incrementality_and_locked_mode()
    {
        var consumer = package.NewConsumer("app");
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify"));
        consumer.WritePrompt("support-reply.prompt.yaml", Consumer.Prompt("support.reply", system: "You draft replies."));

        var first = consumer.Build("-p:LlmOpsPromptsLocked=false", "-v:n");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("LlmOps: 2 prompts, lock updated, no baseline, report: obj/Debug/net10.0/llmops/cost-report.md", first.Output, StringComparison.Ordinal);
        var lockText = File.ReadAllText(consumer.LockPath);
        Assert.Contains("\"id\": \"support.classify\"", lockText, StringComparison.Ordinal);
        Assert.True(File.Exists(consumer.ReportPath("cost-report.md")));

        // The generated accessors are used by Program.cs: run it.
        var run = DotNet.Run(consumer.Directory, Path.Combine("bin", "Debug", "net10.0", "Consumer.dll"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("support.classify v1 gpt-4o-mini-2024-07-18", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 messages; user: Ticket: My invoice is wrong", run.Output, StringComparison.Ordinal);
        Assert.Contains("feature=triage version=1 max=50", run.Output, StringComparison.Ordinal);

        // Nothing changed: the generation target is skipped.
        const string skipped = "Skipping target \"_LlmOpsGeneratePromptArtifacts\" because all output files are up-to-date";
        var second = consumer.Build("-p:LlmOpsPromptsLocked=false", "-v:d");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains(skipped, second.Output, StringComparison.Ordinal);

        // Only C# changed: generation is skipped but the compiler runs, and still gets the accessors (else CS0103).
        File.AppendAllText(Path.Combine(consumer.Directory, "Program.cs"), "\n// edited\n");
        var third = consumer.Build("-p:LlmOpsPromptsLocked=false", "-v:d");
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Contains(skipped, third.Output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"csc(\.dll|\.exe)?\s.*llmops/Prompts\.g\.cs"), third.Output);

        // An edited prompt in a locked (CI) build: LLMP014, and the committed lock stays as it was.
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify", system: "You classify support tickets by urgency."));
        var locked = consumer.Build("-p:LlmOpsPromptsLocked=true");
        Assert.NotEqual(0, locked.ExitCode);
        Assert.Matches(new Regex(@"prompts\.lock\.json\(\d+,\d+\): error LLMP014: .*support\.classify.*dotnet build -p:LlmOpsPromptsLocked=false"), locked.Output);
        Assert.Equal(lockText, File.ReadAllText(consumer.LockPath));

        // Locked is the default in CI (ContinuousIntegrationBuild or CI = true).
        var ci = consumer.Build("-p:ContinuousIntegrationBuild=true");
        Assert.NotEqual(0, ci.ExitCode);
        Assert.Contains("error LLMP014", ci.Output, StringComparison.Ordinal);
        Assert.Equal(lockText, File.ReadAllText(consumer.LockPath));

        // Unlocked again: the version goes up and the program sees it.
        var updated = consumer.Build("-p:LlmOpsPromptsLocked=false");
        Assert.True(updated.ExitCode == 0, updated.Output);
        var rerun = DotNet.Run(consumer.Directory, Path.Combine("bin", "Debug", "net10.0", "Consumer.dll"));
        Assert.Contains("support.classify v2", rerun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void LlmOpsDefaultModel_prices_a_prompt_file_that_names_no_model()
    {
        var consumer = package.NewConsumer("defaultmodel", withExtensionsAI: false);
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify"));
        // A Semantic Kernel prompt as real projects write it: the kernel picks the model at run time.
        consumer.WritePrompt("getIntent.prompt.yaml", "name: GetIntent\ntemplate: |\n  <message role=\"user\">{{$request}}</message>\ninput_variables:\n  - name: request\n    default: Cancel my order\n");

        var unpriced = consumer.Build("-p:LlmOpsPromptsLocked=false", "-v:n");
        Assert.True(unpriced.ExitCode == 0, unpriced.Output);
        Assert.Matches(new Regex(@"prompts/getIntent\.prompt\.yaml\(\d+,\d+\): (message|info) LLMP019: "), unpriced.Output);
        Assert.Contains("\"model\": \"\"", File.ReadAllText(consumer.LockPath), StringComparison.Ordinal);

        var priced = consumer.Build("-p:LlmOpsPromptsLocked=false", "-p:LlmOpsDefaultModel=gpt-4o-2024-08-06", "-v:n");
        Assert.True(priced.ExitCode == 0, priced.Output);
        Assert.DoesNotContain("LLMP019", priced.Output, StringComparison.Ordinal);
        var lockText = File.ReadAllText(consumer.LockPath);
        Assert.Contains("\"model\": \"gpt-4o-2024-08-06\"", lockText, StringComparison.Ordinal);
        Assert.DoesNotContain("Unpriced", File.ReadAllText(consumer.ReportPath("cost-report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_prompt_is_reported_at_its_line_and_column()
    {
        var consumer = package.NewConsumer("malformed", withExtensionsAI: false);
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify"));
        consumer.WritePrompt("bad.prompt.yaml", "id: bad\nmodel: gpt-4o-mini-2024-07-18\nmessages: hello\n");

        var build = consumer.Build("-p:LlmOpsPromptsLocked=false");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"prompts/bad\.prompt\.yaml\(3,11\): error LLMP003: "), build.Output);
        Assert.False(File.Exists(consumer.LockPath));

        // The valid prompt still gets its accessors; without Microsoft.Extensions.AI there are no M.E.AI members.
        var generated = File.ReadAllText(consumer.GeneratedPath);
        Assert.Contains("public static class SupportClassify", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Extensions.AI", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("class Bad", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_delta_against_a_git_baseline()
    {
        var consumer = package.NewConsumer("baseline");
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify"));
        var first = consumer.Build("-p:LlmOpsPromptsLocked=false");
        Assert.True(first.ExitCode == 0, first.Output);
        File.WriteAllText(Path.Combine(consumer.Directory, ".gitignore"), "bin/\nobj/\n");
        Assert.Equal(0, consumer.Git("init", "-q").ExitCode);
        Assert.Equal(0, consumer.Git("add", "-A").ExitCode);
        var commit = consumer.Git("commit", "-q", "-m", "baseline");
        Assert.True(commit.ExitCode == 0, commit.Output);

        // gpt-4o costs many times gpt-4o-mini: far above the 10% warning threshold.
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify", model: "gpt-4o-2024-08-06"));
        var build = consumer.Build("-p:LlmOpsPromptsLocked=false", "-p:LlmOpsBaselineRef=HEAD", "-v:n");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Matches(new Regex(@"prompts/support-classify\.prompt\.yaml\(1,\d+\): warning LLMP017: .*support\.classify"), build.Output);
        Assert.Matches(new Regex(@"LlmOps: 1 prompt, lock updated, cost per call \+\d+(\.\d)?% vs HEAD"), build.Output);
        var markdown = File.ReadAllText(consumer.ReportPath("cost-report.md"));
        Assert.Contains("HEAD", markdown, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-2024-08-06", markdown, StringComparison.Ordinal);

        // A git baseline can move without any input changing: the same build again is not skipped.
        var again = consumer.Build("-p:LlmOpsPromptsLocked=false", "-p:LlmOpsBaselineRef=HEAD", "-v:d");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Building target \"_LlmOpsGeneratePromptArtifacts\" completely", again.Output, StringComparison.Ordinal);
        Assert.Contains("baseline-ref.always-run\" does not exist", again.Output, StringComparison.Ordinal);
    }
}
