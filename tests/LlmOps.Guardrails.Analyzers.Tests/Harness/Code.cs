namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>Wraps a method body in a compilable class with the usings the SDK tests need.</summary>
public static class Code
{
    public static string OpenAI(string body, string members = "") => $$"""
        #pragma warning disable OPENAI001
        using System;
        using System.Collections.Generic;
        using OpenAI;
        using OpenAI.Chat;
        using OpenAI.Responses;

        public class C
        {
        {{members}}
            public void M(IConfigurationLike config)
            {
        {{body}}
            }
        }

        public interface IConfigurationLike { string this[string key] { get; } }
        """;

    public static string ExtensionsAI(string body, string members = "", string attributes = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using LlmOps.Guardrails.Runtime;

        {{attributes}}
        public class C
        {
        {{members}}
            public async Task M(IChatClient client, List<ChatMessage> messages, ChatOptions external)
            {
        {{body}}
            }
        }
        """;

    public static string Anthropic(string body, string members = "") => $$"""
        #pragma warning disable CS0618
        using System;
        using System.Collections.Generic;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class C
        {
        {{members}}
            public void M(AnthropicClient client)
            {
        {{body}}
            }
        }
        """;

    public static string SemanticKernel(string body) => $$"""
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        public class C
        {
            public void M()
            {
        {{body}}
            }
        }
        """;

    public static string SemanticKernelChat(string body, string attributes = "", string members = "") => $$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        using LlmOps.Guardrails.Runtime;

        {{attributes}}
        public class C
        {
        {{members}}
            public async Task M(IChatCompletionService chat, ChatHistory history, PromptExecutionSettings external)
            {
        {{body}}
            }
        }
        """;
}
