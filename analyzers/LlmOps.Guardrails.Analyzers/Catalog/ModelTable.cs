using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Analyzers.Catalog
{
    /// <summary>
    /// The catalog as the rules see it: the compiled-in snapshot with the user's llmops.models.yaml laid
    /// over it. Lookups are case-insensitive, accept alternate ids and a provider prefix ("openai/gpt-4o").
    /// </summary>
    internal sealed class ModelTable
    {
        private static readonly string[] ProviderPrefixes = { "openai/", "anthropic/", "google/", "gemini/", "xai/", "mistral/", "deepseek/", "azure/" };

        private readonly Dictionary<string, CatalogEntry> byId = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> ids = new List<string>();
        private readonly HashSet<string> deployments = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public static ModelTable BuiltIn { get; } = new ModelTable(CatalogSnapshot.Entries);

        public ModelTable(IEnumerable<CatalogEntry> entries)
        {
            foreach (var entry in entries)
            {
                Add(entry);
            }
        }

        public ModelTable WithOverrides(IReadOnlyList<CatalogEntry> overrides, IReadOnlyDictionary<string, string>? deploymentMap = null)
        {
            if (overrides.Count == 0 && (deploymentMap == null || deploymentMap.Count == 0))
            {
                return this;
            }

            var merged = new List<CatalogEntry>();
            var overridden = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in overrides)
            {
                overridden.Add(entry.Id);
            }

            foreach (var id in ids)
            {
                if (!overridden.Contains(id))
                {
                    merged.Add(byId[id]);
                }
            }

            merged.AddRange(overrides);
            var table = new ModelTable(merged);
            foreach (var name in deployments)
            {
                table.AddDeployment(name, byId[name]);
            }

            if (deploymentMap != null)
            {
                foreach (var pair in deploymentMap)
                {
                    // A deployment naming a model the catalog does not know is ignored, as Core rejects it.
                    if (table.Find(pair.Value) is { } model && !table.byId.ContainsKey(pair.Key))
                    {
                        table.AddDeployment(pair.Key, model);
                    }
                }
            }

            return table;
        }

        /// <summary>
        /// A deployment name from llmops.models.yaml: user-chosen, so it is never "pinned" or rewritten, but its
        /// model's lifecycle and limits still apply.
        /// </summary>
        public bool IsDeployment(string id) => deployments.Contains(id);

        private void AddDeployment(string name, CatalogEntry model)
        {
            deployments.Add(name);
            byId[name] = model;
        }

        public CatalogEntry? Find(string id)
        {
            if (byId.TryGetValue(id, out var entry))
            {
                return entry;
            }

            foreach (var prefix in ProviderPrefixes)
            {
                if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && byId.TryGetValue(id.Substring(prefix.Length), out entry))
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>
        /// The nearest id within a few edits of a model that is not retired on <paramref name="today"/>, or null
        /// when nothing live is close enough to be the intent: the fix must never move code onto a dead model.
        /// </summary>
        public string? Suggest(string id, DateTime today) => TypoDistance.Nearest(id, LiveIds(today));

        private IEnumerable<string> LiveIds(DateTime today)
        {
            foreach (var id in ids)
            {
                if (!byId[id].IsRetiredAt(today))
                {
                    yield return id;
                }
            }
        }

        private void Add(CatalogEntry entry)
        {
            if (!byId.ContainsKey(entry.Id))
            {
                ids.Add(entry.Id);
            }

            byId[entry.Id] = entry;
            foreach (var alternate in entry.AlternateIds)
            {
                byId[alternate] = entry;
            }
        }
    }
}
