using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Cassettes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// Tags the judge's calls with the prompt and case being scored (the judge builds its own <see cref="ChatOptions"/>), so
/// that judge verdicts are recorded in the prompt's cassette and a miss names the prompt and the case. The ids do not
/// enter the cassette key ("llmops." properties are excluded).
/// </summary>
internal sealed class JudgeContextChatClient : DelegatingChatClient
{
    private static readonly AsyncLocal<(string PromptId, string CaseId)?> s_current = new();

    public JudgeContextChatClient(IChatClient inner)
        : base(inner)
    {
    }

    /// <summary>Sets the prompt and case of the judge calls that follow on this async flow.</summary>
    public static void SetCurrent(string promptId, string caseId) => s_current.Value = (promptId, caseId);

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Tag(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Tag(options), cancellationToken);

    private static ChatOptions? Tag(ChatOptions? options)
    {
        if (s_current.Value is not { } current) return options;
        var tagged = options?.Clone() ?? new ChatOptions();
        tagged.AdditionalProperties = tagged.AdditionalProperties?.Clone() ?? new AdditionalPropertiesDictionary();
        tagged.AdditionalProperties[CassetteProperties.PromptId] = current.PromptId;
        tagged.AdditionalProperties[CassetteProperties.CaseId] = current.CaseId;
        return tagged;
    }
}
