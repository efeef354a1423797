using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Config;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>The providers of a run: which one a prompt's calls go to, and its client behind the cassette layer.</summary>
public sealed partial class EvalRunner
{
    /// <summary>Provider name → the variable its key should be in, for the live providers whose key is not set.</summary>
    private readonly Dictionary<string, string> missingKeys = new(StringComparer.Ordinal);

    private ProviderConfig ProviderFor(string model) =>
        catalog.Lookup(model).Model?.Provider is { } provider && config.Providers.TryGetValue(provider, out var routed)
            ? routed
            : DefaultProvider();

    private ProviderConfig DefaultProvider() =>
        config.Providers.TryGetValue(EvalConfig.DefaultProviderName, out var provider)
            ? provider
            : s_replay;

    private static readonly ProviderConfig s_replay = new() { Name = EvalConfig.DefaultProviderName, Type = ProviderConfig.Replay };

    private CassetteChatClient? CreateCassetteClient(CassetteStore store, ProviderConfig provider, List<string> errors)
    {
        if (options.Mode == CassetteMode.Offline)
        {
            return new CassetteChatClient(store, CassetteMode.Offline, options: new CassetteChatClientOptions { Scrubber = scrubber });
        }

        IChatClient? live;
        try
        {
            live = ProviderClients.CreateLive(provider);
        }
        catch (ProviderSetupException ex)
        {
            // A missing key is collected and said once for every provider (record: before any call; replay: only when a
            // request has no recording, see RecordingCheck).
            if (ProviderClients.MissingKeyVariable(provider) is { } variable)
            {
                missingKeys[provider.Name] = variable;
                if (options.Mode == CassetteMode.Record) return null;
            }
            else if (options.Mode == CassetteMode.Record)
            {
                errors.Add($"{config.Path}: error LLME106: {ex.Message}");
                return null;
            }

            live = null; // replay: answer from cassettes; a miss is an error naming the prompt and case
        }

        if (options.Mode == CassetteMode.Record && live is null)
        {
            errors.Add($"{config.Path}: error LLME106: --record needs a live provider, but providers.{provider.Name} is '{provider.Type}' (set e.g. {{ type: openai, api_key_env: OPENAI_API_KEY }}).");
            return null;
        }

        return new CassetteChatClient(store, options.Mode, live, new CassetteChatClientOptions { Scrubber = scrubber });
    }

    /// <summary>Record mode: the one error line for every provider without its key, or null when all have one.</summary>
    private string? MissingKeysError()
    {
        if (missingKeys.Count == 0) return null;
        string providers = string.Join(" and ", missingKeys.Select(p => $"providers.{p.Key} ({p.Value})"));
        return $"{config.Path}: error {EvalDiagnosticCodes.MissingApiKey}: no API key for {providers}: {SetKeys(missingKeys.Values)} and run again, "
            + "or run with --offline to replay the recorded answers.";
    }
}
