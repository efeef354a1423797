using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using LlmOps.Guardrails.Runtime.Signals.Audit;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval audit verify &lt;path&gt;</c>: follows the hash chain of a runtime audit trail (one JSONL file or a folder
/// of rotated files) and reports its first broken link, or a one-line summary when it is intact.
/// </summary>
internal static class AuditCommand
{
    /// <summary>The exit code of a trail that is not intact (an edited, removed or reordered record, or a line that is not one).</summary>
    public const int ChainBroken = 1;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path") { Description = "An audit .jsonl file, or the folder of rotated audit files." };
        var allowPruned = new Option<bool>("--allow-pruned") { Description = "Accept a trail whose first record is not seq 1 (older files deleted by retention)." };
        var verify = new Command(
            "verify",
            "Check the hash chain of an audit trail and report the first edited, removed or reordered record.\n\nExample:\n  dotnet eval audit verify /var/log/myapp/audit")
        {
            path, allowPruned,
        };
        verify.SetAction(parseResult => Verify(parseResult.GetValue(path) ?? string.Empty, parseResult.GetValue(allowPruned), output, error));
        return new Command(
            "audit",
            "Work with the runtime's audit trail (one hash-chained JSON record per LLM call).\n\nExample:\n  dotnet eval audit verify /var/log/myapp/audit")
        {
            verify,
        };
    }

    private static int Verify(string path, bool allowPruned, TextWriter output, TextWriter error)
    {
        AuditVerification result;
        try
        {
            result = AuditFileVerifier.Verify(path, allowPruned);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error LLME002: Cannot read '{path}': {ex.Message}. Check the path and its permissions.");
            return ExitCodes.CouldNotRun;
        }

        if (result.FirstBreak is { } broken)
        {
            error.WriteLine($"{broken.Location}({broken.Line}): error {CodeOf(broken.Kind)}: {broken.Message}. {AdviceFor(broken.Kind)}");
            error.WriteLine($"{result.Records} record(s) before it are intact.");
            return ChainBroken;
        }

        if (result.Records == 0)
        {
            error.WriteLine($"error LLME122: no audit records in '{Path.GetFullPath(path)}'. Point at an audit .jsonl file or the folder the audit sink writes to.");
            return ExitCodes.CouldNotRun;
        }

        var first = result.FirstSeq is > 1 ? $" (from seq {result.FirstSeq}; older records pruned)" : string.Empty;
        output.WriteLine(
            $"audit trail intact: {result.Records} record(s) in {result.Files} file(s){first}, {Time(result.FirstTime)} to {Time(result.LastTime)}");
        return ExitCodes.Success;
    }

    /// <summary>The diagnostic code of each kind of break (docs/eval-cli.md, Diagnostics).</summary>
    public static string CodeOf(AuditBreakKind kind) => kind switch
    {
        AuditBreakKind.Edited => "LLME118",
        AuditBreakKind.Removed => "LLME119",
        AuditBreakKind.Reordered => "LLME120",
        _ => "LLME121",
    };

    private static string AdviceFor(AuditBreakKind kind) => kind switch
    {
        AuditBreakKind.Edited => "The trail was changed after it was written: restore the file from a copy you trust and find out who wrote to it.",
        AuditBreakKind.Removed => "Records were deleted: restore them from a copy you trust (or, for files removed by retention, verify with --allow-pruned).",
        AuditBreakKind.Reordered => "Records were moved: restore the file from a copy you trust; rotated files must keep the names the sink gave them.",
        _ => "A line the sink did not write (or a write cut off by a crash, at a file's end): restore the file from a copy you trust.",
    };

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "unknown time";
}
