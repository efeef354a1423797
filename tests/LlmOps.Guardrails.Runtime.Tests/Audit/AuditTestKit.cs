using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Tests.Audit;

/// <summary>Finished-call records to feed the audit observer, a folder per test, and a logger that keeps its entries.</summary>
internal static class AuditTestKit
{
    public const string PromptText = "Summarise the ticket of customer Jane about the broken printer";
    public const string AnswerText = "The printer's fuser is broken; a technician is booked.";

    public static LlmCallRecord Call(int n, DateTimeOffset? at = null) => new()
    {
        StartedAt = at ?? new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(n),
        Duration = TimeSpan.FromMilliseconds(420 + n),
        Attribution = new AttributionTags { Feature = "support", Team = "care", Tenant = "acme", User = "u-17", PromptId = "summarise", PromptVersion = "3" },
        RequestModel = "gpt-4o-mini",
        ResponseModel = "gpt-4o-mini-2024-07-18",
        Provider = "openai",
        FallbackHops = new[] { "primary", "backup" },
        Redactions = new Dictionary<string, int> { ["phone"] = 1, ["email"] = 2 },
        InputTokens = 120 + n,
        OutputTokens = 30,
        CostUsd = 0.000036m + n,
        Outcome = LlmCallOutcome.Succeeded,
        Temperature = 0.2f,
        Messages = new[] { new ChatMessage(ChatRole.System, "You summarise tickets."), new ChatMessage(ChatRole.User, PromptText + " #" + n) },
        ResponseText = AnswerText,
    };

    // One root per test run, deleted when the process exits.
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "llmops-audit-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return root;
    });

    public static string NewFolder()
    {
        var folder = Path.Combine(Root.Value, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static async Task WriteAsync(IAuditSink sink, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            await sink.AppendAsync(new[] { AuditRecord.From(Call(i), includeText: false) });
        }
    }

    public static List<string> Lines(string file) => File.ReadAllLines(file).ToList();
}

/// <summary>Keeps every log entry with its event id and level.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, EventId Id, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries
    {
        get
        {
            lock (_entries) return _entries.ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, eventId, formatter(state, exception)));
    }
}
