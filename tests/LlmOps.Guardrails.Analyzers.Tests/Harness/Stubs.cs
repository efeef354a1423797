namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// Source stubs compiled with every test: Semantic Kernel (not in the feed), the LlmOps runtime's
/// attribution contract (docs/rules/LLM003.md) and an Azure OpenAI client, in their real namespaces.
/// </summary>
public static class Stubs
{
    public const string Source = CoreSource + KernelsRegistrationsAndOllamaSource;

    private const string CoreSource = """
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

            public sealed partial class Kernel { }
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

    #region Semantic Kernel kernels and registrations, OllamaSharp (signatures as in Semantic Kernel 1.82.0 and OllamaSharp 5.5.2)

    // Mirrors the real packages' signatures (the overloads the tests use), so tests written against them
    // hold when the compilations reference the packages themselves.
    private const string KernelsRegistrationsAndOllamaSource = """

        namespace Microsoft.SemanticKernel
        {
            public sealed partial class Kernel
            {
                public static IKernelBuilder CreateBuilder() => null!;

                public System.Threading.Tasks.Task<FunctionResult> InvokeAsync(KernelFunction function, KernelArguments? arguments = null, System.Threading.CancellationToken cancellationToken = default) => null!;

                public System.Threading.Tasks.Task<FunctionResult> InvokeAsync(string? pluginName, string functionName, KernelArguments? arguments = null, System.Threading.CancellationToken cancellationToken = default) => null!;

                public System.Collections.Generic.IAsyncEnumerable<StreamingKernelContent> InvokeStreamingAsync(KernelFunction function, KernelArguments? arguments = null, System.Threading.CancellationToken cancellationToken = default) => null!;
            }

            public interface IKernelBuilder { }

            public class FunctionResult { }

            public abstract class StreamingKernelContent { }

            public interface IPromptTemplateFactory { }

            public sealed class PromptTemplateConfig { }

            public abstract class KernelFunction
            {
                public System.Threading.Tasks.Task<FunctionResult> InvokeAsync(Kernel kernel, KernelArguments? arguments = null, System.Threading.CancellationToken cancellationToken = default) => null!;
            }

            public sealed class KernelArguments : global::Microsoft.Extensions.AI.AIFunctionArguments
            {
                public KernelArguments() { }

                public KernelArguments(PromptExecutionSettings? executionSettings) { }

                public KernelArguments(System.Collections.Generic.IEnumerable<PromptExecutionSettings>? executionSettings) { }
            }

            public static class KernelExtensions
            {
                public static KernelFunction CreateFunctionFromPrompt(this Kernel kernel, string promptTemplate, PromptExecutionSettings? executionSettings = null, string? functionName = null,
                    string? description = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null) => null!;

                public static System.Threading.Tasks.Task<FunctionResult> InvokePromptAsync(this Kernel kernel, string promptTemplate, KernelArguments? arguments = null, string? templateFormat = null,
                    IPromptTemplateFactory? promptTemplateFactory = null, PromptTemplateConfig? promptTemplateConfig = null, System.Threading.CancellationToken cancellationToken = default) => null!;

                public static System.Collections.Generic.IAsyncEnumerable<StreamingKernelContent> InvokePromptStreamingAsync(this Kernel kernel, string promptTemplate, KernelArguments? arguments = null,
                    string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null, PromptTemplateConfig? promptTemplateConfig = null,
                    System.Threading.CancellationToken cancellationToken = default) => null!;
            }

            public static class OpenAIKernelBuilderExtensions
            {
                public static IKernelBuilder AddOpenAIChatCompletion(this IKernelBuilder builder, string modelId, string apiKey, string? orgId = null, string? serviceId = null,
                    System.Net.Http.HttpClient? httpClient = null) => builder;

                public static IKernelBuilder AddOpenAIChatCompletion(this IKernelBuilder builder, string modelId, global::OpenAI.OpenAIClient? openAIClient = null, string? serviceId = null) => builder;

                public static IKernelBuilder AddOpenAIChatCompletion(this IKernelBuilder builder, string modelId, System.Uri endpoint, string? apiKey, string? orgId = null, string? serviceId = null,
                    System.Net.Http.HttpClient? httpClient = null) => builder;
            }

            public static class OpenAIServiceCollectionExtensions
            {
                public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddOpenAIChatCompletion(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
                    string modelId, string apiKey, string? orgId = null, string? serviceId = null) => services;

                public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddOpenAIChatCompletion(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
                    string modelId, global::OpenAI.OpenAIClient? openAIClient = null, string? serviceId = null) => services;

                public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddOpenAIChatCompletion(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,
                    string modelId, System.Uri endpoint, string? apiKey = null, string? orgId = null, string? serviceId = null) => services;
            }

            public static class AzureOpenAIKernelBuilderExtensions
            {
                public static IKernelBuilder AddAzureOpenAIChatCompletion(this IKernelBuilder builder, string deploymentName, string endpoint, string apiKey, string? serviceId = null,
                    string? modelId = null, System.Net.Http.HttpClient? httpClient = null, string? apiVersion = null) => builder;
            }
        }

        namespace Microsoft.SemanticKernel.Connectors.OpenAI
        {
            public class OpenAIChatCompletionService
            {
                public OpenAIChatCompletionService(string modelId, string apiKey, string? organization = null, System.Net.Http.HttpClient? httpClient = null,
                    global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null) { }

                public OpenAIChatCompletionService(string modelId, System.Uri endpoint, string? apiKey = null, string? organization = null, System.Net.Http.HttpClient? httpClient = null,
                    global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null) { }

                public OpenAIChatCompletionService(string modelId, global::OpenAI.OpenAIClient openAIClient, global::Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null) { }
            }
        }

        namespace OllamaSharp
        {
            public class OllamaApiClient : global::Microsoft.Extensions.AI.IChatClient
            {
                public OllamaApiClient(string uriString, string defaultModel = "") { }

                public OllamaApiClient(System.Uri uri, string defaultModel = "") { }

                public System.Threading.Tasks.Task<global::Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(System.Collections.Generic.IEnumerable<global::Microsoft.Extensions.AI.ChatMessage> messages,
                    global::Microsoft.Extensions.AI.ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => null!;

                public System.Collections.Generic.IAsyncEnumerable<global::Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(
                    System.Collections.Generic.IEnumerable<global::Microsoft.Extensions.AI.ChatMessage> messages, global::Microsoft.Extensions.AI.ChatOptions? options = null,
                    System.Threading.CancellationToken cancellationToken = default) => null!;

                object? global::Microsoft.Extensions.AI.IChatClient.GetService(System.Type serviceType, object? serviceKey) => null;

                public void Dispose() { }
            }
        }
        """;

    #endregion
}
