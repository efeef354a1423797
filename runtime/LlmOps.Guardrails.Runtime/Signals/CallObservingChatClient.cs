using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Cost;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>
    /// Hands every finished call to the registered <see cref="ILlmCallObserver"/>s as one <see cref="LlmCallRecord"/>.
    /// It sits directly inside the telemetry layer, so observers run while the call's span is current (an observer's
    /// <c>Activity</c> event lands on the call), and outside the budget, cache, redaction and fallback layers, so it sees
    /// budget refusals, cache hits, the redacted request and every fallback target tried.
    /// </summary>
    public sealed class CallObservingChatClient : DelegatingChatClient
    {
        private readonly ILlmCallObserver[] _observers;
        private readonly ModelCatalog _catalog;
        private readonly TimeProvider _time;
        private readonly ChatClientMetadata? _metadata;

        public CallObservingChatClient(IChatClient innerClient, IEnumerable<ILlmCallObserver> observers, ModelCatalog? catalog = null, TimeProvider? timeProvider = null)
            : base(innerClient)
        {
            _observers = (observers ?? throw new ArgumentNullException(nameof(observers))).ToArray();
            if (_observers.Any(observer => observer is null))
            {
                throw new ArgumentException("An observer cannot be null.", nameof(observers));
            }

            _catalog = catalog ?? ModelCatalog.Default;
            _time = timeProvider ?? TimeProvider.System;
            _metadata = innerClient.GetService<ChatClientMetadata>();
        }

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var call = Start(messages, options, streaming: false);
            ChatResponse response;
            try
            {
                response = await base.GetResponseAsync(call.Messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Finish(call, null, null, error, cancellationToken);
                throw;
            }

            Finish(call, response, null, null, cancellationToken);
            return response;
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var call = Start(messages, options, streaming: true);
            var updates = new List<ChatResponseUpdate>();
            TimeSpan? firstToken = null;
            var ended = false;
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            try
            {
                stream = base.GetStreamingResponseAsync(call.Messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    bool more;
                    try
                    {
                        // A resumed iterator runs on its reader's context: give the layers inside the call's facts again.
                        CallFacts.Resume(call.Facts);
                        more = await stream.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception error)
                    {
                        ended = true;
                        Finish(call, null, firstToken, error, cancellationToken);
                        throw;
                    }

                    if (!more)
                    {
                        break;
                    }

                    var update = stream.Current;
                    if (firstToken is null && update.Contents.Any(content => content is TextContent { Text.Length: > 0 }))
                    {
                        firstToken = _time.GetElapsedTime(call.Timestamp);
                    }

                    updates.Add(update);
                    yield return update;
                }

                ended = true;
                Finish(call, updates.ToChatResponse(), firstToken, null, cancellationToken);
            }
            finally
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }

                if (!ended)
                {
                    Finish(call, updates.Count == 0 ? null : updates.ToChatResponse(), firstToken, null, cancellationToken, abandoned: true);
                }
            }
        }

        private Call Start(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
        {
            var list = messages as IReadOnlyList<ChatMessage> ?? (messages ?? throw new ArgumentNullException(nameof(messages))).ToList();
            return new Call(list, options, streaming, _time.GetUtcNow(), _time.GetTimestamp(), CallFacts.Begin());
        }

        private void Finish(Call call, ChatResponse? response, TimeSpan? firstToken, Exception? error, CancellationToken cancellationToken, bool abandoned = false)
        {
            var usage = response?.Usage;
            var requestModel = call.Options?.ModelId ?? _metadata?.DefaultModelId;
            var cacheHit = response?.AdditionalProperties is { } properties
                && properties.TryGetValue(ResponseCachingChatClient.CacheProperty, out var mark)
                && Equals(mark, ResponseCachingChatClient.HitValue);
            var record = new LlmCallRecord
            {
                StartedAt = call.StartedAt,
                Duration = _time.GetElapsedTime(call.Timestamp),
                TimeToFirstToken = firstToken,
                Streaming = call.Streaming,
                Attribution = AttributionResolver.Resolve(call.Options),
                RequestModel = requestModel,
                ResponseModel = response?.ModelId,
                Provider = _metadata?.ProviderName,
                FallbackHops = call.Facts.Hops ?? (IReadOnlyList<string>)Array.Empty<string>(),
                Redactions = call.Facts.Redactions ?? EmptyCounts,
                InputTokens = usage?.InputTokenCount,
                OutputTokens = usage?.OutputTokenCount,
                CachedInputTokens = usage?.CachedInputTokenCount,
                ReasoningTokens = usage?.ReasoningTokenCount,
                CostUsd = cacheHit ? 0m : Price(response, requestModel, call.StartedAt),
                CacheHit = cacheHit,
                Outcome = abandoned ? LlmCallOutcome.Abandoned : OutcomeOf(error, cancellationToken),
                ErrorType = error is null ? null : error.GetType().FullName ?? "_OTHER",
                Temperature = call.Options?.Temperature,
                Messages = call.Facts.RedactedMessages ?? call.Messages,
                ResponseText = response?.Text,
            };

            foreach (var observer in _observers)
            {
                try
                {
                    observer.OnCallCompleted(record);
                }
                catch (CallRecordNotKeptException)
                {
                    throw; // an observer that must keep every record (fail-closed) fails the call
                }
#pragma warning disable CA1031 // An observer's fault never changes a call's outcome unless it asks to (above).
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        private decimal? Price(ChatResponse? response, string? requestModel, DateTimeOffset at)
        {
            if (response?.Usage is null)
            {
                return null;
            }

            try
            {
                return ChatCost.Of(response, _catalog, requestModel, at);
            }
#pragma warning disable CA1031 // Usage that does not add up goes unpriced; it never fails the call.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        private static LlmCallOutcome OutcomeOf(Exception? error, CancellationToken cancellationToken) => error switch
        {
            null => LlmCallOutcome.Succeeded,
            BudgetExceededException => LlmCallOutcome.Refused,
            OperationCanceledException when cancellationToken.IsCancellationRequested => LlmCallOutcome.Cancelled,
            _ => LlmCallOutcome.Failed,
        };

        private static readonly IReadOnlyDictionary<string, int> EmptyCounts = new Dictionary<string, int>();

        private sealed class Call
        {
            public Call(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool streaming, DateTimeOffset startedAt, long timestamp, CallFacts facts)
            {
                Messages = messages;
                Options = options;
                Streaming = streaming;
                StartedAt = startedAt;
                Timestamp = timestamp;
                Facts = facts;
            }

            public IReadOnlyList<ChatMessage> Messages { get; }

            public ChatOptions? Options { get; }

            public bool Streaming { get; }

            public DateTimeOffset StartedAt { get; }

            public long Timestamp { get; }

            public CallFacts Facts { get; }
        }
    }
}
