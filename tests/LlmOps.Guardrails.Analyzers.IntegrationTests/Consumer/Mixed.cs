// Call shapes seen in real code: constants, fields, streaming, client factories, options built in steps.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Consumer;

[LlmFeature("assistant")]
public sealed class Assistant(IChatClient chat, AnthropicClient anthropic)
{
    private const string DefaultModel = "gpt-4o";
    private const int Cap = 2_000;
    private static readonly string Key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "";
    private readonly ChatClient _openAi = new OpenAIClient(Key).GetChatClient(DefaultModel + "-2024-08-06");

    public async Task<string> AskAsync(string question, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { ModelId = "claude-sonnet-4-5", Temperature = 0.2f };
        options.MaxOutputTokens = Cap;
        options.AdditionalProperties ??= new AdditionalPropertiesDictionary();
        options.AdditionalProperties["llmops.feature"] = "assistant.ask";
        var response = await chat.GetResponseAsync(question, options, cancellationToken);
        return response.Text;
    }

    public async Task<string> CompleteAsync(string prompt)
    {
        var messages = new List<OpenAI.Chat.ChatMessage> { new SystemChatMessage("Be brief."), new UserChatMessage(prompt) };
        ChatCompletion completion = await _openAi.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 20_000 });
        return completion.Content[0].Text;
    }

    public IEnumerable<string> Stream(string prompt)
    {
        using var scope = LlmAttribution.Begin(feature: "assistant.stream", team: "search");
        var client = new ChatClient(model: "gpt-4o-latest", apiKey: "sk-ant-api03-ZmFrZUtleUZvclRlc3RpbmdPbmx5MTIzNDU2Nzg5MA");
        foreach (var update in client.CompleteChatStreaming(new UserChatMessage(prompt)))
        {
            foreach (var part in update.ContentUpdate)
            {
                yield return part.Text;
            }
        }
    }

    public Task<Message> LegacyAsync(string text) =>
        anthropic.Messages.Create(new MessageCreateParams
        {
            Model = "claude-2.1",
            MaxTokens = 8_192,
            Messages = [new UserMessageParam { Content = text }],
            StopSequences = ["\n\nHuman:"],
        });

    public Task<ChatResponse> WithHistoryAsync(IList<Microsoft.Extensions.AI.ChatMessage> history) =>
        chat.GetResponseAsync(history, new ChatOptions { ModelId = $"gpt-4o-mini", MaxOutputTokens = 300 });
}
