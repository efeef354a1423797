using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace LlmOps.Guardrails.Runtime.Resilience
{
    /// <summary>
    /// Retries transient provider failures (<see cref="ProviderFailure.Classify(Exception, CancellationToken)"/>):
    /// 408/409/429/5xx/529, timeouts, connection resets and malformed responses. Never a 4xx request error, never after
    /// the caller cancelled. Waits the server's Retry-After when it sent one, else an exponential backoff (optionally
    /// jittered). Bounded by <see cref="RetryOptions.MaxAttempts"/> and <see cref="RetryOptions.TotalDeadline"/>.
    /// </summary>
    /// <remarks>
    /// <para>Giving up rethrows the <b>last provider exception unchanged</b> (its type, status and stack), so callers and
    /// the fallback middleware can still catch and classify it; <c>exception.Data["llmops.retry.attempts"]</c> holds the
    /// number of attempts made. The attempts are also set on <see cref="Activity.Current"/> as the tag
    /// <c>llmops.retry.attempts</c>.</para>
    /// <para>Streaming: an attempt is retried only until its first update reaches the caller; an error after that is
    /// surfaced as is, since the caller has already consumed part of the answer.</para>
    /// <para>Built on a Polly.Core <see cref="ResiliencePipeline"/> created once per client; per call it rents a pooled
    /// <see cref="ResilienceContext"/> and allocates one small state object, which is also the Retry-After slot
    /// (<see cref="RetryAfterCapture"/>) once a provider with the capturing HTTP handler exists.</para>
    /// </remarks>
    public sealed class RetryingChatClient : DelegatingChatClient
    {
        /// <summary>Key of the attempt count in <see cref="Exception.Data"/> and the <see cref="Activity"/> tag name.</summary>
        public const string AttemptsKey = "llmops.retry.attempts";

        private static readonly ResiliencePropertyKey<CallState> s_stateKey = new("llmops.retry.state");

        private readonly ResiliencePipeline _pipeline;
        private readonly TimeProvider _time;
        private readonly int _maxAttempts;
        private readonly TimeSpan _baseDelay;
        private readonly TimeSpan _maxDelay;
        private readonly TimeSpan _deadline;
        private readonly bool _jitter;

        public RetryingChatClient(IChatClient innerClient, RetryOptions? options = null)
            : base(innerClient)
        {
            options ??= new RetryOptions();
            if (options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
            if (options.BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "BaseDelay must not be negative.");
            if (options.MaxDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "MaxDelay must not be negative.");
            if (options.TotalDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "TotalDeadline must be positive.");

            _time = options.TimeProvider ?? TimeProvider.System;
            _maxAttempts = options.MaxAttempts;
            _baseDelay = options.BaseDelay;
            _maxDelay = options.MaxDelay;
            _deadline = options.TotalDeadline;
            _jitter = options.UseJitter;

            if (_maxAttempts == 1)
            {
                _pipeline = ResiliencePipeline.Empty;
            }
            else
            {
                var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = _maxAttempts - 1,
                    BackoffType = DelayBackoffType.Constant,
                    Delay = TimeSpan.Zero,
                    UseJitter = false,
                    // ShouldHandle decides and computes the wait (it alone can also give up on the deadline);
                    // DelayGenerator hands that wait to Polly.
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context, args.AttemptNumber)),
                    DelayGenerator = static args => new ValueTask<TimeSpan?>(
                        args.Context.Properties.TryGetValue(s_stateKey, out CallState? s) ? s!.NextDelay : TimeSpan.Zero),
                });
                _pipeline = builder.Build();
            }
        }

        /// <inheritdoc />
        public override async Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var state = new CallState(InnerClient, messages, options, _time.GetTimestamp());
            if (RetryAfterCapture.IsInUse)
            {
                RetryAfterCapture.Enter(state);
            }

            ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(s_stateKey, state);
            try
            {
                return await _pipeline.ExecuteAsync(
                    static async (ctx, s) =>
                    {
                        s.Attempts++;
                        return await s.Inner.GetResponseAsync(s.Messages, s.Options, ctx.CancellationToken).ConfigureAwait(false);
                    },
                    context,
                    state).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Annotate(ex, state.Attempts);
                throw;
            }
            finally
            {
                RecordAttempts(state.Attempts);
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <inheritdoc />
        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var state = new CallState(InnerClient, messages, options, _time.GetTimestamp());
            if (RetryAfterCapture.IsInUse)
            {
                RetryAfterCapture.Enter(state);
            }

            IAsyncEnumerator<ChatResponseUpdate>? enumerator;
            ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(s_stateKey, state);
            try
            {
                // Each attempt opens the stream and waits for its first update; only that part is retried.
                enumerator = await _pipeline.ExecuteAsync(
                    static async (ctx, s) =>
                    {
                        s.Attempts++;
                        IAsyncEnumerator<ChatResponseUpdate> e =
                            s.Inner.GetStreamingResponseAsync(s.Messages, s.Options, ctx.CancellationToken).GetAsyncEnumerator(ctx.CancellationToken);
                        try
                        {
                            if (await e.MoveNextAsync().ConfigureAwait(false)) return e;
                        }
                        catch
                        {
                            await e.DisposeAsync().ConfigureAwait(false);
                            throw;
                        }

                        await e.DisposeAsync().ConfigureAwait(false);
                        return null; // an empty stream: nothing to yield, nothing to retry
                    },
                    context,
                    state).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Annotate(ex, state.Attempts);
                RecordAttempts(state.Attempts);
                throw;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            RecordAttempts(state.Attempts);
            if (enumerator is null) yield break;

            try
            {
                yield return enumerator.Current;
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return enumerator.Current;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }

        private bool ShouldRetry(Exception? exception, ResilienceContext context, int attemptNumber)
        {
            if (exception is null) return false; // a result is never retried
            if (!context.Properties.TryGetValue(s_stateKey, out CallState? state) || state is null) return false;

            ProviderFailure failure = ProviderFailure.Classify(exception, context.CancellationToken, state);
            if (failure.Kind != ProviderFailureKind.Transient) return false;

            TimeSpan delay = failure.RetryAfter ?? Backoff(attemptNumber);
            TimeSpan elapsed = _time.GetElapsedTime(state.StartTimestamp);
            if (elapsed + delay >= _deadline) return false; // would wake up past the deadline: give up now

            state.NextDelay = delay;
            return true;
        }

        private TimeSpan Backoff(int attemptNumber)
        {
            // attemptNumber is 0 for the first failed attempt: BaseDelay, 2×, 4×, … capped at MaxDelay.
            double ms = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 30));
            ms = Math.Min(ms, _maxDelay.TotalMilliseconds);
            if (_jitter) ms = ms * (0.5 + (0.5 * RetryJitter.NextDouble()));
            return TimeSpan.FromMilliseconds(ms);
        }

        private static void Annotate(Exception exception, int attempts)
        {
            try
            {
                IDictionary data = exception.Data;
                if (!data.IsReadOnly) data[AttemptsKey] = attempts;
            }
            catch (ArgumentException)
            {
                // Data of some exception types refuses values; the activity tag still carries the count.
            }
        }

        private static void RecordAttempts(int attempts)
        {
            if (attempts > 0 && Activity.Current is { } activity) activity.SetTag(AttemptsKey, attempts);
        }

        private sealed class CallState : RetryAfterCapture
        {
            public CallState(IChatClient inner, IEnumerable<ChatMessage> messages, ChatOptions? options, long startTimestamp)
            {
                Inner = inner;
                Messages = messages;
                Options = options;
                StartTimestamp = startTimestamp;
            }

            public IChatClient Inner { get; }
            public IEnumerable<ChatMessage> Messages { get; }
            public ChatOptions? Options { get; }
            public long StartTimestamp { get; }
            public int Attempts { get; set; }
            public TimeSpan NextDelay { get; set; }
        }
    }
}
