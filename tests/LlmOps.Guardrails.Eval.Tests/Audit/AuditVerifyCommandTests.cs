using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Tests.Audit;

public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmops-audit-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_intact_folder_of_rotated_files_exits_0_with_a_one_line_summary()
    {
        await WriteTrail(records: 8, maxFileBytes: 1500);

        var (exitCode, output, error) = CliRunner.Run("audit", "verify", _folder);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var files = Directory.GetFiles(_folder).Length;
        Assert.True(files > 1);
        Assert.Equal($"audit trail intact: 8 record(s) in {files} file(s), 2026-05-04T09:00:01Z to 2026-05-04T09:00:08Z" + Environment.NewLine, output);
    }

    [Theory]
    [InlineData("edit", 3, "LLME118", "record seq 3 was edited")]
    [InlineData("remove", 3, "LLME119", "record seq 4 follows seq 2: 1 record(s) removed")]
    [InlineData("reorder", 2, "LLME120", "record seq 3 comes where seq 2 belongs")]
    [InlineData("garble", 4, "LLME121", "not valid JSON")]
    public async Task A_broken_file_names_the_line_the_code_and_what_is_wrong_and_exits_1(string damage, int line, string code, string message)
    {
        var file = await WriteTrail(records: 5, maxFileBytes: 1 << 20);
        var lines = File.ReadAllLines(file).ToList();
        switch (damage)
        {
            case "edit": lines[2] = lines[2].Replace("\"outputTokens\":30", "\"outputTokens\":3", StringComparison.Ordinal); break;
            case "remove": lines.RemoveAt(2); break;
            case "reorder": (lines[1], lines[2]) = (lines[2], lines[1]); break;
            case "garble": lines[3] = "{\"v\":1,"; break;
        }

        File.WriteAllLines(file, lines);

        var (exitCode, output, error) = CliRunner.Run("audit", "verify", file);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"{file}({line}): error {code}: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_could_not_run()
    {
        var (exitCode, _, error) = CliRunner.Run("audit", "verify", Path.Combine(_folder, "nowhere"));

        Assert.Equal(3, exitCode);
        Assert.Contains("error LLME002", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_without_its_verb_names_it()
    {
        var (exitCode, _, error) = CliRunner.Run("audit");

        Assert.Equal(3, exitCode);
        Assert.Contains("error: audit: no verb given; its verbs are verify.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_could_not_run()
    {
        Directory.CreateDirectory(_folder);

        var (exitCode, _, error) = CliRunner.Run("audit", "verify", _folder);

        Assert.Equal(3, exitCode);
        Assert.Contains("error LLME122: no audit records", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_tool_reports_a_broken_trail_with_exit_code_1()
    {
        var file = await WriteTrail(records: 3, maxFileBytes: 1 << 20);
        var lines = File.ReadAllLines(file).ToList();
        lines.RemoveAt(0);
        File.WriteAllLines(file, lines);

        var (exitCode, _, error) = CliRunner.RunProcess(new Dictionary<string, string?>(), "audit", "verify", file);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{file}(1): error LLME119: the trail starts at record seq 2", error, StringComparison.Ordinal);
    }

    private async Task<string> WriteTrail(int records, long maxFileBytes)
    {
        using var sink = new JsonlAuditSink(_folder, new JsonlAuditSinkOptions { MaxFileBytes = maxFileBytes });
        for (var i = 1; i <= records; i++)
        {
            await sink.AppendAsync(new[] { AuditRecord.From(Call(i), includeText: false) });
        }

        return Directory.GetFiles(_folder).Order(StringComparer.Ordinal).First();
    }

    private static LlmCallRecord Call(int n) => new()
    {
        StartedAt = new DateTimeOffset(2026, 5, 4, 9, 0, n, TimeSpan.Zero),
        Duration = TimeSpan.FromMilliseconds(300),
        Attribution = new AttributionTags { Feature = "triage" },
        RequestModel = "gpt-4o-mini",
        OutputTokens = 30,
        Outcome = LlmCallOutcome.Succeeded,
        Messages = new[] { new ChatMessage(ChatRole.User, "ticket " + n) },
        ResponseText = "answer " + n,
    };
}
