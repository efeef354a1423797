using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.Catalog
{
    /// <summary>
    /// A tolerant reader of the subset of llmops.models.yaml the rules need: the <c>models</c> list with id,
    /// provider, kind, resolves_to, alternate_ids, max_output_tokens, deprecated, retires, replacement, and the
    /// <c>deployments</c> mapping (name: model id). Everything else (prices, tokenizer, tokenizer_file, notes) is skipped. It never throws: an entry it cannot read
    /// is returned as a problem and left out. Core validates the full schema; the analyzer only must not crash.
    /// </summary>
    internal static class ModelsFileReader
    {
        public const string FileName = "llmops.models.yaml";

        public static IReadOnlyList<CatalogEntry> Read(SourceText text, ModelTable baseTable, List<ModelsFileProblem> problems) =>
            Read(text, baseTable, problems, new Dictionary<string, string>());

        public static IReadOnlyList<CatalogEntry> Read(SourceText text, ModelTable baseTable, List<ModelsFileProblem> problems, Dictionary<string, string> deployments)
        {
            var raw = new List<RawEntry>();
            RawEntry? current = null;
            var inModels = false;
            var inDeployments = false;
            var entryIndent = -1;
            foreach (var line in text.Lines)
            {
                var content = StripComment(line.ToString());
                if (content.Trim().Length == 0)
                {
                    continue;
                }

                var indent = content.Length - content.TrimStart().Length;
                var trimmed = content.Trim();
                if (indent == 0)
                {
                    inModels = trimmed.StartsWith("models:", StringComparison.Ordinal);
                    inDeployments = trimmed.StartsWith("deployments:", StringComparison.Ordinal);
                    current = null;
                    continue;
                }

                if (inDeployments)
                {
                    var separator = trimmed.IndexOf(':');
                    if (separator > 0 && Unquote(trimmed.Substring(separator + 1).Trim()) is { Length: > 0 } model)
                    {
                        deployments[Unquote(trimmed.Substring(0, separator).Trim())] = model;
                    }

                    continue;
                }

                if (!inModels)
                {
                    continue;
                }

                if (trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed == "-")
                {
                    current = new RawEntry(line.LineNumber, line.Span);
                    raw.Add(current);
                    entryIndent = indent + 2;
                    trimmed = trimmed.Substring(1).Trim();
                    indent = entryIndent;
                    if (trimmed.Length == 0)
                    {
                        continue;
                    }
                }

                // Only the entry's own keys; nested blocks (prices:, tiers) sit deeper and are skipped.
                if (current != null && indent == entryIndent)
                {
                    var colon = trimmed.IndexOf(':');
                    if (colon > 0)
                    {
                        current.Values[trimmed.Substring(0, colon).Trim()] = Unquote(trimmed.Substring(colon + 1).Trim());
                    }
                }
            }

            var entries = new List<CatalogEntry>();
            foreach (var entry in raw)
            {
                var built = Build(entry, baseTable, raw, problems);
                if (built != null)
                {
                    entries.Add(built);
                }
            }

            return entries;
        }

        private static CatalogEntry? Build(RawEntry entry, ModelTable baseTable, List<RawEntry> all, List<ModelsFileProblem> problems)
        {
            var id = entry.Get("id");
            if (string.IsNullOrEmpty(id) || id!.IndexOf(' ') >= 0)
            {
                problems.Add(new ModelsFileProblem(entry.Line, entry.Span, "the entry has no valid 'id'"));
                return null;
            }

            var kind = entry.Get("kind") ?? "snapshot";
            if (kind != "snapshot" && kind != "alias")
            {
                problems.Add(new ModelsFileProblem(entry.Line, entry.Span, "'" + id + "' has kind '" + kind + "' (expected snapshot or alias)"));
                return null;
            }

            int? max = null;
            var maxText = entry.Get("max_output_tokens");
            if (maxText != null)
            {
                if (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                {
                    problems.Add(new ModelsFileProblem(entry.Line, entry.Span, "'" + id + "' has max_output_tokens '" + maxText + "' (expected a whole number >= 1)"));
                    return null;
                }

                max = parsed;
            }

            foreach (var key in new[] { "deprecated", "retires" })
            {
                var value = entry.Get(key);
                if (value != null && CatalogEntry.ParseDate(value) == null)
                {
                    problems.Add(new ModelsFileProblem(entry.Line, entry.Span, "'" + id + "' has " + key + " '" + value + "' (expected YYYY-MM-DD)"));
                    return null;
                }
            }

            var isAlias = kind == "alias";
            var resolvesTo = entry.Get("resolves_to");
            string? deprecated = entry.Get("deprecated"), retires = entry.Get("retires"), replacement = entry.Get("replacement");

            // An alias inherits limits and (when it states none) lifecycle from its snapshot, as in Core.
            if (isAlias && resolvesTo != null)
            {
                var target = FindRaw(all, resolvesTo);
                var builtInTarget = baseTable.Find(resolvesTo);
                max ??= ParseInt(target?.Get("max_output_tokens")) ?? builtInTarget?.MaxOutputTokens;
                if (deprecated == null && retires == null && replacement == null)
                {
                    deprecated = target != null ? target.Get("deprecated") : Format(builtInTarget?.DeprecatedOn);
                    retires = target != null ? target.Get("retires") : Format(builtInTarget?.RetiresOn);
                    replacement = target != null ? target.Get("replacement") : builtInTarget?.Replacement;
                }
            }

            return new CatalogEntry(id, entry.Get("provider") ?? "custom", isAlias, resolvesTo, ParseList(entry.Get("alternate_ids")), max, deprecated, retires, replacement);
        }

        private static RawEntry? FindRaw(List<RawEntry> all, string id)
        {
            foreach (var entry in all)
            {
                if (string.Equals(entry.Get("id"), id, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }

            return null;
        }

        private static int? ParseInt(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;

        private static string? Format(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string[]? ParseList(string? text)
        {
            if (text == null || !text.StartsWith("[", StringComparison.Ordinal) || !text.EndsWith("]", StringComparison.Ordinal))
            {
                return null;
            }

            var parts = text.Substring(1, text.Length - 2).Split(',');
            var list = new List<string>();
            foreach (var part in parts)
            {
                var item = Unquote(part.Trim());
                if (item.Length > 0)
                {
                    list.Add(item);
                }
            }

            return list.ToArray();
        }

        private static string StripComment(string line)
        {
            var hash = line.IndexOf(" #", StringComparison.Ordinal);
            if (line.TrimStart().StartsWith("#", StringComparison.Ordinal))
            {
                return string.Empty;
            }

            return hash >= 0 ? line.Substring(0, hash) : line;
        }

        private static string Unquote(string value) =>
            value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0] ? value.Substring(1, value.Length - 2) : value;

        private sealed class RawEntry
        {
            public RawEntry(int line, TextSpan span)
            {
                Line = line;
                Span = span;
            }

            public int Line { get; }
            public TextSpan Span { get; }
            public Dictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public string? Get(string key) => Values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        }
    }

    /// <summary>An entry of llmops.models.yaml the analyzer could not use.</summary>
    internal readonly struct ModelsFileProblem
    {
        public ModelsFileProblem(int line, TextSpan span, string message)
        {
            Line = line;
            Span = span;
            Message = message;
        }

        public int Line { get; }
        public TextSpan Span { get; }
        public string Message { get; }
    }
}
