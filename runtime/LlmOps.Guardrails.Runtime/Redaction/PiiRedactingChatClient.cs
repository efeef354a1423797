using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

using LlmOps.Guardrails.Runtime.Signals;

namespace LlmOps.Guardrails.Runtime.Redaction;

/// <summary>
/// Replaces personal data (see <see cref="PiiKinds"/>) in the request with placeholders such as <c>[EMAIL_1]</c> before
/// it reaches the provider, and puts the originals back into the response: its text, its function-call arguments and,
/// when streaming, the text of each update (a placeholder split across chunks is held back until it is complete; only
/// a tail that could still become a placeholder is buffered). The mapping exists only for the duration of the call.
/// What is redacted in the request: text contents, reasoning text, string function results, string function-call
/// arguments (the history of earlier tool calls) and <see cref="ChatOptions.Instructions"/>. Messages and options that
/// hold no personal data are passed on as they are (no copy).
/// </summary>
public sealed class PiiRedactingChatClient : DelegatingChatClient
{
    private readonly PiiRedactionOptions options;

    public PiiRedactingChatClient(IChatClient innerClient, PiiRedactionOptions? options = null)
        : base(innerClient)
    {
        this.options = options ?? new PiiRedactionOptions();
        this.options.Validate();
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        PiiRedactionSession? session = null; // created on the first piece of PII: a clean request allocates nothing here
        var redactedMessages = RedactMessages(ref session, messages ?? throw new ArgumentNullException(nameof(messages)));
        var redactedOptions = RedactOptions(ref session, options);
        CallFacts.Current?.Redacted(AsList(redactedMessages), session?.CountsByKind());
        var response = await base.GetResponseAsync(redactedMessages, redactedOptions, cancellationToken).ConfigureAwait(false);
        if (this.options.RestoreResponses && session is { HasMappings: true })
        {
            foreach (var message in response.Messages)
            {
                RestoreContents(session, message.Contents);
            }
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        PiiRedactionSession? session = null;
        var redactedMessages = RedactMessages(ref session, messages ?? throw new ArgumentNullException(nameof(messages)));
        var redactedOptions = RedactOptions(ref session, options);
        CallFacts.Current?.Redacted(AsList(redactedMessages), session?.CountsByKind());
        if (!this.options.RestoreResponses || session is not { HasMappings: true })
        {
            await foreach (var update in base.GetStreamingResponseAsync(redactedMessages, redactedOptions, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var pending = string.Empty;
        ChatResponseUpdate? pendingFrom = null;
        await foreach (var update in base.GetStreamingResponseAsync(redactedMessages, redactedOptions, cancellationToken).ConfigureAwait(false))
        {
            if (pending.Length > 0 && pendingFrom is not null && update.MessageId != pendingFrom.MessageId && HasText(update))
            {
                yield return Flush(session, pendingFrom, pending);
                pending = string.Empty;
            }

            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        var combined = pending.Length == 0 ? text.Text ?? string.Empty : pending + text.Text;
                        var holdFrom = session.HoldBackFrom(combined);
                        pending = holdFrom < combined.Length ? combined.Substring(holdFrom) : string.Empty;
                        text.Text = session.Restore(holdFrom < combined.Length ? combined.Substring(0, holdFrom) : combined);
                        if (pending.Length > 0)
                        {
                            pendingFrom = update;
                        }

                        break;
                    case FunctionCallContent call:
                        RestoreArguments(session, call);
                        break;
                    case TextReasoningContent reasoning:
                        reasoning.Text = session.Restore(reasoning.Text);
                        break;
                }
            }

            yield return update;
        }

        if (pending.Length > 0 && pendingFrom is not null)
        {
            yield return Flush(session, pendingFrom, pending);
        }
    }

    private static bool HasText(ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            if (content is TextContent)
            {
                return true;
            }
        }

        return false;
    }

    private static ChatResponseUpdate Flush(PiiRedactionSession session, ChatResponseUpdate from, string pending) =>
        new(from.Role ?? ChatRole.Assistant, session.Restore(pending))
        {
            MessageId = from.MessageId,
            ResponseId = from.ResponseId,
            ConversationId = from.ConversationId,
            ModelId = from.ModelId,
            AuthorName = from.AuthorName,
            CreatedAt = from.CreatedAt,
        };

    private string RedactText(ref PiiRedactionSession? session, string text)
    {
        if (session is null)
        {
            if (!PiiRedactor.ContainsPii(text, options.Kinds))
            {
                return text;
            }

            session = new PiiRedactionSession(options.Kinds, options.PlaceholderFormat);
        }

        return session.Redact(text);
    }

    private static IReadOnlyList<ChatMessage> AsList(IEnumerable<ChatMessage> messages) =>
        messages as IReadOnlyList<ChatMessage> ?? new List<ChatMessage>(messages);

    private IEnumerable<ChatMessage> RedactMessages(ref PiiRedactionSession? session, IEnumerable<ChatMessage> messages)
    {
        var list = messages as IList<ChatMessage> ?? new List<ChatMessage>(messages);
        List<ChatMessage>? copy = null;
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            var redacted = RedactMessage(ref session, message);
            if (!ReferenceEquals(redacted, message) && copy is null)
            {
                copy = new List<ChatMessage>(list.Count);
                for (var j = 0; j < i; j++)
                {
                    copy.Add(list[j]);
                }
            }

            copy?.Add(redacted);
        }

        return copy ?? list;
    }

    private ChatMessage RedactMessage(ref PiiRedactionSession? session, ChatMessage message)
    {
        List<AIContent>? contents = null;
        var contentList = message.Contents;
        for (var i = 0; i < contentList.Count; i++)
        {
            var original = contentList[i];
            var redacted = RedactContent(ref session, original);
            if (!ReferenceEquals(redacted, original) && contents is null)
            {
                contents = new List<AIContent>(contentList.Count);
                for (var j = 0; j < i; j++)
                {
                    contents.Add(contentList[j]);
                }
            }

            contents?.Add(redacted);
        }

        if (contents is null)
        {
            return message;
        }

        // RawRepresentation is dropped on purpose: an adapter could otherwise send the original SDK object.
        return new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            CreatedAt = message.CreatedAt,
            AdditionalProperties = message.AdditionalProperties,
        };
    }

    private AIContent RedactContent(ref PiiRedactionSession? session, AIContent content)
    {
        switch (content)
        {
            case TextContent text when text.Text is { } value:
            {
                var redacted = RedactText(ref session, value);
                return ReferenceEquals(redacted, value) ? content : new TextContent(redacted) { AdditionalProperties = text.AdditionalProperties };
            }

            case TextReasoningContent reasoning when reasoning.Text is { } value:
            {
                var redacted = RedactText(ref session, value);
                return ReferenceEquals(redacted, value) ? content : new TextReasoningContent(redacted) { AdditionalProperties = reasoning.AdditionalProperties };
            }

            case FunctionResultContent result when result.Result is string value:
            {
                var redacted = RedactText(ref session, value);
                return ReferenceEquals(redacted, value) ? content : new FunctionResultContent(result.CallId, redacted) { AdditionalProperties = result.AdditionalProperties };
            }

            case FunctionCallContent call when call.Arguments is { Count: > 0 } arguments:
            {
                Dictionary<string, object?>? copy = null;
                foreach (var pair in arguments)
                {
                    if (pair.Value is string value && PiiRedactor.ContainsPii(value, options.Kinds))
                    {
                        copy = new Dictionary<string, object?>(arguments.Count, StringComparer.Ordinal);
                        break;
                    }
                }

                if (copy is null)
                {
                    return content;
                }

                foreach (var pair in arguments)
                {
                    copy[pair.Key] = pair.Value is string value ? RedactText(ref session, value) : pair.Value;
                }

                return new FunctionCallContent(call.CallId, call.Name, copy) { AdditionalProperties = call.AdditionalProperties };
            }

            default:
                return content;
        }
    }

    private ChatOptions? RedactOptions(ref PiiRedactionSession? session, ChatOptions? options)
    {
        if (options?.Instructions is not { } instructions)
        {
            return options;
        }

        var redacted = RedactText(ref session, instructions);
        if (ReferenceEquals(redacted, instructions))
        {
            return options;
        }

        var copy = options.Clone();
        copy.Instructions = redacted;
        return copy;
    }

    private static void RestoreContents(PiiRedactionSession session, IList<AIContent> contents)
    {
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text when text.Text is not null:
                    text.Text = session.Restore(text.Text);
                    break;
                case TextReasoningContent reasoning when reasoning.Text is not null:
                    reasoning.Text = session.Restore(reasoning.Text);
                    break;
                case FunctionCallContent call:
                    RestoreArguments(session, call);
                    break;
            }
        }
    }

    private static void RestoreArguments(PiiRedactionSession session, FunctionCallContent call)
    {
        if (call.Arguments is not { Count: > 0 } arguments)
        {
            return;
        }

        List<KeyValuePair<string, string>>? changes = null;
        foreach (var pair in arguments)
        {
            if (pair.Value is string value)
            {
                var restored = session.Restore(value);
                if (!ReferenceEquals(restored, value))
                {
                    (changes ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(pair.Key, restored));
                }
            }
        }

        if (changes is not null)
        {
            foreach (var change in changes)
            {
                arguments[change.Key] = change.Value;
            }
        }
    }
}
