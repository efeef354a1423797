// The SDK marks ChatClient.Model/Endpoint, the developer role and Seed as evaluation-only (OPENAI001); they are stable on the wire.
#pragma warning disable OPENAI001
using System;
using System.Collections.Generic;
using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;
using OpenAIFinishReason = OpenAI.Chat.ChatFinishReason;
using OpenAIResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace LlmOps.Guardrails.Runtime.Providers
{
    /// <summary>
    /// <see cref="IChatClient"/> over the OpenAI SDK's <see cref="ChatClient"/> (Chat Completions), for OpenAI and every
    /// OpenAI-compatible endpoint (Azure OpenAI v1, Ollama, vLLM, …).
    /// </summary>
    /// <remarks>
    /// <para>Mapped: system / developer (as system), user, assistant and tool messages with text; assistant
    /// <see cref="FunctionCallContent"/> and tool <see cref="FunctionResultContent"/>; <see cref="AIFunctionDeclaration"/>
    /// tools and the tool mode; <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Temperature"/>,
    /// <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.StopSequences"/>, <see cref="ChatOptions.Seed"/>,
    /// <see cref="ChatOptions.FrequencyPenalty"/>, <see cref="ChatOptions.PresencePenalty"/>,
    /// <see cref="ChatOptions.ResponseFormat"/> (text, JSON, JSON schema), <see cref="ChatOptions.AllowMultipleToolCalls"/>;
    /// a <see cref="ChatOptions.RawRepresentationFactory"/> that returns a <see cref="ChatCompletionOptions"/> is used as
    /// the starting point. Responses: text, tool calls, id, model, finish reason, creation time and usage (input, output,
    /// total, cached input, reasoning).</para>
    /// <para>Not mapped: images, audio, files and other non-text content (ignored); <see cref="ChatOptions.ModelId"/>
    /// (the model is fixed by the <see cref="ChatClient"/>); <see cref="ChatOptions.TopK"/> (no such parameter);
    /// <see cref="ChatOptions.AdditionalProperties"/> — none is forwarded, so the <c>llmops.*</c> attribution tags
    /// never reach the provider; refusals, log probabilities and annotations are only on
    /// <see cref="ChatResponse.RawRepresentation"/>.</para>
    /// </remarks>
    public sealed class OpenAIChatClientAdapter : IChatClient
    {
        private readonly ChatClient _client;
        private readonly ChatClientMetadata _metadata;

        public OpenAIChatClientAdapter(ChatClient chatClient, string providerName = "openai")
        {
            _client = chatClient ?? throw new ArgumentNullException(nameof(chatClient));
            _metadata = new ChatClientMetadata(providerName, chatClient.Endpoint, chatClient.Model);
        }

        /// <summary>The SDK client this adapter calls.</summary>
        public ChatClient ChatClient => _client;

        /// <inheritdoc />
        public async Task<ChatResponse> GetResponseAsync(
            IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (messages is null) throw new ArgumentNullException(nameof(messages));
            List<OpenAIChatMessage> request = ToOpenAIMessages(messages);
            ChatCompletionOptions completionOptions = ToOpenAIOptions(options);
            ClientResult<ChatCompletion> result = await _client.CompleteChatAsync(request, completionOptions, cancellationToken).ConfigureAwait(false);
            return FromCompletion(result.Value);
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (messages is null) throw new ArgumentNullException(nameof(messages));
            List<OpenAIChatMessage> request = ToOpenAIMessages(messages);
            ChatCompletionOptions completionOptions = ToOpenAIOptions(options);

            Dictionary<int, ToolCallBuilder>? toolCalls = null;
            await foreach (StreamingChatCompletionUpdate chunk in _client.CompleteChatStreamingAsync(request, completionOptions, cancellationToken).ConfigureAwait(false))
            {
                var update = new ChatResponseUpdate
                {
                    ResponseId = chunk.CompletionId,
                    MessageId = chunk.CompletionId,
                    ModelId = chunk.Model,
                    CreatedAt = chunk.CreatedAt == default ? null : chunk.CreatedAt,
                    Role = chunk.Role is ChatMessageRole role ? FromRole(role) : ChatRole.Assistant,
                    FinishReason = chunk.FinishReason is OpenAIFinishReason reason ? FromFinishReason(reason) : null,
                    RawRepresentation = chunk,
                };

                foreach (ChatMessageContentPart part in chunk.ContentUpdate)
                {
                    if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                    {
                        update.Contents.Add(new TextContent(part.Text));
                    }
                }

                foreach (StreamingChatToolCallUpdate toolUpdate in chunk.ToolCallUpdates)
                {
                    toolCalls ??= new Dictionary<int, ToolCallBuilder>();
                    if (!toolCalls.TryGetValue(toolUpdate.Index, out ToolCallBuilder? builder))
                    {
                        builder = new ToolCallBuilder();
                        toolCalls[toolUpdate.Index] = builder;
                    }

                    builder.Id ??= toolUpdate.ToolCallId;
                    builder.Name ??= toolUpdate.FunctionName;
                    if (toolUpdate.FunctionArgumentsUpdate is { } args && !args.ToMemory().IsEmpty) builder.Arguments.Append(args.ToString());
                }

                if (chunk.FinishReason is not null && toolCalls is not null)
                {
                    foreach (KeyValuePair<int, ToolCallBuilder> call in toolCalls)
                    {
                        update.Contents.Add(ParseFunctionCall(call.Value.Id ?? string.Empty, call.Value.Name ?? string.Empty, call.Value.Arguments.ToString()));
                    }

                    toolCalls = null;
                }

                if (chunk.Usage is { } usage)
                {
                    update.Contents.Add(new UsageContent(FromUsage(usage)));
                }

                yield return update;
            }
        }

        /// <inheritdoc />
        public object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            if (serviceKey is not null) return null;
            if (serviceType == typeof(ChatClientMetadata)) return _metadata;
            if (serviceType == typeof(ChatClient)) return _client;
            return serviceType.IsInstanceOfType(this) ? this : null;
        }

        /// <inheritdoc />
        public void Dispose()
        {
        }

        internal static List<OpenAIChatMessage> ToOpenAIMessages(IEnumerable<AIChatMessage> messages)
        {
            var result = new List<OpenAIChatMessage>();
            foreach (AIChatMessage message in messages)
            {
                ChatRole role = message.Role;
                if (role == ChatRole.System)
                {
                    result.Add(new SystemChatMessage(message.Text) { ParticipantName = message.AuthorName });
                }
                else if (role == ChatRole.User)
                {
                    result.Add(new UserChatMessage(message.Text) { ParticipantName = message.AuthorName });
                }
                else if (role == ChatRole.Assistant)
                {
                    List<ChatToolCall>? calls = null;
                    foreach (AIContent content in message.Contents)
                    {
                        if (content is FunctionCallContent call)
                        {
                            calls ??= new List<ChatToolCall>();
                            byte[] args = JsonSerializer.SerializeToUtf8Bytes(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
                            calls.Add(ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromBytes(args)));
                        }
                    }

                    string text = message.Text;
                    AssistantChatMessage assistant = calls is null
                        ? new AssistantChatMessage(text)
                        : new AssistantChatMessage(calls);
                    if (calls is not null && text.Length > 0) assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
                    assistant.ParticipantName = message.AuthorName;
                    result.Add(assistant);
                }
                else if (role == ChatRole.Tool)
                {
                    foreach (AIContent content in message.Contents)
                    {
                        if (content is FunctionResultContent toolResult)
                        {
                            string text = toolResult.Result switch
                            {
                                null => string.Empty,
                                string s => s,
                                _ => JsonSerializer.Serialize(toolResult.Result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
                            };
                            result.Add(new ToolChatMessage(toolResult.CallId, text));
                        }
                    }
                }
                else
                {
                    // Unknown roles ("developer" and custom ones) go as system instructions.
                    result.Add(new SystemChatMessage(message.Text));
                }
            }

            return result;
        }

        internal static ChatCompletionOptions ToOpenAIOptions(ChatOptions? options)
        {
            ChatCompletionOptions result = options?.RawRepresentationFactory?.Invoke(null!) as ChatCompletionOptions ?? new ChatCompletionOptions();
            if (options is null) return result;

            if (options.MaxOutputTokens is int max) result.MaxOutputTokenCount = max;
            if (options.Temperature is float temperature) result.Temperature = temperature;
            if (options.TopP is float topP) result.TopP = topP;
            if (options.FrequencyPenalty is float frequency) result.FrequencyPenalty = frequency;
            if (options.PresencePenalty is float presence) result.PresencePenalty = presence;
            if (options.Seed is long seed) result.Seed = seed;
            if (options.StopSequences is { Count: > 0 } stops)
            {
                foreach (string stop in stops) result.StopSequences.Add(stop);
            }

            if (options.AllowMultipleToolCalls is bool parallel) result.AllowParallelToolCalls = parallel;

            if (options.Tools is { Count: > 0 } tools)
            {
                foreach (AITool tool in tools)
                {
                    if (tool is AIFunctionDeclaration function)
                    {
                        result.Tools.Add(ChatTool.CreateFunctionTool(
                            function.Name,
                            function.Description,
                            BinaryData.FromString(function.JsonSchema.GetRawText())));
                    }
                }

                switch (options.ToolMode)
                {
                    case NoneChatToolMode:
                        result.ToolChoice = ChatToolChoice.CreateNoneChoice();
                        break;
                    case RequiredChatToolMode required:
                        result.ToolChoice = required.RequiredFunctionName is { } name
                            ? ChatToolChoice.CreateFunctionChoice(name)
                            : ChatToolChoice.CreateRequiredChoice();
                        break;
                    case AutoChatToolMode:
                        result.ToolChoice = ChatToolChoice.CreateAutoChoice();
                        break;
                }
            }

            switch (options.ResponseFormat)
            {
                case ChatResponseFormatText:
                    result.ResponseFormat = OpenAIResponseFormat.CreateTextFormat();
                    break;
                case ChatResponseFormatJson json when json.Schema is JsonElement schema:
                    result.ResponseFormat = OpenAIResponseFormat.CreateJsonSchemaFormat(
                        json.SchemaName ?? "response",
                        BinaryData.FromString(schema.GetRawText()),
                        json.SchemaDescription,
                        jsonSchemaIsStrict: true);
                    break;
                case ChatResponseFormatJson:
                    result.ResponseFormat = OpenAIResponseFormat.CreateJsonObjectFormat();
                    break;
            }

            // AdditionalProperties are deliberately not forwarded: llmops.* tags must never reach a provider.
            return result;
        }

        internal static ChatResponse FromCompletion(ChatCompletion completion)
        {
            var message = new AIChatMessage(FromRole(completion.Role), (string?)null)
            {
                MessageId = completion.Id,
                RawRepresentation = completion,
            };

            foreach (ChatMessageContentPart part in completion.Content)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && part.Text is { } text)
                {
                    message.Contents.Add(new TextContent(text));
                }
            }

            foreach (ChatToolCall call in completion.ToolCalls)
            {
                if (call.Kind == ChatToolCallKind.Function)
                {
                    message.Contents.Add(ParseFunctionCall(call.Id, call.FunctionName, call.FunctionArguments?.ToString() ?? string.Empty));
                }
            }

            return new ChatResponse(message)
            {
                ResponseId = completion.Id,
                ModelId = completion.Model,
                CreatedAt = completion.CreatedAt == default ? null : completion.CreatedAt,
                FinishReason = FromFinishReason(completion.FinishReason),
                Usage = completion.Usage is { } usage ? FromUsage(usage) : null,
                RawRepresentation = completion,
            };
        }

        internal static UsageDetails FromUsage(ChatTokenUsage usage)
        {
            var details = new UsageDetails
            {
                InputTokenCount = usage.InputTokenCount,
                OutputTokenCount = usage.OutputTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
            };

            if (usage.InputTokenDetails is { } input) details.CachedInputTokenCount = input.CachedTokenCount;
            if (usage.OutputTokenDetails is { } output) details.ReasoningTokenCount = output.ReasoningTokenCount;
            return details;
        }

        private static FunctionCallContent ParseFunctionCall(string callId, string name, string json) =>
            FunctionCallContent.CreateFromParsedArguments(
                string.IsNullOrWhiteSpace(json) ? "{}" : json,
                callId,
                name,
                static j => (IDictionary<string, object?>?)JsonSerializer.Deserialize(j, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));

        private static ChatRole FromRole(ChatMessageRole role) => role switch
        {
            ChatMessageRole.System => ChatRole.System,
            ChatMessageRole.User => ChatRole.User,
            ChatMessageRole.Tool => ChatRole.Tool,
            ChatMessageRole.Developer => ChatRole.System,
            _ => ChatRole.Assistant,
        };

        private static AIFinishReason FromFinishReason(OpenAIFinishReason reason) => reason switch
        {
            OpenAIFinishReason.Stop => AIFinishReason.Stop,
            OpenAIFinishReason.Length => AIFinishReason.Length,
            OpenAIFinishReason.ContentFilter => AIFinishReason.ContentFilter,
            OpenAIFinishReason.ToolCalls => AIFinishReason.ToolCalls,
            OpenAIFinishReason.FunctionCall => AIFinishReason.ToolCalls,
            _ => new AIFinishReason(reason.ToString()),
        };

        private sealed class ToolCallBuilder
        {
            public string? Id { get; set; }
            public string? Name { get; set; }
            public StringBuilder Arguments { get; } = new StringBuilder();
        }
    }
}
