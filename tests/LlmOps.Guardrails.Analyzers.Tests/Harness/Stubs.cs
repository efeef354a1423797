namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// Source stubs compiled with every test: Semantic Kernel (not in the feed), the LlmOps runtime's
/// attribution contract (docs/rules/LLM003.md) and an Azure OpenAI client, in their real namespaces.
/// </summary>
public static class Stubs
{
    public const string Source = """
        namespace Microsoft.SemanticKernel
        {
            public class PromptExecutionSettings
            {
                public string? ModelId { get; set; }
            }
        }

        namespace Microsoft.SemanticKernel.ChatCompletion
        {
            public class ChatHistory : System.Collections.Generic.List<Microsoft.SemanticKernel.ChatMessageContent>
            {
                public void AddUserMessage(string content) { }
            }

            public interface IChatCompletionService
            {
                System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<Microsoft.SemanticKernel.ChatMessageContent>> GetChatMessageContentsAsync(
                    ChatHistory chatHistory, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings = null, Microsoft.SemanticKernel.Kernel? kernel = null,
                    System.Threading.CancellationToken cancellationToken = default);

                System.Collections.Generic.IAsyncEnumerable<Microsoft.SemanticKernel.ChatMessageContent> GetStreamingChatMessageContentsAsync(
                    ChatHistory chatHistory, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings = null, Microsoft.SemanticKernel.Kernel? kernel = null,
                    System.Threading.CancellationToken cancellationToken = default);
            }

            public static class ChatCompletionServiceExtensions
            {
                public static System.Threading.Tasks.Task<Microsoft.SemanticKernel.ChatMessageContent> GetChatMessageContentAsync(
                    this IChatCompletionService service, string prompt, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings = null,
                    Microsoft.SemanticKernel.Kernel? kernel = null, System.Threading.CancellationToken cancellationToken = default) => null!;
            }
        }

        namespace Microsoft.SemanticKernel
        {
            public class ChatMessageContent { }

            public sealed class Kernel { }
        }

        namespace Microsoft.SemanticKernel.Connectors.OpenAI
        {
            public class OpenAIPromptExecutionSettings : Microsoft.SemanticKernel.PromptExecutionSettings
            {
                public int? MaxTokens { get; set; }
            }
        }

        namespace LlmOps.Guardrails.Runtime
        {
            public static class LlmAttribution
            {
                public static System.IDisposable Begin(string feature, string? team = null, string? tenant = null) => null!;
            }

            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Class | System.AttributeTargets.Struct | System.AttributeTargets.Assembly)]
            public sealed class LlmFeatureAttribute : System.Attribute
            {
                public LlmFeatureAttribute(string feature) => Feature = feature;

                public string Feature { get; }
            }

            public static class ChatOptionsAttributionExtensions
            {
                public static global::Microsoft.Extensions.AI.ChatOptions WithAttribution(this global::Microsoft.Extensions.AI.ChatOptions options, string feature, string? team = null) => options;
            }
        }

        namespace Azure.AI.OpenAI
        {
            public class AzureOpenAIClient : global::OpenAI.OpenAIClient
            {
                public AzureOpenAIClient(System.Uri endpoint, System.ClientModel.ApiKeyCredential credential)
                {
                }
            }
        }
        """;
}
