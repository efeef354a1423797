using System.Collections.Concurrent;
using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Analysis;

/// <summary>Composed rules are handed one resolution of each operation: the same call and the same model site, once each.</summary>
public class RuleDispatchTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        public class C
        {
            public ChatCompletion Complete(string key)
            {
                var client = new ChatClient("gpt-4o", key);
                var words = string.Join(" ", new[] { "a", "b" });
                return client.CompleteChat(new OpenAI.Chat.ChatMessage[] { new UserChatMessage(words) }, new ChatCompletionOptions { Temperature = 0.2f });
            }

            public async Task<string> Chat(IChatClient chat)
            {
                var response = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini", MaxOutputTokens = 100 });
                return response.Text;
            }
        }
        """;

    [Fact]
    public async Task Every_rule_sees_each_call_and_site_once_and_the_same_instance()
    {
        var first = new RecordingRule();
        var second = new RecordingRule();
        await TestCompilation.AnalyzeAsync(Source, [new Composition(first, second)]);

        // Two calls (CompleteChat, GetResponseAsync) and two model sites (new ChatClient(…), ModelId = …), nothing else.
        Assert.Equal(2, first.Calls.Count);
        Assert.Equal(2, first.Sites.Count);
        Assert.All(first.Calls, pair => Assert.Single(pair.Value));
        Assert.All(first.Sites, pair => Assert.Single(pair.Value));
        foreach (var (syntax, calls) in first.Calls)
        {
            Assert.Same(calls.Single(), second.Calls[syntax].Single());
        }

        Assert.Equal(first.Sites.Keys.OrderBy(k => k.SpanStart), second.Sites.Keys.OrderBy(k => k.SpanStart));
    }

    // RS1001: test analyzers, built by hand, never discovered by a compiler.
#pragma warning disable RS1001

    /// <summary>Two rules composed as <see cref="GuardrailsAnalyzer"/> composes the real ones.</summary>
    private sealed class Composition(params GuardrailsRule[] rules) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [RuleDescriptors.ModelAlias];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            RuleDispatch.Register(context, [.. rules]);
        }
    }

    private sealed class RecordingRule : GuardrailsRule
    {
        public ConcurrentDictionary<SyntaxNode, ConcurrentBag<LlmCall>> Calls { get; } = new();

        public ConcurrentDictionary<SyntaxNode, ConcurrentBag<string>> Sites { get; } = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [RuleDescriptors.ModelAlias];

        internal override RuleInputs Inputs => RuleInputs.Calls | RuleInputs.ModelSites;

        internal override void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options) =>
            Calls.GetOrAdd(context.Operation.Syntax, _ => new()).Add(call);

        internal override void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options) =>
            Sites.GetOrAdd(site.Origin.Syntax, _ => new()).Add(site.Id);
    }
#pragma warning restore RS1001
}
