using LlmOps.Guardrails.Runtime.Signals.Audit;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.Runtime.Tests.Audit;

public class JsonlAuditSinkTests
{
    [Fact]
    public async Task The_chain_runs_on_across_daily_rotation_and_a_restart()
    {
        var folder = AuditTestKit.NewFolder();
        var clock = new AutoAdvancingTimeProvider();
        clock.Advance(TimeSpan.FromHours(23));
        using (var sink = new JsonlAuditSink(folder, new JsonlAuditSinkOptions { TimeProvider = clock }))
        {
            await AuditTestKit.WriteAsync(sink, 1, 3);
            clock.Advance(TimeSpan.FromHours(2));
            await AuditTestKit.WriteAsync(sink, 4, 2);
        }

        // A new process: it resumes after the newest file's last record, in that same file (same day, room left).
        using (var sink = new JsonlAuditSink(folder, new JsonlAuditSinkOptions { TimeProvider = clock }))
        {
            await AuditTestKit.WriteAsync(sink, 6, 2);
        }

        string[] files = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "audit-20260101-0001.jsonl", "audit-20260102-0001.jsonl" }, files);
        Assert.Equal(4, AuditTestKit.Lines(Path.Combine(folder, files[1])).Count);

        var result = AuditFileVerifier.Verify(folder);
        Assert.True(result.IsIntact, result.FirstBreak?.ToString());
        Assert.Equal(7, result.Records);
        Assert.Equal(2, result.Files);

        // The first record of the second file links to the last of the first.
        var lastOfFirst = AuditChain.Read(AuditTestKit.Lines(Path.Combine(folder, files[0]))[^1], out _)!;
        var firstOfSecond = AuditChain.Read(AuditTestKit.Lines(Path.Combine(folder, files[1]))[0], out _)!;
        Assert.Equal(lastOfFirst.Hash, firstOfSecond.Prev);
        Assert.Equal(4, firstOfSecond.Seq);
    }

    [Fact]
    public async Task A_full_file_rotates_by_size_and_the_chain_goes_on()
    {
        var folder = AuditTestKit.NewFolder();
        using (var sink = new JsonlAuditSink(folder, new JsonlAuditSinkOptions { MaxFileBytes = 1500 }))
        {
            await AuditTestKit.WriteAsync(sink, 1, 9);
        }

        Assert.True(Directory.GetFiles(folder).Length >= 3);
        var result = AuditFileVerifier.Verify(folder);
        Assert.True(result.IsIntact, result.FirstBreak?.ToString());
        Assert.Equal(9, result.Records);
    }

    [Fact]
    public async Task An_edited_record_is_found_at_its_line()
    {
        var file = await TrailOfFive();
        var lines = AuditTestKit.Lines(file);
        lines[2] = lines[2].Replace("\"outcome\":\"succeeded\"", "\"outcome\":\"failed\"", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        var broken = AuditFileVerifier.Verify(file).FirstBreak!;
        Assert.Equal(AuditBreakKind.Edited, broken.Kind);
        Assert.Equal(3, broken.Line);
        Assert.Equal(3, broken.Seq);
    }

    [Fact]
    public async Task A_removed_record_is_found_where_the_gap_is()
    {
        var file = await TrailOfFive();
        var lines = AuditTestKit.Lines(file);
        lines.RemoveAt(1);
        File.WriteAllLines(file, lines);

        var result = AuditFileVerifier.Verify(file);
        Assert.Equal(AuditBreakKind.Removed, result.FirstBreak!.Kind);
        Assert.Equal(2, result.FirstBreak.Line);
        Assert.Contains("record seq 3 follows seq 1: 1 record(s) removed", result.FirstBreak.Message);
        Assert.Equal(1, result.Records);
    }

    [Fact]
    public async Task Reordered_records_are_found_at_the_first_one_out_of_place()
    {
        var file = await TrailOfFive();
        var lines = AuditTestKit.Lines(file);
        (lines[3], lines[1]) = (lines[1], lines[3]);
        File.WriteAllLines(file, lines);

        var broken = AuditFileVerifier.Verify(file).FirstBreak!;
        Assert.Equal(AuditBreakKind.Reordered, broken.Kind);
        Assert.Equal(2, broken.Line);
        Assert.Equal(4, broken.Seq);
    }

    [Fact]
    public async Task A_record_rewritten_with_a_fresh_hash_is_found_by_the_next_link()
    {
        var file = await TrailOfFive();
        var lines = AuditTestKit.Lines(file);
        var prev = AuditChain.Read(lines[0], out _)!.Hash;
        var forged = AuditRecord.From(AuditTestKit.Call(99), includeText: false);
        lines[1] = AuditChain.Seal(forged, 2, prev);
        File.WriteAllLines(file, lines);

        var broken = AuditFileVerifier.Verify(file).FirstBreak!;
        Assert.Equal(AuditBreakKind.Edited, broken.Kind);
        Assert.Equal(3, broken.Line);
        Assert.Contains("links to another record than seq 2", broken.Message);
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_named()
    {
        var file = await TrailOfFive();
        var lines = AuditTestKit.Lines(file);
        lines[4] = lines[4][..40];
        File.WriteAllLines(file, lines);

        var broken = AuditFileVerifier.Verify(file).FirstBreak!;
        Assert.Equal(AuditBreakKind.NotARecord, broken.Kind);
        Assert.Equal(5, broken.Line);
        Assert.Contains("not valid JSON", broken.Message);
    }

    [Fact]
    public async Task A_torn_last_line_is_left_as_evidence_and_the_chain_goes_on_in_a_new_file()
    {
        var file = await TrailOfFive();
        var folder = Path.GetDirectoryName(file)!;
        File.AppendAllText(file, "{\"v\":1,\"seq\":6,\"ti");
        using (var sink = new JsonlAuditSink(folder))
        {
            await AuditTestKit.WriteAsync(sink, 6, 1);
        }

        Assert.Equal(2, Directory.GetFiles(folder).Length);
        var broken = AuditFileVerifier.Verify(folder).FirstBreak!;
        Assert.Equal(AuditBreakKind.NotARecord, broken.Kind);
        Assert.Equal(file, broken.Location);
        Assert.Equal(6, broken.Line);
    }

    [Fact]
    public async Task A_pruned_start_is_refused_unless_allowed()
    {
        var folder = AuditTestKit.NewFolder();
        using (var sink = new JsonlAuditSink(folder, new JsonlAuditSinkOptions { MaxFileBytes = 1500 }))
        {
            await AuditTestKit.WriteAsync(sink, 1, 9);
        }

        File.Delete(Directory.GetFiles(folder).Order(StringComparer.Ordinal).First());
        Assert.Equal(AuditBreakKind.Removed, AuditFileVerifier.Verify(folder).FirstBreak!.Kind);
        var allowed = AuditFileVerifier.Verify(folder, allowPrunedStart: true);
        Assert.True(allowed.IsIntact);
        Assert.True(allowed.FirstSeq > 1);
    }

    private static async Task<string> TrailOfFive()
    {
        var folder = AuditTestKit.NewFolder();
        using (var sink = new JsonlAuditSink(folder))
        {
            await AuditTestKit.WriteAsync(sink, 1, 5);
        }

        return Directory.GetFiles(folder).Single();
    }
}
