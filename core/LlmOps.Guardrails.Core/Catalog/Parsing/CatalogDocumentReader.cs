using System;
using System.Collections.Generic;
using System.IO;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// Reads a catalog file (the built-in models.yaml or a user's llmops.models.yaml; same schema) into a
/// <see cref="CatalogDocument"/>, checking everything that can be checked within one entry.
/// </summary>
internal static class CatalogDocumentReader
{
    public const int SchemaVersion = 1;

    private static readonly string[] TopLevelKeys = { "schema_version", "models", "deployments" };

    private static readonly string[] ModelKeys =
    {
        "id", "provider", "display_name", "kind", "resolves_to", "alternate_ids", "base_model",
        "context_window", "max_output_tokens", "tokenizer", "tokenizer_file", "released", "deprecated", "retires", "replacement",
        "prices_checked", "prices", "fine_tuned_prices", "notes",
    };

    private static readonly string[] Tokenizers =
    {
        TokenizerFamily.O200kBase, TokenizerFamily.Cl100kBase, TokenizerFamily.ClaudeEstimate, TokenizerFamily.GeminiEstimate, TokenizerFamily.GenericEstimate,
    };

    public static CatalogDocument Read(TextReader reader, string source)
    {
        var root = CatalogYaml.Read(reader, source);
        if (root is null || root is YScalar { IsNull: true })
        {
            // An empty override file is a valid "no overrides".
            return new CatalogDocument(source, Array.Empty<CatalogEntry>(), Array.Empty<DeploymentEntry>());
        }

        var top = new MappingReader(root, "the catalog file", TopLevelKeys);
        if (top.Get("schema_version") is { } versionNode)
        {
            var version = YamlValues.Count(versionNode, "schema_version", 1);
            if (version != SchemaVersion)
            {
                throw versionNode.Spot().Error(CatalogErrorCodes.UnsupportedVersion, $"schema_version {version} is not supported; this release reads schema_version {SchemaVersion}. Update LlmOps.Guardrails or rewrite the file for version {SchemaVersion}.");
            }
        }

        var entries = top.Get("models") is { } modelsNode ? ReadModels(modelsNode) : Array.Empty<CatalogEntry>();
        var deployments = top.Get("deployments") is { } deploymentsNode ? ReadDeployments(deploymentsNode) : Array.Empty<DeploymentEntry>();
        return new CatalogDocument(source, entries, deployments);
    }

    private static CatalogEntry[] ReadModels(YNode node)
    {
        if (node is not YSequence list)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'models' must be a list of model entries (each starting with '- id: ...'), not {node.Describe()}.");
        }

        var entries = new CatalogEntry[list.Items.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = ReadModel(list.Items[i], i + 1);
        }

        return entries;
    }

    private static CatalogEntry ReadModel(YNode node, int position)
    {
        // Name the entry by its id in every message when the id is readable, by its position otherwise.
        var what = PeekId(node) is { } written ? $"model '{written}'" : $"model #{position}";
        var map = new MappingReader(node, what, ModelKeys);
        var id = YamlValues.Id(map.Required("id", "Every model needs the id its provider's API takes, such as 'gpt-4o-2024-08-06'."), "id");

        var provider = YamlValues.Text(map.Required("provider", "Name the provider, such as 'openai' or 'anthropic'."), "provider");
        if (!IsProviderName(provider))
        {
            throw map.Get("provider")!.Spot().Error(CatalogErrorCodes.InvalidValue, $"Provider '{provider}' of {what} must be lower-case letters, digits, '-', '_' or '.', such as 'openai'.");
        }

        var kindNode = map.Required("kind", "Say whether the id is a 'snapshot' (fixed weights) or an 'alias' (the provider can repoint it).");
        var kind = YamlValues.Text(kindNode, "kind") switch
        {
            "snapshot" => ModelKind.Snapshot,
            "alias" => ModelKind.Alias,
            var other => throw kindNode.Spot().Error(CatalogErrorCodes.InvalidValue, $"'kind' of {what} is '{other}'; use 'snapshot' or 'alias'."),
        };

        var resolvesToNode = map.Get("resolves_to");
        var baseModelNode = map.Get("base_model");
        if (kind == ModelKind.Alias && resolvesToNode is null)
        {
            throw map.KeyAt("kind").Error(CatalogErrorCodes.BrokenAlias, $"Alias {what} has no 'resolves_to'; name the snapshot it points at today.");
        }

        if (kind == ModelKind.Snapshot && resolvesToNode is not null)
        {
            throw map.KeyAt("resolves_to").Error(CatalogErrorCodes.BrokenAlias, $"{MappingReader.Capitalize(what)} is a snapshot, so it cannot have 'resolves_to'; set 'kind: alias' or remove 'resolves_to'.");
        }

        if (kind == ModelKind.Alias && baseModelNode is not null)
        {
            throw map.KeyAt("base_model").Error(CatalogErrorCodes.InvalidValue, $"Alias {what} cannot have 'base_model'; an alias inherits from the snapshot in 'resolves_to'.");
        }

        var pricesNode = map.Get("prices");
        if (pricesNode is null && kind == ModelKind.Snapshot && baseModelNode is null)
        {
            throw map.Node.Spot().Error(CatalogErrorCodes.MissingField, $"{MappingReader.Capitalize(what)} has no 'prices'. Give 'input' and 'output' in USD per million tokens, or 'base_model' to price it like another model.");
        }

        var (alternateIds, alternateIdsAt) = ReadAlternateIds(map.Get("alternate_ids"), what);
        var tokenizer = map.Get("tokenizer") is { } tokenizerNode ? ReadTokenizer(tokenizerNode, what) : null;
        var deprecated = map.Get("deprecated") is { } deprecatedNode ? YamlValues.Date(deprecatedNode, "deprecated") : (DateTime?)null;
        var retires = map.Get("retires") is { } retiresNode ? YamlValues.Date(retiresNode, "retires") : (DateTime?)null;
        if (deprecated is { } d && retires is { } r && d > r)
        {
            throw map.Get("deprecated")!.Spot().Error(CatalogErrorCodes.InvalidValue, $"{MappingReader.Capitalize(what)} is deprecated on {d:yyyy-MM-dd}, after it retires on {r:yyyy-MM-dd}; check both dates.");
        }

        if (map.Get("notes") is { } notesNode)
        {
            YamlValues.Text(notesNode, "notes");
        }

        var replacementNode = map.Get("replacement");
        return new CatalogEntry
        {
            Id = id,
            At = map.Get("id")!.Spot(),
            Provider = provider,
            Kind = kind,
            DisplayName = map.Get("display_name") is { } nameNode ? YamlValues.Text(nameNode, "display_name") : null,
            ResolvesTo = resolvesToNode is null ? null : YamlValues.Id(resolvesToNode, "resolves_to"),
            ResolvesToAt = resolvesToNode?.Spot() ?? default,
            AlternateIds = alternateIds,
            AlternateIdsAt = alternateIdsAt,
            BaseModel = baseModelNode is null ? null : YamlValues.Id(baseModelNode, "base_model"),
            BaseModelAt = baseModelNode?.Spot() ?? default,
            Prices = pricesNode is null ? null : PriceBlockReader.Read(pricesNode, "prices", what),
            FineTunedPrices = map.Get("fine_tuned_prices") is { } ftNode ? PriceBlockReader.Read(ftNode, "fine_tuned_prices", what) : null,
            ContextWindow = map.Get("context_window") is { } contextNode ? YamlValues.TokenLimit(contextNode, "context_window") : null,
            MaxOutputTokens = map.Get("max_output_tokens") is { } outputNode ? YamlValues.TokenLimit(outputNode, "max_output_tokens") : null,
            Tokenizer = tokenizer,
            TokenizerFile = map.Get("tokenizer_file") is { } tokenizerFileNode ? YamlValues.Text(tokenizerFileNode, "tokenizer_file") : null,
            TokenizerFileAt = map.Get("tokenizer_file")?.Spot() ?? default,
            Released = map.Get("released") is { } releasedNode ? YamlValues.Date(releasedNode, "released") : null,
            Deprecated = deprecated,
            Retires = retires,
            Replacement = replacementNode is null ? null : YamlValues.Id(replacementNode, "replacement"),
            ReplacementAt = replacementNode?.Spot() ?? default,
            PricesChecked = map.Get("prices_checked") is { } checkedNode ? YamlValues.Date(checkedNode, "prices_checked") : null,
        };
    }

    private static string? PeekId(YNode node)
    {
        return node is YMapping mapping && mapping.Find("id")?.Value is YScalar { IsNull: false } id ? id.Value.Trim() : null;
    }

    private static (string[] Ids, SourceSpot[] Spots) ReadAlternateIds(YNode? node, string what)
    {
        if (node is null)
        {
            return (Array.Empty<string>(), Array.Empty<SourceSpot>());
        }

        if (node is not YSequence list)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'alternate_ids' of {what} must be a list of ids, not {node.Describe()}.");
        }

        var ids = new string[list.Items.Count];
        var spots = new SourceSpot[list.Items.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = YamlValues.Id(list.Items[i], "alternate_ids");
            spots[i] = list.Items[i].Spot();
        }

        return (ids, spots);
    }

    private static string ReadTokenizer(YNode node, string what)
    {
        var value = YamlValues.Text(node, "tokenizer");
        if (Array.IndexOf(Tokenizers, value) < 0)
        {
            throw node.Spot().Error(CatalogErrorCodes.InvalidValue, $"'tokenizer' of {what} is '{value}'; use one of {string.Join(", ", Tokenizers)}.");
        }

        return value;
    }

    private static DeploymentEntry[] ReadDeployments(YNode node)
    {
        if (node is not YMapping map)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'deployments' must map deployment names to model ids (name: model-id), not {node.Describe()}.");
        }

        var deployments = new DeploymentEntry[map.Entries.Count];
        for (var i = 0; i < deployments.Length; i++)
        {
            var entry = map.Entries[i];
            var name = YamlValues.Id(entry.Key, "deployment name");
            var target = YamlValues.Id(entry.Value, $"deployments.{name}");
            deployments[i] = new DeploymentEntry(name, entry.Key.Spot(), target, entry.Value.Spot());
        }

        return deployments;
    }

    private static bool IsProviderName(string provider)
    {
        foreach (var c in provider)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
            if (!ok)
            {
                return false;
            }
        }

        return provider.Length > 0;
    }
}
