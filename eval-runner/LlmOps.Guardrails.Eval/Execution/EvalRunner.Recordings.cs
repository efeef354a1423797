using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// What compare says when an answer is neither recorded nor can be fetched: a missing provider key once for the whole
/// run (not once per call or per provider), and "nothing recorded yet" apart from "the request differs", because the
/// fixes differ (record for the first time vs. re-record after an edit).
/// </summary>
public sealed partial class EvalRunner
{
    /// <summary>The message of a request with no recording, naming the variant and how to record it.</summary>
    private string MissMessage(CassetteMissException miss, PromptDefinition prompt, string variantName)
    {
        if (!miss.NothingRecorded) return miss.Message;
        var provider = ProviderFor(prompt.Model);
        string key = provider.ApiKeyEnv is { } variable ? $"the provider's key in {variable}"
            : provider.Type == ProviderConfig.Replay ? $"a live provider as providers.{provider.Name} (e.g. {{ type: openai, api_key_env: OPENAI_API_KEY }})"
            : "the provider's key set";
        return $"nothing has been recorded yet for prompt '{prompt.Id}' ({VariantText(variantName)}) in {miss.CassettePath}: "
            + $"record it with {RecordCommand()} and {key}.";
    }

    private string RecordCommand()
    {
        string baseline = options.BaselineRef.Any(char.IsWhiteSpace) ? "\"" + options.BaselineRef + "\"" : options.BaselineRef;
        return $"`dotnet eval compare --baseline {baseline} --record`";
    }

    private static string SetKeys(IEnumerable<string> variables)
    {
        var names = variables.Distinct(StringComparer.Ordinal).ToList();
        return $"set {string.Join(" and ", names)} (e.g. `export {names[0]}=<key>`)";
    }

    private static string VariantText(string variantName) => variantName == "both" ? "baseline and candidate" : variantName;

    /// <summary>
    /// Replay mode: looks ahead at the first request of every case routed to a provider without a key. One without a
    /// recording would fail at the call anyway, so the run stops before any call — other providers' calls cost money —
    /// with one line that names what is unrecorded and the variables to set.
    /// </summary>
    private sealed class RecordingCheck(EvalRunner runner, CassetteStore store)
    {
        /// <summary>Unit key → the prompt, variant and key variable of a request that has no recording.</summary>
        private readonly Dictionary<string, (string PromptId, string Variant, string Variable)> unrecorded = new(StringComparer.Ordinal);

        public void Check(string unitKey, PromptDefinition prompt, EvalCase evalCase, string variantName, CassetteChatClient client)
        {
            if (runner.options.Mode != CassetteMode.Replay || runner.missingKeys.Count == 0) return;
            var provider = runner.ProviderFor(prompt.Model);
            if (!runner.missingKeys.TryGetValue(provider.Name, out string? variable)) return;
            if (MissingVariables(prompt, evalCase).Count > 0) return; // errored without a call

            string key = client.ComputeKey(RenderMessages(prompt, evalCase), BuildOptions(prompt, evalCase.Id));
            if (store.Contains(prompt.Id, key)) return;
            unrecorded[unitKey] = (prompt.Id, variantName, variable);
        }

        /// <summary>The one error line, or null when every request that will be made has a recording or a key.</summary>
        public string? Error(IEnumerable<string> completedUnits)
        {
            var done = completedUnits.ToHashSet(StringComparer.Ordinal);
            var pending = unrecorded.Where(p => !done.Contains(p.Key)).Select(p => p.Value).ToList();
            if (pending.Count == 0) return null;
            var counts = pending.GroupBy(p => (p.PromptId, p.Variant)).ToDictionary(g => g.Key, g => g.Count());
            var parts = new List<string>();
            var never = counts.Keys.Where(k => !store.HasRecordings(k.PromptId)).ToList();
            if (never.Count > 0)
            {
                parts.Add("nothing has been recorded yet for " + string.Join(", ", never.Select(k => $"prompt '{k.PromptId}' ({VariantText(k.Variant)})")));
            }

            foreach (var (id, count) in counts.Where(p => !never.Contains(p.Key)))
            {
                parts.Add($"{count} request{(count == 1 ? "" : "s")} of prompt '{id.PromptId}' ({VariantText(id.Variant)}) differ{(count == 1 ? "s" : "")} from every recorded one");
            }

            int total = pending.Count;
            return $"{runner.config.Path}: error {EvalDiagnosticCodes.MissingApiKey}: no API key is set to call the provider for {total} "
                + $"request{(total == 1 ? "" : "s")} with no recording: {string.Join("; ", parts)}. "
                + $"To record {(total == 1 ? "it" : "them")}, {SetKeys(pending.Select(p => p.Variable))} and run {runner.RecordCommand()}.";
        }
    }
}
