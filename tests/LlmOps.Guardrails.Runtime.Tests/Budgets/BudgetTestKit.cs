using System.Runtime.CompilerServices;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

/// <summary>A test model priced $1 per million input tokens and $10 per million output tokens, output capped at 1,000.</summary>
internal static class BudgetTestKit
{
    public const string Model = "budget-test-model-2025-01-01";

    public static readonly ModelCatalog Catalog = ModelCatalog.Parse(new StringReader($"""
        schema_version: 1
        models:
          - id: {Model}
            provider: openai
            kind: snapshot
            max_output_tokens: 1000
            tokenizer: o200k_base
            prices:
              input: 1
              output: 10
        """), "budget-tests");

    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 30, 0, TimeSpan.Zero);

    public static ModelInfo ModelInfo => Catalog.Lookup(Model).Model!;

    public static decimal CostOf(long input, long output) =>
        CostEngine.Calculate(ModelInfo, new TokenUsage { InputTokens = input, OutputTokens = output }).TotalCost;

    public static int InputTokensOf(IEnumerable<ChatMessage> messages)
    {
        var texts = new List<ChatMessageText>();
        foreach (var m in messages)
        {
            texts.Add(new ChatMessageText(m.Role.Value, m.Text ?? string.Empty, m.AuthorName));
        }

        return TokenCounters.ForModel(Model).CountChat(texts).Tokens;
    }

    /// <summary>The input bound the budget reserves: UTF-8 bytes of role, name and text plus the chat framing, doubled for estimated families.</summary>
    public static int InputBoundOf(IEnumerable<ChatMessage> messages)
    {
        var total = 3;
        foreach (var m in messages)
        {
            total += 3 + System.Text.Encoding.UTF8.GetByteCount(m.Role.Value) + System.Text.Encoding.UTF8.GetByteCount(m.Text ?? string.Empty);
            if (m.AuthorName is { } name)
            {
                total += 1 + System.Text.Encoding.UTF8.GetByteCount(name);
            }
        }

        return TokenCounters.ForModel(Model).IsExact ? total : 2 * total;
    }

    /// <summary>What <see cref="BudgetChatClient"/> reserves for <paramref name="messages"/> with the catalog's 1,000-token output cap (or <paramref name="maxOutput"/>).</summary>
    public static decimal WorstCaseOf(IEnumerable<ChatMessage> messages, int maxOutput = 1000) => CostOf(InputBoundOf(messages), maxOutput);

    public static List<ChatMessage> Ask(string text) => new() { new ChatMessage(ChatRole.User, text) };

    public static ChatOptions Options(string? feature = null, string? team = null, string? tenant = null)
    {
        var options = new ChatOptions { ModelId = Model };
        if (feature is not null)
        {
            options.WithAttribution(feature, team: team, tenant: tenant);
        }

        return options;
    }

    public static BudgetOptions BudgetOptions(IBudgetStore store, params BudgetLimit[] limits) => new()
    {
        Store = store,
        Limits = limits.ToList(),
        Catalog = Catalog,
        TimeProvider = new ManualTimeProvider(Noon),
    };
}

internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>An inner client that answers from a function, counting calls.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? _respond;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, IAsyncEnumerable<ChatResponseUpdate>>? _stream;
    private int _calls;

    public ScriptedChatClient(Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> respond) => _respond = respond;

    public ScriptedChatClient(Func<IEnumerable<ChatMessage>, ChatOptions?, IAsyncEnumerable<ChatResponseUpdate>> stream) => _stream = stream;

    public int Calls => Volatile.Read(ref _calls);

    public static ScriptedChatClient Reporting(long input, long output, string? modelId = BudgetTestKit.Model) =>
        new((_, _, _) => Task.FromResult(Response(input, output, modelId)));

    public static ChatResponse Response(long input, long output, string? modelId = BudgetTestKit.Model) =>
        new(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = modelId,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return _respond!(messages, options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return _stream!(messages, options);
    }

    /// <summary>What the client says of itself (its default model), as provider clients do; null = nothing.</summary>
    public ChatClientMetadata? Metadata { get; set; }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    public void Dispose()
    {
    }
}

internal static class Streams
{
    public static async IAsyncEnumerable<ChatResponseUpdate> Of(IEnumerable<ChatResponseUpdate> updates, Exception? failAfter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }
    }

    public static ChatResponseUpdate Text(string text) => new(ChatRole.Assistant, text) { ModelId = BudgetTestKit.Model };

    public static ChatResponseUpdate Usage(long input, long output) =>
        new() { Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output })] };
}
