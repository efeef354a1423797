using LlmOps.Guardrails.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

public class SmokeTests
{
    [Fact]
    public Task Alias_in_ChatClient_constructor() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI("""        var chat = new ChatClient([|"gpt-4o"|], "key");"""));

    /// <summary>Test sources see the real SDKs: the forms real code uses compile as they would in an application.</summary>
    [Fact]
    public async Task Test_sources_compile_against_the_real_sdks()
    {
        var compilation = await TestCompilation.CreateAsync("""
            #pragma warning disable OPENAI001, SKEXP0001, SKEXP0010
            using System;
            using System.ClientModel;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;
            using LlmOps.Guardrails.Runtime;

            public static class C
            {
                public static async Task M(Kernel kernel, IChatClient client)
                {
                    var builder = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4o-2024-08-06", apiKey: "key");
                    await kernel.InvokePromptAsync("hi", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 10 }));
                    IChatClient chat = new OpenAI.OpenAIClient("key").GetChatClient("gpt-4o-2024-08-06").AsIChatClient();
                    var azure = new Azure.AI.OpenAI.AzureOpenAIClient(new Uri("https://x.openai.azure.com"), new ApiKeyCredential("k"));
                    var anthropic = new Anthropic.AnthropicClient();
                    using var scope = LlmAttribution.Begin(feature: "search");
                    await client.GetResponseAsync("hi", new ChatOptions().WithAttribution("search"));
                }
            }
            """);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
