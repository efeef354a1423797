namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>How a <see cref="CassetteChatClient"/> uses its cassettes.</summary>
public enum CassetteMode
{
    /// <summary>Answer from the cassette; on a miss call the inner client (live, not recorded) when there is one, else throw <see cref="CassetteMissException"/>.</summary>
    Replay,

    /// <summary>Always call the inner client and record (append or replace) the interaction; files are written at Flush/Dispose. <c>dotnet eval compare --record</c>.</summary>
    Record,

    /// <summary>Strict replay: never call a provider; a miss is an error naming the prompt, the case and the key. <c>dotnet eval --offline</c>.</summary>
    Offline,
}
