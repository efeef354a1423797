using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Runtime.Cost;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>
    /// A budget circuit breaker. Before a call it reserves the call's worst-case cost (a byte bound on the input tokens, see <see cref="InputTokenBound"/>, plus the
    /// output-token cap, at catalog prices) against every limit that applies to it, all or nothing, and refuses the call
    /// with a <see cref="BudgetExceededException"/> without reaching the provider when one would be exceeded. After the
    /// call it settles the reservation to the cost of the usage the provider reported; a failed call is released.
    /// </summary>
    public sealed class BudgetChatClient : DelegatingChatClient
    {
        /// <summary>Activity tag: the worst case reserved for the call, USD.</summary>
        public const string ReservedTag = "llmops.budget.reserved_usd";

        /// <summary>Activity tag: what the call was settled at, USD.</summary>
        public const string SettledTag = "llmops.budget.settled_usd";

        /// <summary>Activity tag: how the settled amount was found: <c>usage</c>, <c>cache_hit</c> ($0), <c>worst_case</c> (no usage reported), <c>partial_estimate</c> (stream abandoned) or <c>released</c>.</summary>
        public const string SettlementTag = "llmops.budget.settlement";

        private const string CacheProperty = "llmops.cache";
        private const string CacheHitValue = "hit";

        private readonly IBudgetStore _store;
        private readonly BudgetLimit[] _limits;
        private readonly string?[][] _overrides;
        private readonly double[] _thresholds;
        private readonly Action<BudgetAlert>? _onAlert;
        private readonly ModelCatalog _catalog;
        private readonly string? _defaultModelId;
        private readonly int _defaultMaxOutputTokens;
        private readonly ModelPrice? _unknownModelPrice;
        private readonly TimeProvider _time;
        private ModelCounter? _lastCounter;
        private ModelLookup? _lastRequestModel;
        private ModelLookup? _lastResponseModel;

        public BudgetChatClient(IChatClient innerClient, BudgetOptions options)
            : base(innerClient)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            _store = options.Store ?? throw new ArgumentException("BudgetOptions.Store is required.", nameof(options));
            _catalog = options.Catalog ?? throw new ArgumentException("BudgetOptions.Catalog is required.", nameof(options));
            _time = options.TimeProvider ?? TimeProvider.System;
            _onAlert = options.OnAlert;
            // A client built for one model (AsIChatClient(model), LlmOpsProviders) says so in its metadata: calls that
            // name no model are priced at that one, as the provider will run them.
            _defaultModelId = options.DefaultModelId ?? innerClient?.GetService<ChatClientMetadata>()?.DefaultModelId;
            _unknownModelPrice = options.UnknownModelPrice;
            if (options.DefaultMaxOutputTokens <= 0)
            {
                throw new ArgumentException("BudgetOptions.DefaultMaxOutputTokens must be positive.", nameof(options));
            }

            _defaultMaxOutputTokens = options.DefaultMaxOutputTokens;

            var limits = options.Limits ?? Array.Empty<BudgetLimit>();
            _limits = new BudgetLimit[limits.Count];
            limits.CopyTo(_limits, 0);
            _overrides = new string?[_limits.Length][];
            for (var i = 0; i < _limits.Length; i++)
            {
                var limit = _limits[i] ?? throw new ArgumentException("BudgetOptions.Limits contains null.", nameof(options));
                var keys = new List<string?>();
                for (var j = 0; j < _limits.Length; j++)
                {
                    var other = _limits[j];
                    if (i == j || other is null || other.Scope != limit.Scope || other.Window != limit.Window)
                    {
                        continue;
                    }

                    if (string.Equals(other.Key, limit.Key, StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Two limits for the same scope, key and window: {limit} and {other}.", nameof(options));
                    }

                    if (limit.Key is null)
                    {
                        keys.Add(other.Key);
                    }
                }

                _overrides[i] = keys.ToArray();
            }

            var thresholds = options.AlertThresholds ?? Array.Empty<double>();
            _thresholds = new double[thresholds.Count];
            for (var i = 0; i < _thresholds.Length; i++)
            {
                if (!(thresholds[i] > 0d) || double.IsInfinity(thresholds[i]))
                {
                    throw new ArgumentException("Alert thresholds must be positive fractions of the limit.", nameof(options));
                }

                _thresholds[i] = thresholds[i];
            }
        }

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            messages = Materialize(messages);
            var call = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
            if (!call.IsHeld)
            {
                return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }

            ChatResponse response;
            try
            {
                response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ReleaseAsync(call).ConfigureAwait(false);
                throw;
            }

            if (IsCacheHit(response.AdditionalProperties))
            {
                await SettleAsync(call, 0m, "cache_hit").ConfigureAwait(false);
            }
            else if (response.Usage is not null)
            {
                await SettleAsync(call, ActualCost(call, response, null, response.ModelId), "usage").ConfigureAwait(false);
            }
            else
            {
                await SettleAsync(call, call.WorstCaseUsd, "worst_case").ConfigureAwait(false);
            }

            return response;
        }

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            StreamAsync(Materialize(messages), options, cancellationToken);

        private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var call = await ReserveAsync(messages, options, cancellationToken).ConfigureAwait(false);
            if (!call.IsHeld)
            {
                await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
                {
                    yield return update;
                }

                yield break;
            }

            UsageDetails? usage = null;
            string? modelId = null;
            StringBuilder? output = null;
            var completed = false;
            var failed = false;
            var cacheHit = false;
            try
            {
                IAsyncEnumerator<ChatResponseUpdate> updates;
                try
                {
                    updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                }
                catch
                {
                    failed = true;
                    throw;
                }

                try
                {
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await updates.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch
                        {
                            failed = true;
                            throw;
                        }

                        if (!more)
                        {
                            break;
                        }

                        var update = updates.Current;
                        modelId = update.ModelId ?? modelId;
                        cacheHit = cacheHit || IsCacheHit(update.AdditionalProperties);
                        var contents = update.Contents;
                        for (var i = 0; i < contents.Count; i++)
                        {
                            switch (contents[i])
                            {
                                case UsageContent { Details: { } details }:
                                    (usage ??= new UsageDetails()).Add(details);
                                    break;
                                case TextContent { Text: { Length: > 0 } text }:
                                    (output ??= new StringBuilder()).Append(text);
                                    break;
                            }
                        }

                        yield return update;
                    }

                    completed = true;
                }
                finally
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (cacheHit)
                {
                    await SettleAsync(call, 0m, "cache_hit").ConfigureAwait(false);
                }
                else if (usage is not null)
                {
                    await SettleAsync(call, ActualCost(call, null, usage, modelId), "usage").ConfigureAwait(false);
                }
                else if (completed)
                {
                    await SettleAsync(call, call.WorstCaseUsd, "worst_case").ConfigureAwait(false);
                }
                else if (failed)
                {
                    await ReleaseAsync(call).ConfigureAwait(false);
                }
                else
                {
                    await SettleAsync(call, PartialCost(call, output), "partial_estimate").ConfigureAwait(false);
                }
            }
        }

        private async ValueTask<Call> ReserveAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        {
            if (_limits.Length == 0)
            {
                return default;
            }

            var tags = AttributionResolver.Resolve(options) ?? AttributionTags.None;
            var count = 0;
            for (var i = 0; i < _limits.Length; i++)
            {
                if (Applies(i, tags, out _))
                {
                    count++;
                }
            }

            if (count == 0)
            {
                return default;
            }

            var now = _time.GetUtcNow();
            var modelId = options?.ModelId ?? _defaultModelId;
            var price = PriceOf(modelId, now, out var model);
            var maxOutput = options?.MaxOutputTokens ?? model?.MaxOutputTokens ?? _defaultMaxOutputTokens;
            var counter = CounterFor(model?.Id ?? modelId ?? string.Empty);
            // A bound, not a count: tokenizing every request cost more than the rest of the pipeline (docs/runtime.md).
            var input = InputTokenBound.Of(messages, counter.IsExact);
            var worstCase = CostEngine.CalculateTotal(price, new TokenUsage { InputTokens = input, OutputTokens = Math.Max(0, maxOutput) });

            var charges = new BudgetCharge[count];
            for (int i = 0, c = 0; i < _limits.Length; i++)
            {
                if (Applies(i, tags, out var key))
                {
                    charges[c++] = new BudgetCharge(_limits[i], BudgetBucket.For(_limits[i], key, now), worstCase);
                }
            }

            var reservation = await _store.ReserveAsync(charges, cancellationToken).ConfigureAwait(false);
            if (!reservation.Succeeded)
            {
                var violated = reservation.Violated.GetValueOrDefault();
                var held = reservation.ViolatedUsage.GetValueOrDefault();
                throw new BudgetExceededException(violated.Limit, violated.Bucket, held.SpentUsd, held.ReservedUsd, worstCase, modelId);
            }

            Activity.Current?.SetTag(ReservedTag, (double)worstCase);
            return new Call(reservation, modelId, price, now, counter, messages, worstCase);
        }

        private bool Applies(int index, AttributionTags tags, out string? key)
        {
            var limit = _limits[index];
            key = limit.Scope switch
            {
                BudgetScope.Feature => AttributionTags.Clean(tags.Feature),
                BudgetScope.Team => AttributionTags.Clean(tags.Team),
                BudgetScope.Tenant => AttributionTags.Clean(tags.Tenant),
                _ => null,
            };

            if (limit.Scope == BudgetScope.Global)
            {
                return true;
            }

            if (key is null)
            {
                return false;
            }

            if (limit.Key is not null)
            {
                return string.Equals(limit.Key, key, StringComparison.Ordinal);
            }

            var overrides = _overrides[index];
            for (var i = 0; i < overrides.Length; i++)
            {
                if (string.Equals(overrides[i], key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private ITokenCounter CounterFor(string modelId)
        {
            // Calls through one client almost always name one model: remember the last lookup (one reference, so atomic).
            var last = _lastCounter;
            if (last is not null && string.Equals(last.ModelId, modelId, StringComparison.Ordinal))
            {
                return last.Counter;
            }

            var counter = TokenCounters.ForModel(modelId);
            _lastCounter = new ModelCounter(modelId, counter);
            return counter;
        }

        private ModelPrice PriceOf(string? modelId, DateTimeOffset at, out ModelInfo? model)
        {
            model = null;
            if (modelId is not null && Find(modelId, ref _lastRequestModel) is { } found)
            {
                model = found;
                try
                {
                    return found.PriceAt(at);
                }
                catch (InvalidOperationException) when (_unknownModelPrice is not null)
                {
                    return _unknownModelPrice;
                }
            }

            return _unknownModelPrice ?? throw new InvalidOperationException(modelId is null
                ? "The LLM budget cannot price this call: it names no model (ChatOptions.ModelId), BudgetOptions.DefaultModelId is not set and the inner client's ChatClientMetadata names no default model. Set one, or BudgetOptions.UnknownModelPrice."
                : $"The LLM budget cannot price model '{modelId}': it is not in the model catalog. Add it to the catalog (llmops.models.yaml), or set BudgetOptions.UnknownModelPrice.");
        }

        private decimal ActualCost(Call call, ChatResponse? response, UsageDetails? details, string? responseModelId)
        {
            try
            {
                var usage = response is not null ? UsageMapping.ToTokenUsage(response) : UsageMapping.ToTokenUsage(details);
                return CostOn(usage, responseModelId ?? call.ModelId, call)
                    ?? (responseModelId is not null && call.ModelId is not null ? CostOn(usage, call.ModelId, call) : null)
                    ?? CostEngine.CalculateTotal(call.Price, usage);
            }
            catch (ArgumentException)
            {
                // Usage that does not add up (parts larger than totals) cannot be priced; keep the worst case.
                Activity.Current?.SetTag(SettlementTag, "worst_case");
                return call.WorstCaseUsd;
            }
        }

        /// <summary>What <see cref="ChatCost.Of(TokenUsage, string?, ModelCatalog, DateTimeOffset?)"/> answers, with the catalog lookup remembered.</summary>
        private decimal? CostOn(TokenUsage usage, string? modelId, Call call)
        {
            if (modelId is null || modelId.Length == 0)
            {
                return null;
            }

            var found = string.Equals(modelId, call.ModelId, StringComparison.Ordinal)
                ? Find(modelId, ref _lastRequestModel)
                : Find(modelId, ref _lastResponseModel);
            return ChatCost.OfFound(usage, found, _catalog, call.At);
        }

        /// <summary>
        /// The catalog entry for <paramref name="modelId"/>, null when there is none. A catalog never changes once built, so
        /// the last answer is kept in <paramref name="last"/> (one for the requested model, one for the model that answered;
        /// one reference each, so reads and writes are atomic): calls through one client almost always name one model.
        /// </summary>
        private ModelInfo? Find(string modelId, ref ModelLookup? last)
        {
            var memo = last;
            if (memo is not null && string.Equals(memo.ModelId, modelId, StringComparison.Ordinal))
            {
                return memo.Model;
            }

            var model = _catalog.TryGet(modelId, out var found) ? found : null;
            last = new ModelLookup(modelId, model);
            return model;
        }

        private static decimal PartialCost(Call call, StringBuilder? output)
        {
            // Only an abandoned stream is priced by the tokenizer: the input is counted here, not at reservation.
            var inputTokens = call.Counter.CountChat(Texts(call.Messages)).Tokens;
            var outputTokens = output is null ? 0 : call.Counter.Count(output.ToString()).Tokens;
            var cost = CostEngine.CalculateTotal(call.Price, new TokenUsage { InputTokens = inputTokens, OutputTokens = outputTokens });
            return Math.Min(cost, call.WorstCaseUsd);
        }

        private async ValueTask SettleAsync(Call call, decimal actualUsd, string how)
        {
            // Never cancelled: a reservation must not leak because the caller gave up.
            var usage = await _store.SettleAsync(call.Reservation, actualUsd, CancellationToken.None).ConfigureAwait(false);
            if (Activity.Current is { } activity)
            {
                activity.SetTag(SettledTag, (double)actualUsd);
                activity.SetTag(SettlementTag, how);
            }

            if (_onAlert is not null && _thresholds.Length > 0)
            {
                Alert(call.Reservation.Charges, usage, actualUsd);
            }
        }

        private async ValueTask ReleaseAsync(Call call)
        {
            await _store.ReleaseAsync(call.Reservation, CancellationToken.None).ConfigureAwait(false);
            Activity.Current?.SetTag(SettlementTag, "released");
        }

        // Spend only grows inside a window and each settle adds to it under the store's lock (or row lock), so
        // "before < level <= after" holds for exactly one settle per bucket and threshold, on every instance together.
        private void Alert(IReadOnlyList<BudgetCharge> charges, IReadOnlyList<BudgetUsage> usage, decimal actualUsd)
        {
            for (var i = 0; i < usage.Count && i < charges.Count; i++)
            {
                var after = usage[i].SpentUsd;
                var before = after - actualUsd;
                var limit = charges[i].Limit;
                for (var t = 0; t < _thresholds.Length; t++)
                {
                    var level = limit.LimitUsd * (decimal)_thresholds[t];
                    if (before < level && after >= level)
                    {
                        try
                        {
                            _onAlert!(new BudgetAlert(limit, charges[i].Bucket, _thresholds[t], after));
                        }
#pragma warning disable CA1031 // An alert handler must not fail the call it reports on.
                        catch (Exception)
#pragma warning restore CA1031
                        {
                        }
                    }
                }
            }
        }

        // The response cache marks its hits (ResponseCachingChatClient.CacheProperty = HitValue): nothing was billed.
        private static bool IsCacheHit(AdditionalPropertiesDictionary? properties) =>
            properties is { Count: > 0 } && properties.TryGetValue(CacheProperty, out var value) && value is string text && text == CacheHitValue;

        private static IEnumerable<ChatMessage> Materialize(IEnumerable<ChatMessage> messages)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            return messages is IReadOnlyCollection<ChatMessage> || messages is ICollection<ChatMessage> ? messages : new List<ChatMessage>(messages);
        }

        private static List<ChatMessageText> Texts(IEnumerable<ChatMessage> messages)
        {
            var texts = messages is IReadOnlyCollection<ChatMessage> sized ? new List<ChatMessageText>(sized.Count) : new List<ChatMessageText>();
            foreach (var message in messages)
            {
                texts.Add(new ChatMessageText(message.Role.Value ?? "user", message.Text ?? string.Empty, message.AuthorName));
            }

            return texts;
        }

        private sealed class ModelLookup
        {
            public ModelLookup(string modelId, ModelInfo? model)
            {
                ModelId = modelId;
                Model = model;
            }

            public string ModelId { get; }

            public ModelInfo? Model { get; }
        }

        private sealed class ModelCounter
        {
            public ModelCounter(string modelId, ITokenCounter counter)
            {
                ModelId = modelId;
                Counter = counter;
            }

            public string ModelId { get; }

            public ITokenCounter Counter { get; }
        }

        /// <summary>
        /// What the call reserved, carried to its settlement. A struct: it lives in the calling method (on the stack, or in
        /// the state machine the awaits already allocate), so a reservation costs no object of its own here.
        /// </summary>
        private readonly struct Call
        {
            public Call(BudgetReservation reservation, string? modelId, ModelPrice price, DateTimeOffset at, ITokenCounter counter, IEnumerable<ChatMessage> messages, decimal worstCaseUsd)
            {
                Reservation = reservation;
                ModelId = modelId;
                Price = price;
                At = at;
                Counter = counter;
                Messages = messages;
                WorstCaseUsd = worstCaseUsd;
            }

            /// <summary>False for the default value: no limit applied, nothing was reserved.</summary>
            public bool IsHeld => Reservation is not null;

            public BudgetReservation Reservation { get; }

            public string? ModelId { get; }

            public ModelPrice Price { get; }

            public DateTimeOffset At { get; }

            public ITokenCounter Counter { get; }

            public IEnumerable<ChatMessage> Messages { get; }

            public decimal WorstCaseUsd { get; }
        }
    }

    /// <summary>Composes <see cref="BudgetChatClient"/> (with a <c>ChatClientBuilder</c>: <c>builder.Use(inner =&gt; new BudgetChatClient(inner, options))</c>).</summary>
    public static class BudgetChatClientExtensions
    {
        /// <summary>Wraps <paramref name="client"/> in a budget circuit breaker.</summary>
        public static IChatClient WithBudget(this IChatClient client, BudgetOptions options) => new BudgetChatClient(client, options);

        /// <summary>Wraps <paramref name="client"/> in a budget circuit breaker set up by <paramref name="configure"/>.</summary>
        public static IChatClient WithBudget(this IChatClient client, Action<BudgetOptions> configure)
        {
            if (configure is null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            var options = new BudgetOptions();
            configure(options);
            return new BudgetChatClient(client, options);
        }
    }
}
