using System;
using System.Collections.Generic;
using System.Globalization;
using LlmOps.Guardrails.Core.Catalog.Lookup;
using LlmOps.Guardrails.Core.Catalog.Parsing;

namespace LlmOps.Guardrails.Core.Catalog.Building;

/// <summary>
/// Merges catalog documents in order (a later document's entry replaces an earlier one with the same id),
/// checks what spans entries (duplicates, aliases, replacements, base models, deployments) and resolves
/// every entry into a <see cref="ModelInfo"/>.
/// </summary>
internal static class CatalogBuilder
{
    public static CatalogContents Build(IReadOnlyList<CatalogDocument> documents)
    {
        var entries = Merge(documents, out var deployments);
        var names = IndexNames(entries);
        var resolver = new EntryResolver(names);
        var models = new List<ModelInfo>(entries.Count);
        var idNames = new List<string>(entries.Count * 2);
        var idHits = new List<IndexedModel>(entries.Count * 2);
        var resolvedByEntry = new Dictionary<CatalogEntry, ModelInfo>();
        foreach (var entry in entries)
        {
            var info = resolver.Resolve(entry);
            models.Add(info);
            resolvedByEntry[entry] = info;
            idNames.Add(entry.Id);
            idHits.Add(new IndexedModel(info, ModelMatchKind.Id));
            foreach (var alternate in entry.AlternateIds)
            {
                idNames.Add(alternate);
                idHits.Add(new IndexedModel(info, ModelMatchKind.AlternateId));
            }
        }

        var deploymentNames = new List<string>(deployments.Count);
        var deploymentHits = new List<IndexedDeployment>(deployments.Count);
        var targets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var deployment in deployments)
        {
            if (!names.TryGetValue(deployment.Target, out var target))
            {
                throw deployment.TargetAt.Error(CatalogErrorCodes.UnknownReference, UnknownMessage($"Deployment '{deployment.Name}' serves '{deployment.Target}'", deployment.Target, names.Keys));
            }

            var model = resolvedByEntry[target];
            deploymentNames.Add(deployment.Name);
            deploymentHits.Add(new IndexedDeployment(deployment.Name, model));
            targets[deployment.Name] = model.Id;
        }

        var known = new List<string>(idNames.Count + deploymentNames.Count);
        known.AddRange(idNames);
        known.AddRange(deploymentNames);
        var knownRetires = new List<DateTime?>(known.Count);
        foreach (var hit in idHits)
        {
            knownRetires.Add(hit.Model.RetiresOn);
        }

        foreach (var hit in deploymentHits)
        {
            knownRetires.Add(hit.Model.RetiresOn);
        }

        return new CatalogContents(models, new IdIndex<IndexedModel>(idNames, idHits), new IdIndex<IndexedDeployment>(deploymentNames, deploymentHits), targets, known, knownRetires);
    }

    internal static string UnknownMessage(string subject, string missing, IEnumerable<string> known)
    {
        var nearest = TypoSuggester.Nearest(missing.AsSpan(), known);
        return nearest is null
            ? $"{subject}, which is not in the catalog. Add '{missing}' to the models, or fix the id."
            : $"{subject}, which is not in the catalog. Did you mean '{nearest}'?";
    }

    private static List<CatalogEntry> Merge(IReadOnlyList<CatalogDocument> documents, out List<DeploymentEntry> deployments)
    {
        var order = new List<CatalogEntry>();
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var deploymentsByName = new Dictionary<string, DeploymentEntry>(StringComparer.OrdinalIgnoreCase);
        var deploymentOrder = new List<string>();
        foreach (var document in documents)
        {
            var inDocument = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in document.Entries)
            {
                if (inDocument.TryGetValue(entry.Id, out var first))
                {
                    throw entry.At.Error(CatalogErrorCodes.DuplicateId, string.Format(CultureInfo.InvariantCulture, "Model '{0}' is defined twice in this file (first on line {1}); keep one entry per id.", entry.Id, first.At.Line));
                }

                inDocument[entry.Id] = entry;

                // A later file replaces the whole entry: overrides state a model completely, never half of one.
                if (positions.TryGetValue(entry.Id, out var index))
                {
                    order[index] = entry;
                }
                else
                {
                    positions[entry.Id] = order.Count;
                    order.Add(entry);
                }
            }

            var namesInDocument = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var deployment in document.Deployments)
            {
                if (!namesInDocument.Add(deployment.Name))
                {
                    throw deployment.At.Error(CatalogErrorCodes.DuplicateId, $"Deployment '{deployment.Name}' is listed twice (names ignore case); keep one.");
                }

                if (!deploymentsByName.ContainsKey(deployment.Name))
                {
                    deploymentOrder.Add(deployment.Name);
                }

                deploymentsByName[deployment.Name] = deployment;
            }
        }

        deployments = new List<DeploymentEntry>(deploymentOrder.Count);
        foreach (var name in deploymentOrder)
        {
            deployments.Add(deploymentsByName[name]);
        }

        return order;
    }

    // Every id and alternate id must name exactly one model, or lookups would be ambiguous.
    private static Dictionary<string, CatalogEntry> IndexNames(List<CatalogEntry> entries)
    {
        var names = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            names[entry.Id] = entry;
        }

        foreach (var entry in entries)
        {
            for (var i = 0; i < entry.AlternateIds.Count; i++)
            {
                var alternate = entry.AlternateIds[i];
                if (names.TryGetValue(alternate, out var owner))
                {
                    var what = string.Equals(owner.Id, alternate, StringComparison.OrdinalIgnoreCase) ? "the id of" : "an alternate id of";
                    throw entry.AlternateIdsAt[i].Error(CatalogErrorCodes.DuplicateId, $"Alternate id '{alternate}' of model '{entry.Id}' is already {what} model '{owner.Id}'; an id can name only one model.");
                }

                names[alternate] = entry;
            }
        }

        return names;
    }
}
