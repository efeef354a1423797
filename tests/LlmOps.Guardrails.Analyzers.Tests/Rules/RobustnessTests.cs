using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>Broken code is what the IDE analyses most of the time: no variant of a test source may make a rule throw (AD0001).</summary>
public class RobustnessTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> All = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelAliasAnalyzer(), new MissingOutputCapAnalyzer(), new MissingAttributionAnalyzer(), new UnknownModelAnalyzer(),
        new DeprecatedModelAnalyzer(), new HardCodedApiKeyAnalyzer(), new OutputCapAboveMaximumAnalyzer(), new GuardrailsAnalyzer());

    internal static readonly string[] Sources =
    {
        Code.OpenAI(MissingOutputCapTests.Setup + """
                    const string Model = "gpt-4o";
                    var o = new ChatCompletionOptions { MaxOutputTokenCount = 50000 };
                    o.MaxOutputTokenCount = 10;
                    chat.CompleteChat(messages, o);
                    var c2 = new OpenAIClient("sk-1234567890abcdefghijklmnop").GetChatClient(Model);
                    new ResponsesClient("key").CreateResponse(new CreateResponseOptions { Model = "gpt-4-turbo", MaxOutputTokenCount = 9000 });
            """),
        Code.ExtensionsAI("""
                    using var scope = LlmAttribution.Begin(feature: "search");
                    var o = new ChatOptions { ModelId = "gtp-4o", MaxOutputTokens = 100000, AdditionalProperties = new() { ["llmops.feature"] = "x" } };
                    o.AdditionalProperties.Add("llmops.team", "core");
                    await client.GetResponseAsync(messages, o.WithAttribution("f"));
                    await foreach (var u in client.GetStreamingResponseAsync("hi")) { }
            """),
        Code.Anthropic("""
                    var p = new MessageCreateParams { Model = Model.ClaudeSonnet4_5, MaxTokens = 100000, Messages = [] };
                    client.Messages.Create(p);
            """),
    };

    public static TheoryData<int> Seeds() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Token_edits_never_crash_a_rule(int seed)
    {
        var random = new Random(seed);
        foreach (var source in Sources)
        {
            var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
            for (var i = 0; i < 10; i++)
            {
                var target = tokens[random.Next(tokens.Count)];
                var variant = random.Next(2) == 0
                    ? source.Remove(target.SpanStart, target.Span.Length)
                    : source.Insert(target.SpanStart, tokens[random.Next(tokens.Count)].Text + " ");
                await TestCompilation.AnalyzeAsync(variant, All);
            }
        }
    }
}
