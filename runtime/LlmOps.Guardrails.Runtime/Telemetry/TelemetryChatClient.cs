using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Cost;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// Spans and metrics for every call, following the OpenTelemetry GenAI semantic conventions, plus what the call cost
    /// and who it is billed to (see docs/runtime.md for every attribute and instrument).
    /// </summary>
    /// <remarks>
    /// When a GenAI <c>chat</c> span of another instrumentation is current (Microsoft.Extensions.AI's OpenTelemetryChatClient
    /// further out), the call's attribution and cost go onto that span and no span of ours is started (<see cref="GenAiHostSpan"/>).
    /// When nothing listens to <see cref="LlmOpsTelemetry.SourceName"/> (no <see cref="ActivityListener"/> and no enabled
    /// instrument) and no such span is current, calls go straight to the inner client: no span, no timing, no allocation. A streaming call's span covers
    /// the whole stream, and its usage comes from the stream's <see cref="UsageContent"/>.
    /// </remarks>
    public sealed class TelemetryChatClient : DelegatingChatClient
    {
        private static readonly double TicksToSeconds = 1.0 / Stopwatch.Frequency;

        private readonly TelemetryOptions options;
        private readonly ModelCatalog catalog;
        private Endpoint? endpoint;

        public TelemetryChatClient(IChatClient innerClient, TelemetryOptions? options = null)
            : base(innerClient)
        {
            this.options = options ?? new TelemetryOptions();
            catalog = this.options.Catalog ?? ModelCatalog.Default;
        }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            LlmOpsTelemetry.IsObserved || GenAiHostSpan.IsAvailable(Activity.Current)
                ? ObserveAsync(messages, options, cancellationToken)
                : InnerClient.GetResponseAsync(messages, options, cancellationToken);

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            LlmOpsTelemetry.IsObserved || GenAiHostSpan.IsAvailable(Activity.Current)
                ? ObserveStreamAsync(messages, options, cancellationToken)
                : InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken);

        private async Task<ChatResponse> ObserveAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, CancellationToken cancellationToken)
        {
            var call = Begin(messages, chatOptions, streaming: false);
            try
            {
                var response = await InnerClient.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
                call.ResponseId = response.ResponseId;
                call.ResponseModel = response.ModelId;
                call.FinishReason = response.FinishReason?.Value;
                call.Usage = response.Usage;
                UsageMapping.TryReadCacheWriteSplit(response.RawRepresentation, out call.Split5m, out call.Split1h);
                if (options.EnableSensitiveData && call.Activity is { IsAllDataRequested: true })
                {
                    call.OutputText = response.Text;
                }

                End(ref call, null);
                return response;
            }
            catch (Exception error)
            {
                End(ref call, error);
                throw;
            }
        }

        private async IAsyncEnumerable<ChatResponseUpdate> ObserveStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var call = Begin(messages, chatOptions, streaming: true);
            IAsyncEnumerator<ChatResponseUpdate> inner;
            try
            {
                inner = InnerClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception error)
            {
                End(ref call, error);
                throw;
            }

            StringBuilder? text = options.EnableSensitiveData && call.Activity is { IsAllDataRequested: true } ? new StringBuilder() : null;
            Exception? failure = null;
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        // An async iterator gets the consumer's context back at every step: keep the span current for the inner work.
                        if (call.Activity is not null)
                        {
                            Activity.Current = call.Activity;
                        }

                        more = await inner.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception error)
                    {
                        failure = error;
                        throw;
                    }

                    if (!more)
                    {
                        break;
                    }

                    var update = inner.Current;
                    Observe(ref call, update, text);
                    yield return update;
                }
            }
            finally
            {
                // A stream the caller abandons is disposed from the caller's code, so this runs with the caller's
                // context (its span, or none) current: put the call's span back, so what the inner clients record while
                // disposing (the budget's settlement) lands on it, as for a completed or failed stream. The caller's
                // Activity.Current is not touched: an iterator's context changes never flow back to its consumer.
                if (call.Activity is not null)
                {
                    Activity.Current = call.Activity;
                }

                try
                {
                    await inner.DisposeAsync().ConfigureAwait(false);
                }
                finally
                {
                    call.OutputText = text?.ToString();
                    End(ref call, failure);
                }
            }
        }

        private static void Observe(ref Call call, ChatResponseUpdate update, StringBuilder? text)
        {
            if (call.FirstChunkTimestamp == 0)
            {
                call.FirstChunkTimestamp = Stopwatch.GetTimestamp();
            }

            call.ResponseId = update.ResponseId ?? call.ResponseId;
            call.ResponseModel = update.ModelId ?? call.ResponseModel;
            call.FinishReason = update.FinishReason?.Value ?? call.FinishReason;
            if (call.Split5m < 0 && update.RawRepresentation is RawMessageStreamEvent)
            {
                UsageMapping.TryReadCacheWriteSplit(update.RawRepresentation, out call.Split5m, out call.Split1h);
            }

            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                switch (contents[i])
                {
                    case UsageContent usage:
                        if (call.Usage is null)
                        {
                            call.Usage = usage.Details;
                        }
                        else
                        {
                            // Several usage reports in one stream add up, as ToChatResponse() does.
                            var sum = new UsageDetails();
                            sum.Add(call.Usage);
                            sum.Add(usage.Details);
                            call.Usage = sum;
                        }

                        break;
                    case TextContent textContent when text is not null:
                        text.Append(textContent.Text);
                        break;
                }
            }
        }

        private Call Begin(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, bool streaming)
        {
            var endpointInfo = endpoint ??= ReadEndpoint();
            var call = new Call
            {
                StartTimestamp = Stopwatch.GetTimestamp(),
                RequestModel = chatOptions?.ModelId ?? endpointInfo.DefaultModelId,
                Attribution = AttributionResolver.Resolve(chatOptions),
                Split5m = -1,
                Split1h = -1,
            };
            call.Provider = options.ProviderName ?? endpointInfo.ProviderName ?? ProviderFromCatalog(call.RequestModel) ?? "_OTHER";

            // Microsoft.Extensions.AI's OpenTelemetryChatClient (or another GenAI instrumentation) further out already
            // spans this call: enrich its span rather than start a second one. It owns the span's request and response
            // attributes and its end; this client adds attribution and cost.
            if (GenAiHostSpan.TryClaim(Activity.Current) is { } host)
            {
                call.Activity = host;
                call.BorrowedSpan = true;
                if (host.IsAllDataRequested)
                {
                    SetAttributionTags(host, call.Attribution);
                    if (options.EnableSensitiveData)
                    {
                        host.SetTag(GenAiAttributes.InputMessages, MessageJson.Input(messages)); // as on a span of ours: input with output
                    }
                }

                return call;
            }

            if (!LlmOpsTelemetry.ActivitySource.HasListeners())
            {
                return call;
            }

            // The attributes that matter for sampling go in at creation.
            var creation = new TagList
            {
                { GenAiAttributes.OperationName, GenAiAttributes.OperationChat },
                { GenAiAttributes.ProviderName, call.Provider },
            };
            if (call.RequestModel is not null)
            {
                creation.Add(GenAiAttributes.RequestModel, call.RequestModel);
            }

            if (endpointInfo.Address is not null)
            {
                creation.Add(GenAiAttributes.ServerAddress, endpointInfo.Address);
                creation.Add(GenAiAttributes.ServerPort, endpointInfo.Port);
            }

            var name = call.RequestModel is null ? GenAiAttributes.OperationChat : GenAiAttributes.OperationChat + " " + call.RequestModel;
            var activity = LlmOpsTelemetry.ActivitySource.StartActivity(ActivityKind.Client, default(ActivityContext), creation, null, default, name);
            call.Activity = activity;
            if (activity is null || !activity.IsAllDataRequested)
            {
                return call;
            }

            if (options.EmitLegacySystemAttribute)
            {
                activity.SetTag(GenAiAttributes.LegacySystem, call.Provider);
            }

            if (streaming)
            {
                activity.SetTag(GenAiAttributes.RequestStream, true);
            }

            if (chatOptions is not null)
            {
                SetRequestTags(activity, chatOptions);
            }

            SetAttributionTags(activity, call.Attribution);
            if (options.EnableSensitiveData)
            {
                activity.SetTag(GenAiAttributes.InputMessages, MessageJson.Input(messages));
            }

            return call;
        }

        private static void SetRequestTags(Activity activity, ChatOptions chatOptions)
        {
            if (chatOptions.MaxOutputTokens is { } maxTokens)
            {
                activity.SetTag(GenAiAttributes.RequestMaxTokens, maxTokens);
            }

            if (chatOptions.Temperature is { } temperature)
            {
                activity.SetTag(GenAiAttributes.RequestTemperature, (double)temperature);
            }

            if (chatOptions.TopP is { } topP)
            {
                activity.SetTag(GenAiAttributes.RequestTopP, (double)topP);
            }

            if (chatOptions.TopK is { } topK)
            {
                activity.SetTag(GenAiAttributes.RequestTopK, (double)topK);
            }

            if (chatOptions.FrequencyPenalty is { } frequencyPenalty)
            {
                activity.SetTag(GenAiAttributes.RequestFrequencyPenalty, (double)frequencyPenalty);
            }

            if (chatOptions.PresencePenalty is { } presencePenalty)
            {
                activity.SetTag(GenAiAttributes.RequestPresencePenalty, (double)presencePenalty);
            }

            if (chatOptions.Seed is { } seed)
            {
                activity.SetTag(GenAiAttributes.RequestSeed, seed);
            }

            if (chatOptions.StopSequences is { Count: > 0 } stops)
            {
                var array = new string[stops.Count];
                stops.CopyTo(array, 0);
                activity.SetTag(GenAiAttributes.RequestStopSequences, array);
            }

            if (chatOptions.ConversationId is { } conversationId)
            {
                activity.SetTag(GenAiAttributes.ConversationId, conversationId);
            }

            switch (chatOptions.ResponseFormat)
            {
                case ChatResponseFormatJson:
                    activity.SetTag(GenAiAttributes.OutputType, "json");
                    break;
                case ChatResponseFormatText:
                    activity.SetTag(GenAiAttributes.OutputType, "text");
                    break;
            }
        }

        private static void SetAttributionTags(Activity activity, AttributionTags tags)
        {
            SetIfPresent(activity, GenAiAttributes.Feature, tags.Feature);
            SetIfPresent(activity, GenAiAttributes.Team, tags.Team);
            SetIfPresent(activity, GenAiAttributes.Tenant, tags.Tenant);
            SetIfPresent(activity, GenAiAttributes.User, tags.User);
            SetIfPresent(activity, GenAiAttributes.PromptId, tags.PromptId);
            SetIfPresent(activity, GenAiAttributes.PromptVersion, tags.PromptVersion);
        }

        private static void SetIfPresent(Activity activity, string name, string? value)
        {
            if (value is not null)
            {
                activity.SetTag(name, value);
            }
        }

        private void End(ref Call call, Exception? error)
        {
            if (call.Ended)
            {
                return;
            }

            call.Ended = true;
            var elapsed = (Stopwatch.GetTimestamp() - call.StartTimestamp) * TicksToSeconds;
            var activity = call.Activity;
            var spanDetails = activity is { IsAllDataRequested: true };
            var errorType = error is null ? null : error.GetType().FullName ?? "_OTHER";

            var usage = default(TokenUsage);
            var hasUsage = call.Usage is not null && error is null;
            if (hasUsage)
            {
                usage = UsageMapping.ToTokenUsage(call.Usage, call.Split5m, call.Split1h);
            }

            CostBreakdown? cost = null;
            string? pricedModel = null;
            if (hasUsage && (spanDetails || LlmOpsTelemetry.Cost.Enabled))
            {
                cost = Price(usage, call.ResponseModel, out pricedModel) ?? Price(usage, call.RequestModel, out pricedModel);
            }

            if (activity is not null)
            {
                if (spanDetails)
                {
                    SetResponseTags(activity, ref call, usage, hasUsage, cost, pricedModel, elapsed);
                }

                if (error is not null)
                {
                    activity.SetTag(GenAiAttributes.ErrorType, errorType);
                    activity.SetStatus(ActivityStatusCode.Error, error.Message);
                }

                if (!call.BorrowedSpan)
                {
                    activity.Dispose();
                }
            }

            RecordMetrics(ref call, elapsed, errorType, usage, hasUsage, cost);
        }

        private void SetResponseTags(Activity activity, ref Call call, TokenUsage usage, bool hasUsage, CostBreakdown? cost, string? pricedModel, double elapsed)
        {
            SetIfPresent(activity, GenAiAttributes.ResponseId, call.ResponseId);
            SetIfPresent(activity, GenAiAttributes.ResponseModel, call.ResponseModel);
            if (call.FinishReason is { } finishReason)
            {
                activity.SetTag(GenAiAttributes.ResponseFinishReasons, new[] { finishReason });
            }

            if (call.FirstChunkTimestamp != 0)
            {
                activity.SetTag(GenAiAttributes.ResponseTimeToFirstChunk, (call.FirstChunkTimestamp - call.StartTimestamp) * TicksToSeconds);
            }

            if (hasUsage)
            {
                activity.SetTag(GenAiAttributes.UsageInputTokens, usage.InputTokens);
                activity.SetTag(GenAiAttributes.UsageOutputTokens, usage.OutputTokens);
                if (call.Usage!.CachedInputTokenCount is not null || usage.CachedInputTokens > 0)
                {
                    activity.SetTag(GenAiAttributes.UsageCacheReadInputTokens, usage.CachedInputTokens);
                }

                var writes = usage.CacheWrite5mTokens + usage.CacheWrite1hTokens;
                if (writes > 0 || call.Usage.AdditionalCounts?.ContainsKey(UsageMapping.CacheCreationInputTokensKey) == true)
                {
                    activity.SetTag(GenAiAttributes.UsageCacheCreationInputTokens, writes);
                }

                if (usage.CacheWrite1hTokens > 0)
                {
                    activity.SetTag(GenAiAttributes.CacheWrite1hInputTokens, usage.CacheWrite1hTokens);
                }

                if (call.Usage.ReasoningTokenCount is not null || usage.ReasoningTokens > 0)
                {
                    activity.SetTag(GenAiAttributes.UsageReasoningOutputTokens, usage.ReasoningTokens);
                }
            }

            if (cost is not null)
            {
                activity.SetTag(GenAiAttributes.UsageCostAmount, (double)cost.TotalCost);
                activity.SetTag(GenAiAttributes.UsageCostCurrency, GenAiAttributes.CurrencyUsd);
                activity.SetTag(GenAiAttributes.UsageCostSource, GenAiAttributes.CostSourceLocal);
                activity.SetTag(GenAiAttributes.CostModel, pricedModel);
                activity.SetTag(GenAiAttributes.CostInput, (double)cost.InputCost);
                activity.SetTag(GenAiAttributes.CostCachedInput, (double)cost.CachedInputCost);
                activity.SetTag(GenAiAttributes.CostCacheWrite, (double)cost.CacheWriteCost);
                activity.SetTag(GenAiAttributes.CostOutput, (double)cost.OutputCost);
                if (cost.RequestCost != 0m)
                {
                    activity.SetTag(GenAiAttributes.CostRequest, (double)cost.RequestCost);
                }
            }

            if (options.EnableSensitiveData && call.OutputText is not null)
            {
                activity.SetTag(GenAiAttributes.OutputMessages, MessageJson.Output(call.OutputText, call.FinishReason));
            }
        }

        private void RecordMetrics(ref Call call, double elapsed, string? errorType, TokenUsage usage, bool hasUsage, CostBreakdown? cost)
        {
            var durationOn = LlmOpsTelemetry.OperationDuration.Enabled;
            var tokensOn = hasUsage && LlmOpsTelemetry.TokenUsage.Enabled;
            var costOn = cost is not null && LlmOpsTelemetry.Cost.Enabled;
            if (!durationOn && !tokensOn && !costOn)
            {
                return;
            }

            var endpointInfo = endpoint!;
            var tags = new TagList
            {
                { GenAiAttributes.OperationName, GenAiAttributes.OperationChat },
                { GenAiAttributes.ProviderName, call.Provider },
            };
            if (call.RequestModel is not null)
            {
                tags.Add(GenAiAttributes.RequestModel, call.RequestModel);
            }

            if (costOn)
            {
                // The cost counter's tags: provider, requested model and attribution, without operation, response model or server.
                var costTags = new TagList { { GenAiAttributes.ProviderName, call.Provider } };
                if (call.RequestModel is not null)
                {
                    costTags.Add(GenAiAttributes.RequestModel, call.RequestModel);
                }

                LlmOpsTelemetry.AddAttribution(ref costTags, call.Attribution, options.IncludeTenantInMetrics);
                LlmOpsTelemetry.Cost.Add((double)cost!.TotalCost, costTags);
            }

            if (call.ResponseModel is not null)
            {
                tags.Add(GenAiAttributes.ResponseModel, call.ResponseModel);
            }

            if (endpointInfo.Address is not null)
            {
                tags.Add(GenAiAttributes.ServerAddress, endpointInfo.Address);
                tags.Add(GenAiAttributes.ServerPort, endpointInfo.Port);
            }

            LlmOpsTelemetry.AddAttribution(ref tags, call.Attribution, options.IncludeTenantInMetrics);

            if (tokensOn)
            {
                var input = tags;
                input.Add(GenAiAttributes.TokenType, GenAiAttributes.TokenTypeInput);
                LlmOpsTelemetry.TokenUsage.Record(usage.InputTokens, input);
                var output = tags;
                output.Add(GenAiAttributes.TokenType, GenAiAttributes.TokenTypeOutput);
                LlmOpsTelemetry.TokenUsage.Record(usage.OutputTokens, output);
            }

            if (durationOn)
            {
                if (errorType is not null)
                {
                    tags.Add(GenAiAttributes.ErrorType, errorType);
                }

                LlmOpsTelemetry.OperationDuration.Record(elapsed, tags);
            }
        }

        private CostBreakdown? Price(TokenUsage usage, string? model, out string? pricedModel)
        {
            pricedModel = null;
            try
            {
                var info = ChatCost.PricedModel(model, catalog, null);
                if (info is null)
                {
                    return null;
                }

                pricedModel = info.Id;
                return CostEngine.Calculate(info, usage);
            }
#pragma warning disable CA1031 // Telemetry never fails a call: inconsistent usage just goes unpriced.
            catch (Exception)
#pragma warning restore CA1031
            {
                pricedModel = null;
                return null;
            }
        }

        private string? ProviderFromCatalog(string? model)
        {
            if (model is null || !catalog.TryGet(model, out var info))
            {
                return null;
            }

            return info.Provider switch
            {
                "google" or "gemini" => "gcp.gemini",
                "vertex" or "vertex_ai" => "gcp.vertex_ai",
                "mistral" => "mistral_ai",
                "xai" => "x_ai",
                "bedrock" => "aws.bedrock",
                "azure" => "azure.ai.openai",
                _ => info.Provider,
            };
        }

        private Endpoint ReadEndpoint()
        {
            ChatClientMetadata? metadata = null;
            try
            {
                metadata = InnerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
            }
#pragma warning disable CA1031 // A client that cannot describe itself is still observed.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            var uri = metadata?.ProviderUri;
            return new Endpoint(
                metadata?.ProviderName,
                metadata?.DefaultModelId,
                uri is { IsAbsoluteUri: true } ? uri.Host : null,
                uri is { IsAbsoluteUri: true } ? uri.Port : 0);
        }

        private sealed class Endpoint
        {
            public Endpoint(string? providerName, string? defaultModelId, string? address, int port)
            {
                ProviderName = providerName;
                DefaultModelId = defaultModelId;
                Address = address;
                Port = port; // boxed once, reused on every span and metric
            }

            public string? ProviderName { get; }

            public string? DefaultModelId { get; }

            public string? Address { get; }

            public object Port { get; }
        }

        private struct Call
        {
            public long StartTimestamp;
            public long FirstChunkTimestamp;
            public string? RequestModel;
            public string Provider;
            public AttributionTags Attribution;
            public Activity? Activity;
            public string? ResponseId;
            public string? ResponseModel;
            public string? FinishReason;
            public UsageDetails? Usage;
            public long Split5m;
            public long Split1h;
            public string? OutputText;
            public bool Ended;
            public bool BorrowedSpan; // the span belongs to an instrumentation further out: enrich it, never end it
        }
    }
}
