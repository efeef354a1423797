using System.Text.Json;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Build.Tests;

public sealed class GeneratePromptArtifactsTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void Valid_prompts_get_a_lock_a_report_and_accessors()
    {
        project.WritePrompt("support.classify");
        project.WritePrompt("support.reply", model: "gpt-4o-mini-2024-07-18");

        var (success, engine) = project.Run();

        Assert.True(success, engine.ToString());
        Assert.Empty(engine.Errors);
        var entries = ReadLock();
        Assert.Equal(new[] { "support.classify", "support.reply" }, entries.Select(e => e.Id));
        Assert.All(entries, e => Assert.Equal(1, e.Version));
        Assert.Equal("prompts/support.classify.prompt.yaml", entries[0].File);
        Assert.StartsWith("sha256:", entries[0].Hash, StringComparison.Ordinal);

        var generated = File.ReadAllText(project.GeneratedPath);
        Assert.Contains("namespace Consumer", generated, StringComparison.Ordinal);
        Assert.Contains("public static class SupportClassify", generated, StringComparison.Ordinal);
        Assert.Contains("public static class SupportReply", generated, StringComparison.Ordinal);
        Assert.Contains($"public const string Hash = \"{entries[0].Hash}\";", generated, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project.ReportDirectory, "cost-report.json")));
        Assert.True(File.Exists(Path.Combine(project.ReportDirectory, "cost-report.md")));
        Assert.Contains(engine.Messages, m => m.Message!.StartsWith("LlmOps: 2 prompts, lock updated, no baseline, report: obj/llmops/cost-report.md", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_run_with_no_change_leaves_every_file_untouched()
    {
        project.WritePrompt("support.classify");
        Assert.True(project.Run().Success);
        var files = new[] { project.LockPath, project.GeneratedPath, Path.Combine(project.ReportDirectory, "cost-report.md") };
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var file in files)
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        var task = project.Task(new FakeBuildEngine());
        Assert.True(task.Execute());

        Assert.All(files, f => Assert.Equal(old, File.GetLastWriteTimeUtc(f)));
        Assert.Empty(task.UpdatedLockFiles);
    }

    [Fact]
    public void Editing_a_prompt_bumps_only_its_version()
    {
        project.WritePrompt("a");
        project.WritePrompt("b");
        Assert.True(project.Run().Success);

        project.WritePrompt("b", system: "You classify support tickets politely.");
        var (success, engine) = project.Run();

        Assert.True(success, engine.ToString());
        var versions = ReadLock().ToDictionary(e => e.Id, e => e.Version);
        Assert.Equal(1, versions["a"]);
        Assert.Equal(2, versions["b"]);
        Assert.Contains("public const int Version = 2;", File.ReadAllText(project.GeneratedPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_files_are_all_reported_and_do_not_hide_the_good_ones()
    {
        project.WritePrompt("good.one");
        project.WritePrompt("good.two");
        var badYaml = project.Write("prompts/bad.prompt.yaml", "id: bad\nmodel: [unclosed\n");
        var badValue = project.Write("prompts/worse.prompt.yaml", TempProject.Prompt("worse").Replace("temperature: 0.2", "temperature: 7", StringComparison.Ordinal));

        var (success, engine) = project.Run();

        Assert.False(success);
        Assert.Contains(engine.Errors, e => e.File == badYaml && e.Code == PromptDiagnosticCodes.InvalidYaml && e.Line >= 2);
        var temperature = Assert.Single(engine.Errors, e => e.File == badValue);
        Assert.Equal(PromptDiagnosticCodes.InvalidValue, temperature.Code);
        Assert.Equal(8, temperature.Line);
        Assert.True(temperature.Column > 1);

        // The lock is not written while prompts have errors (a broken prompt would lose its version history),
        // but the accessors of the valid prompts are, so the rest of the code keeps compiling.
        Assert.False(File.Exists(project.LockPath));
        var generated = File.ReadAllText(project.GeneratedPath);
        Assert.Contains("class GoodOne", generated, StringComparison.Ordinal);
        Assert.Contains("class GoodTwo", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("class Worse", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_leave_an_existing_lock_unchanged()
    {
        project.WritePrompt("a");
        Assert.True(project.Run().Success);
        var before = File.ReadAllText(project.LockPath);

        project.WritePrompt("a", system: "Changed.");
        project.Write("prompts/bad.prompt.yaml", "id: bad\n");
        var (success, engine) = project.Run();

        Assert.False(success);
        Assert.Contains(engine.Errors, e => e.Code == PromptDiagnosticCodes.MissingField);
        Assert.Equal(before, File.ReadAllText(project.LockPath));
    }

    [Fact]
    public void Duplicate_ids_are_an_error_at_the_second_file()
    {
        project.WritePrompt("same", fileName: "a");
        var second = project.WritePrompt("same", fileName: "b");

        var (success, engine) = project.Run();

        Assert.False(success);
        var duplicate = Assert.Single(engine.Errors);
        Assert.Equal(PromptDiagnosticCodes.DuplicateId, duplicate.Code);
        Assert.Equal(second, duplicate.File);
        Assert.False(File.Exists(project.LockPath));
    }

    [Fact]
    public void Locked_build_with_a_stale_lock_fails_with_LLMP014_and_leaves_the_lock_alone()
    {
        project.WritePrompt("support.classify");
        Assert.True(project.Run().Success);
        var before = File.ReadAllBytes(project.LockPath);

        project.WritePrompt("support.classify", system: "You classify support tickets into five categories.");
        var (success, engine) = project.Run(t => t.Locked = true);

        Assert.False(success);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(PromptDiagnosticCodes.StaleLock, error.Code);
        Assert.Equal(project.LockPath, error.File);
        Assert.Contains("support.classify", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet build -p:LlmOpsPromptsLocked=false", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(project.LockPath));
    }

    [Fact]
    public void Locked_build_without_a_lock_fails_and_with_a_current_lock_passes()
    {
        project.WritePrompt("support.classify");

        var (missing, engine) = project.Run(t => t.Locked = true);
        Assert.False(missing);
        Assert.Equal(PromptDiagnosticCodes.StaleLock, Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(project.LockPath));

        Assert.True(project.Run().Success);
        var (current, engine2) = project.Run(t => t.Locked = true);
        Assert.True(current, engine2.ToString());
    }

    [Fact]
    public void An_invalid_lock_is_LLMP015()
    {
        project.WritePrompt("a");
        project.Write("prompts.lock.json", "{ this is not json");

        var (success, engine) = project.Run();

        Assert.False(success);
        Assert.Contains(engine.Errors, e => e.Code == PromptDiagnosticCodes.InvalidLock);
        Assert.Equal("{ this is not json", File.ReadAllText(project.LockPath));
    }

    [Fact]
    public void Cost_increase_above_the_warn_threshold_is_LLMP017_at_the_prompt_id()
    {
        var baseline = LockFrom("support.classify", "gpt-4o-mini-2024-07-18");
        var file = project.WritePrompt("support.classify", model: "gpt-4o-2024-08-06");

        var (success, engine) = project.Run(t => t.BaselineLockFile = baseline);

        Assert.True(success, engine.ToString());
        var warning = Assert.Single(engine.Warnings, w => w.Code == PromptDiagnosticCodes.CostIncreaseWarning);
        Assert.Equal(file, warning.File);
        var id = PromptFileReader.ReadFile(file).Prompt!.Locations.Of("id");
        Assert.Equal((id.Line, id.Column), (warning.Line, warning.Column));
        Assert.Contains("support.classify", warning.Message, StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("cost per call +", StringComparison.Ordinal) && m.Message.Contains("vs " + baseline, StringComparison.Ordinal));
        var markdown = File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.md"));
        Assert.Contains("support.classify", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_increase_above_the_error_threshold_is_LLMP018_instead()
    {
        var baseline = LockFrom("support.classify", "gpt-4o-mini-2024-07-18");
        project.WritePrompt("support.classify", model: "gpt-4o-2024-08-06");

        var (success, engine) = project.Run(t =>
        {
            t.BaselineLockFile = baseline;
            t.CostIncreaseErrorPercent = "50";
        });

        Assert.False(success);
        Assert.Equal(PromptDiagnosticCodes.CostIncreaseError, Assert.Single(engine.Errors).Code);
        Assert.DoesNotContain(engine.Warnings, w => w.Code == PromptDiagnosticCodes.CostIncreaseWarning);
    }

    [Fact]
    public void Cost_changes_below_the_thresholds_are_silent_and_thresholds_are_configurable()
    {
        var baseline = LockFrom("support.classify", "gpt-4o-2024-08-06");
        project.WritePrompt("support.classify", model: "gpt-4o-2024-08-06", system: "You classify support tickets carefully.");

        var (quiet, engine) = project.Run(t => t.BaselineLockFile = baseline);
        Assert.True(quiet, engine.ToString());
        Assert.Empty(engine.Warnings);

        var (strict, strictEngine) = project.Run(t =>
        {
            t.BaselineLockFile = baseline;
            t.CostIncreaseWarnPercent = "0";
        });
        Assert.True(strict);
        Assert.Single(strictEngine.Warnings, w => w.Code == PromptDiagnosticCodes.CostIncreaseWarning);
    }

    [Fact]
    public void Baseline_is_read_from_a_git_ref()
    {
        project.WritePrompt("support.classify", model: "gpt-4o-mini-2024-07-18");
        Assert.True(project.Run().Success);
        project.Git("init", "-q");
        project.Git("add", "-A");
        project.Git("commit", "-q", "-m", "baseline");

        project.WritePrompt("support.classify", model: "gpt-4o-2024-08-06");
        var (success, engine) = project.Run(t => t.BaselineRef = "HEAD");

        Assert.True(success, engine.ToString());
        Assert.Single(engine.Warnings, w => w.Code == PromptDiagnosticCodes.CostIncreaseWarning);
        var markdown = File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.md"));
        Assert.Contains("HEAD", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.json")));
        Assert.Contains("HEAD", json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("vs HEAD", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_baseline_is_warning_LLMP016_and_the_build_goes_on()
    {
        project.WritePrompt("a");
        project.Git("init", "-q");

        var (success, engine) = project.Run(t => t.BaselineRef = "no-such-ref");

        Assert.True(success, engine.ToString());
        Assert.Single(engine.Warnings, w => w.Code == PromptDiagnosticCodes.BaselineUnavailable);
        Assert.True(File.Exists(project.LockPath));
    }

    [Theory]
    [InlineData("abc", null, null)]
    [InlineData("10", "-5", null)]
    [InlineData("10", null, "15/01/2026")]
    public void Wrong_settings_are_reported_not_thrown(string warn, string? error, string? date)
    {
        project.WritePrompt("a");

        var (success, engine) = project.Run(t =>
        {
            t.CostIncreaseWarnPercent = warn;
            t.CostIncreaseErrorPercent = error;
            t.AnalysisDate = date ?? "2026-01-15";
        });

        Assert.False(success);
        Assert.Equal(GeneratePromptArtifacts.InternalErrorCode, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void An_unexpected_failure_is_logged_not_thrown()
    {
        project.WritePrompt("a");
        // A directory where the lock file should be: reading it fails with an I/O exception.
        Directory.CreateDirectory(project.LockPath);

        var (success, engine) = project.Run();

        Assert.False(success);
        Assert.Equal(GeneratePromptArtifacts.InternalErrorCode, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void No_prompts_and_no_lock_writes_no_lock_even_when_locked()
    {
        var (success, engine) = project.Run();
        var (locked, lockedEngine) = project.Run(t => t.Locked = true);

        Assert.True(success, engine.ToString());
        Assert.True(locked, lockedEngine.ToString());
        Assert.False(File.Exists(project.LockPath));
    }

    [Fact]
    public void Removing_every_prompt_empties_an_existing_lock()
    {
        var file = project.WritePrompt("a");
        Assert.True(project.Run().Success);
        File.Delete(file);

        var (success, engine) = project.Run();

        Assert.True(success, engine.ToString());
        Assert.Empty(ReadLock());
    }

    private IReadOnlyList<PromptLockEntry> ReadLock()
    {
        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(File.ReadAllText(project.LockPath), project.LockPath, diagnostics);
        Assert.Empty(diagnostics);
        return parsed!.Prompts;
    }

    /// <summary>A baseline lock made by running the task over a prompt in another folder.</summary>
    private string LockFrom(string id, string model)
    {
        using var other = new TempProject();
        other.WritePrompt(id, model: model);
        Assert.True(other.Run().Success);
        var path = Path.Combine(project.Directory, "baseline.lock.json");
        File.Copy(other.LockPath, path);
        return path;
    }
}
