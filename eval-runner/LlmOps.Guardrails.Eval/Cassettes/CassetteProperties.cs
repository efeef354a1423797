namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>
/// The <c>AdditionalProperties</c> keys the cassette layer reads and writes. All start with "llmops.", so none of them is
/// part of a cassette key (nor of the runtime cache key) and the runtime strips them before a request reaches a provider.
/// </summary>
public static class CassetteProperties
{
    /// <summary>Request (<c>ChatOptions.AdditionalProperties</c>): the prompt id the call evaluates; picks the cassette file. Set by the runner.</summary>
    public const string PromptId = "llmops.eval.prompt";

    /// <summary>Request (<c>ChatOptions.AdditionalProperties</c>): the dataset case id; named in miss errors. Set by the runner.</summary>
    public const string CaseId = "llmops.eval.case";

    /// <summary>Response (<c>ChatResponse.AdditionalProperties</c> / each update's): <c>true</c> when the answer came from a cassette.</summary>
    public const string Replayed = "llmops.replayed";

    /// <summary>Response: the latency in milliseconds (<see cref="double"/>) recorded with the interaction, or measured when recording; what reports show for replayed calls.</summary>
    public const string LatencyMs = "llmops.eval.latency_ms";

    /// <summary>Response: the cassette key (<c>sha256:…</c>) of the request.</summary>
    public const string Key = "llmops.eval.cassette_key";
}
