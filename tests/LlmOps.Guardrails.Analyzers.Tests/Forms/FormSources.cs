namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>Compilable wrappers for the forms that <see cref="Harness.Code"/> has no shape for.</summary>
internal static class FormSources
{
    /// <summary>Semantic Kernel registrations on a kernel builder, with OpenAI's client at hand.</summary>
    public static string KernelBuilder(string body) => $$"""
        // As a real project would: the endpoint overloads of the OpenAI connector are marked experimental.
        #pragma warning disable SKEXP0010
        using System;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        using OpenAI;

        public class C
        {
            public void M(IKernelBuilder builder, Microsoft.Extensions.DependencyInjection.IServiceCollection services)
            {
        {{body}}
            }
        }
        """;

    /// <summary>Anthropic's client with its Microsoft.Extensions.AI adapter in scope.</summary>
    public static string AnthropicAdapter(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Core;
        using Anthropic.Models.Messages;
        using Microsoft.Extensions.AI;

        public class C
        {
            public async Task M(AnthropicClient client, List<ChatMessage> messages)
            {
        {{body}}
            }
        }
        """;

    /// <summary>Microsoft.Extensions.AI with OllamaSharp's client in scope.</summary>
    public static string Ollama(string body) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OllamaSharp;

        public class C
        {
            public async Task M(IChatClient client, List<ChatMessage> messages)
            {
        {{body}}
            }
        }
        """;

    /// <summary>A Semantic Kernel kernel and its invocations.</summary>
    public static string Kernel(string body, string attributes = "", string members = "") => $$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        using LlmOps.Guardrails.Runtime;

        {{attributes}}
        public class C
        {
        {{members}}
            public async Task M(Kernel kernel, KernelFunction external, KernelArguments outside)
            {
        {{body}}
            }
        }
        """;
}
