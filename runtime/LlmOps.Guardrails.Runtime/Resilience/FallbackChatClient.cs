using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>
/// An ordered chain of provider targets: each call goes to the first target whose circuit is closed; a failure that
/// <see cref="FallbackOptions.ShouldFallOver"/> accepts moves it on to the next target. Caller cancellation is never
/// failed over. A stream falls over only before its first update reached the caller. When no target serves the call,
/// <see cref="AllTargetsFailedException"/> lists every target and its last error.
/// </summary>
/// <remarks>
/// The target that served a call is recorded as <c>AdditionalProperties["llmops.served_by"]</c> on the response (on the
/// first update of a stream) and as the <c>llmops.fallback.target</c> tag of <see cref="Activity.Current"/>.
/// The chain owns its targets' clients: disposing it disposes them.
/// </remarks>
public sealed class FallbackChatClient : IChatClient
{
    /// <summary>The <c>AdditionalProperties</c> key that names the target that served a call.</summary>
    public const string ServedByKey = "llmops.served_by";

    /// <summary>The <see cref="Activity"/> tag that names the target that served a call.</summary>
    public const string ActivityTargetTag = "llmops.fallback.target";

    private const string CircuitOpenReason = "circuit_open";

    private readonly FallbackTarget[] _targets;
    private readonly CircuitBreaker[] _breakers;
    private readonly Func<ProviderFailure, bool> _shouldFallOver;

    /// <param name="targets">The chain, most preferred first; names must be unique.</param>
    /// <param name="options">Fall-over rule and circuit breaker settings; defaults when null.</param>
    public FallbackChatClient(IEnumerable<FallbackTarget> targets, FallbackOptions? options = null)
    {
        if (targets is null)
        {
            throw new ArgumentNullException(nameof(targets));
        }

        options ??= new FallbackOptions();
        options.Validate();

        var list = new List<FallbackTarget>(targets);
        if (list.Count == 0)
        {
            throw new ArgumentException("A fallback chain needs at least one target.", nameof(targets));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FallbackTarget target in list)
        {
            if (target is null)
            {
                throw new ArgumentException("A fallback chain cannot contain a null target.", nameof(targets));
            }

            if (!names.Add(target.Name))
            {
                throw new ArgumentException("Fallback target names must be unique; '" + target.Name + "' appears twice.", nameof(targets));
            }
        }

        _targets = list.ToArray();
        _breakers = new CircuitBreaker[_targets.Length];
        for (int i = 0; i < _breakers.Length; i++)
        {
            _breakers[i] = new CircuitBreaker(options.FailureThreshold, options.BreakDuration, options.TimeProvider);
        }

        _shouldFallOver = options.ShouldFallOver ?? FallbackOptions.DefaultShouldFallOver;
        Targets = Array.AsReadOnly(_targets);
    }

    /// <summary>The chain, in order.</summary>
    public IReadOnlyList<FallbackTarget> Targets { get; }

    /// <summary>The circuit breaker of the target named <paramref name="targetName"/>, for inspection or a manual <see cref="CircuitBreaker.Reset"/>.</summary>
    public CircuitBreaker GetCircuitBreaker(string targetName)
    {
        for (int i = 0; i < _targets.Length; i++)
        {
            if (string.Equals(_targets[i].Name, targetName, StringComparison.Ordinal))
            {
                return _breakers[i];
            }
        }

        throw new ArgumentException("No fallback target is named '" + targetName + "'.", nameof(targetName));
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        // Happy path without an async state machine: the first target is closed and answers synchronously
        // (in-process caches, test doubles) or we hand its pending task to the slow path.
        CircuitBreaker breaker = _breakers[0];
        if (!breaker.TryAcquire(out bool isTrial))
        {
            return GetResponseSlowAsync(messages, options, 0, null, false, cancellationToken);
        }

        CallFacts.Current?.Tried(_targets[0].Name);
        Task<ChatResponse> task;
        try
        {
            task = _targets[0].Client.GetResponseAsync(messages, _targets[0].OptionsFor(options), cancellationToken);
        }
        catch (Exception ex)
        {
            task = FromException(ex);
        }

        if (task.Status == TaskStatus.RanToCompletion)
        {
            breaker.OnSuccess(isTrial);
            MarkServed(task.Result, 0);
            return task;
        }

        return GetResponseSlowAsync(messages, options, 0, task, isTrial, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        Attempt[]? attempts = null;
        Exception? lastError = null;
        int hopFrom = -1;
        string? hopReason = null;
        for (int i = 0; i < _targets.Length; i++)
        {
            FallbackTarget target = _targets[i];
            CircuitBreaker breaker = _breakers[i];
            if (!TryEnter(i, options, ref hopFrom, ref hopReason, out bool isTrial))
            {
                continue;
            }

            // Open the stream and wait for its first update; until then a failure may fall over.
            IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
            bool hasFirst;
            Exception? error = null;
            try
            {
                enumerator = target.Client.GetStreamingResponseAsync(messages, target.OptionsFor(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
                hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                hasFirst = false;
                error = ex;
            }

            if (error is not null)
            {
                await DisposeQuietlyAsync(enumerator).ConfigureAwait(false);
                ProviderFailure? failure = Judge(error, breaker, isTrial, cancellationToken);
                if (failure is null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                    throw error;
                }

                attempts ??= new Attempt[_targets.Length];
                attempts[i] = new Attempt(error, failure);
                lastError = error;
                hopFrom = i;
                hopReason = Reason(failure, error);
                continue;
            }

            // From here on the stream belongs to this target: later failures are surfaced, never failed over.
            bool reported = false;
            try
            {
                if (!hasFirst)
                {
                    breaker.OnSuccess(isTrial);
                    reported = true;
                    MarkServed((ChatResponse?)null, i);
                    yield break;
                }

                ChatResponseUpdate first = enumerator!.Current;
                MarkServed(first, i);
                yield return first;

                while (true)
                {
                    bool hasNext;
                    try
                    {
                        hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        // Counted against the target when it is a target failure; surfaced either way.
                        reported = true;
                        _ = Judge(ex, breaker, isTrial, cancellationToken);
                        throw;
                    }

                    if (!hasNext)
                    {
                        break;
                    }

                    yield return enumerator.Current;
                }

                breaker.OnSuccess(isTrial);
                reported = true;
            }
            finally
            {
                if (!reported)
                {
                    // The caller stopped reading early: the target was serving fine.
                    breaker.OnSuccess(isTrial);
                }

                await DisposeQuietlyAsync(enumerator).ConfigureAwait(false);
            }

            yield break;
        }

        throw AllFailed(attempts, lastError);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        // Metadata and the like describe the primary target.
        return _targets[0].Client.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes every target's client.</summary>
    public void Dispose()
    {
        foreach (FallbackTarget target in _targets)
        {
            target.Client.Dispose();
        }
    }

    private async Task<ChatResponse> GetResponseSlowAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        int start,
        Task<ChatResponse>? pending,
        bool pendingIsTrial,
        CancellationToken cancellationToken)
    {
        Attempt[]? attempts = null;
        Exception? lastError = null;
        int hopFrom = -1;
        string? hopReason = null;
        for (int i = start; i < _targets.Length; i++)
        {
            CircuitBreaker breaker = _breakers[i];
            bool isTrial;
            Task<ChatResponse> task;
            if (pending is not null)
            {
                task = pending;
                isTrial = pendingIsTrial;
                pending = null;
            }
            else
            {
                if (!TryEnter(i, options, ref hopFrom, ref hopReason, out isTrial))
                {
                    continue;
                }

                FallbackTarget target = _targets[i];
                try
                {
                    task = target.Client.GetResponseAsync(messages, target.OptionsFor(options), cancellationToken);
                }
                catch (Exception ex)
                {
                    task = FromException(ex);
                }
            }

            ChatResponse response;
            try
            {
                response = await task.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                ProviderFailure? failure = Judge(ex, breaker, isTrial, cancellationToken);
                if (failure is null)
                {
                    throw;
                }

                attempts ??= new Attempt[_targets.Length];
                attempts[i] = new Attempt(ex, failure);
                lastError = ex;
                hopFrom = i;
                hopReason = Reason(failure, ex);
                continue;
            }

            breaker.OnSuccess(isTrial);
            MarkServed(response, i);
            return response;
        }

        throw AllFailed(attempts, lastError);
    }

    /// <summary>
    /// Decides what a target's failure means. Returns the classification when the call should fall over (the failure
    /// was counted against the target's circuit); null when it must be surfaced (the trial, if any, was handed back).
    /// </summary>
    private ProviderFailure? Judge(Exception error, CircuitBreaker breaker, bool isTrial, CancellationToken cancellationToken)
    {
        // Caller cancellation: never fall over, never blame the target, whatever the exception looks like.
        if (cancellationToken.IsCancellationRequested)
        {
            breaker.Release(isTrial);
            return null;
        }

        ProviderFailure failure;
        bool fallOver;
        try
        {
            failure = ProviderFailure.Classify(error, cancellationToken);
            fallOver = failure.Kind != ProviderFailureKind.Cancelled && _shouldFallOver(failure);
        }
        catch
        {
            breaker.Release(isTrial);
            throw;
        }

        if (!fallOver)
        {
            breaker.Release(isTrial);
            return null;
        }

        breaker.OnFailure(isTrial, error);
        return failure;
    }

    private void MarkServed(ChatResponse? response, int index)
    {
        string name = _targets[index].Name;
        if (response is not null)
        {
            (response.AdditionalProperties ??= new AdditionalPropertiesDictionary())[ServedByKey] = name;
        }

        Activity.Current?.SetTag(ActivityTargetTag, name);
    }

    private void MarkServed(ChatResponseUpdate update, int index)
    {
        string name = _targets[index].Name;
        (update.AdditionalProperties ??= new AdditionalPropertiesDictionary())[ServedByKey] = name;
        Activity.Current?.SetTag(ActivityTargetTag, name);
    }

    /// <summary>The call moves on from target <paramref name="from"/> (failed or skipped) to <paramref name="to"/>.</summary>
    /// <summary>
    /// Takes target <paramref name="i"/>'s circuit. An open circuit starts a hop (skipped targets are one hop, from the
    /// first skipped); a pending hop is recorded once a target is taken.
    /// </summary>
    private bool TryEnter(int i, ChatOptions? options, ref int hopFrom, ref string? hopReason, out bool isTrial)
    {
        if (!_breakers[i].TryAcquire(out isTrial))
        {
            if (hopFrom < 0)
            {
                hopFrom = i;
                hopReason = CircuitOpenReason;
            }

            return false;
        }

        if (hopFrom >= 0)
        {
            RecordHop(hopFrom, i, hopReason!, options);
            hopFrom = -1;
        }

        CallFacts.Current?.Tried(_targets[i].Name);
        return true;
    }

    private void RecordHop(int from, int to, string reason, ChatOptions? options)
    {
        try
        {
            LlmOpsTelemetry.RecordFallback(_targets[from].Name, _targets[to].Name, reason, AttributionResolver.Resolve(options));
        }
        catch (Exception)
        {
            // Telemetry must never change the outcome of a call.
        }
    }

    /// <summary>A low-cardinality reason for the telemetry's <c>llmops.fallback.reason</c>.</summary>
    private static string Reason(ProviderFailure failure, Exception error)
    {
        switch (failure.StatusCode)
        {
            case 429:
                return "rate_limited";
            case 408:
                return "timeout";
            case 401:
            case 403:
                return "unauthorized";
            case 404:
                return "not_found";
            case int status when status >= 500:
                return "server_error";
            case int status:
                return status.ToString(CultureInfo.InvariantCulture);
        }

        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException || e is TimeoutException)
            {
                return "timeout";
            }
        }

        return failure.Kind == ProviderFailureKind.Transient ? "connection_error" : "permanent";
    }

    private AllTargetsFailedException AllFailed(Attempt[]? attempts, Exception? lastError)
    {
        var errors = new FallbackTargetError[_targets.Length];
        for (int i = 0; i < _targets.Length; i++)
        {
            CircuitBreaker breaker = _breakers[i];
            Attempt attempt = attempts is null ? default : attempts[i];
            errors[i] = attempt.Error is null
                ? new FallbackTargetError(_targets[i].Name, skipped: true, breaker.State, breaker.LastError, null)
                : new FallbackTargetError(_targets[i].Name, skipped: false, breaker.State, attempt.Error, attempt.Failure);
        }

        return new AllTargetsFailedException(errors, lastError);
    }

    // Awaiting it rethrows the original exception (type and stack), cancellation included.
    private static Task<ChatResponse> FromException(Exception ex) => Task.FromException<ChatResponse>(ex);

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate>? enumerator)
    {
        if (enumerator is null)
        {
            return;
        }

        try
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposing a failed stream must not hide the error that matters.
        }
    }

    private readonly struct Attempt
    {
        public Attempt(Exception error, ProviderFailure failure)
        {
            Error = error;
            Failure = failure;
        }

        public Exception? Error { get; }

        public ProviderFailure? Failure { get; }
    }
}
