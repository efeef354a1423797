using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Tests.Signals;

/// <summary>Keeps every log entry with its event id and structured values.</summary>
public sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, EventId Id, IReadOnlyDictionary<string, object?> Values, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : new Dictionary<string, object?>();
        Entries.Add((logLevel, eventId, values, formatter(state, exception)));
    }
}
