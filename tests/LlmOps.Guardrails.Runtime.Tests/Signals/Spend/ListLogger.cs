using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

/// <summary>Keeps every log entry: level, event id, formatted message and the structured fields.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries
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
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
        lock (_entries)
        {
            _entries.Add(new Entry(logLevel, eventId, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value)));
        }
    }

    internal sealed record Entry(LogLevel Level, EventId Id, string Message, IReadOnlyDictionary<string, object?> Fields);
}
