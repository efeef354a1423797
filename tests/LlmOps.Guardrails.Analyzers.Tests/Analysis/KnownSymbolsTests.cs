using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Analysis;

/// <summary>The per-compilation symbols and their per-type role cache, shared by all the analyzers.</summary>
public class KnownSymbolsTests
{
    [Fact]
    public async Task One_instance_is_shared_per_compilation()
    {
        var compilation = await CompileAsync("public class C { }");

        var first = KnownSymbols.Create(compilation);
        var second = KnownSymbols.Create(compilation);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.NotSame(first, KnownSymbols.Create(compilation.Clone()));
    }

    [Fact]
    public async Task Roles_follow_base_types()
    {
        var compilation = await CompileAsync("""
            public class MyOptions : Microsoft.Extensions.AI.ChatOptions { }
            public class MyChatClient : OpenAI.Chat.ChatClient { }
            """);
        var symbols = KnownSymbols.Create(compilation)!;
        var options = compilation.GetTypeByMetadataName("MyOptions");
        var client = compilation.GetTypeByMetadataName("MyChatClient");
        var anthropicParams = compilation.GetTypeByMetadataName("Anthropic.Models.Messages.MessageCreateParams");

        Assert.True(symbols.Is(options, SdkRoles.ChatOptions));
        Assert.True(symbols.Is(options, SdkRoles.SkSettings | SdkRoles.ChatOptions));
        Assert.False(symbols.Is(options, SdkRoles.OpenAIChatClient | SdkRoles.AnthropicNamespace));
        Assert.True(symbols.Is(client, SdkRoles.OpenAIChatClient));
        Assert.False(symbols.Is(client, SdkRoles.OpenAIClient | SdkRoles.ResponsesClient));
        Assert.True(symbols.Is(anthropicParams, SdkRoles.AnthropicParams | SdkRoles.AnthropicNamespace));
        Assert.False(symbols.Is(compilation.GetSpecialType(SpecialType.System_String), (SdkRoles)~0));
        Assert.False(symbols.Is(null, (SdkRoles)~0));
    }

    private static Task<Compilation> CompileAsync(string source) => TestCompilation.CreateAsync(source);
}
