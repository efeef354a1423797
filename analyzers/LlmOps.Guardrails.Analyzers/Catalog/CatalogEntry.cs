using System;
using System.Collections.Generic;
using System.Globalization;

namespace LlmOps.Guardrails.Analyzers.Catalog
{
    /// <summary>One model of the analyzer's catalog: the subset of Core's ModelInfo the rules need.</summary>
    internal sealed class CatalogEntry
    {
        public CatalogEntry(string id, string provider, bool isAlias, string? resolvesTo, string[]? alternateIds, int? maxOutputTokens, string? deprecated, string? retires, string? replacement)
        {
            Id = id;
            Provider = provider;
            IsAlias = isAlias;
            ResolvesTo = resolvesTo;
            AlternateIds = alternateIds ?? Array.Empty<string>();
            MaxOutputTokens = maxOutputTokens;
            DeprecatedOn = ParseDate(deprecated);
            RetiresOn = ParseDate(retires);
            Replacement = replacement;
        }

        public string Id { get; }
        public string Provider { get; }
        public bool IsAlias { get; }
        public string? ResolvesTo { get; }
        public IReadOnlyList<string> AlternateIds { get; }
        public int? MaxOutputTokens { get; }
        public DateTime? DeprecatedOn { get; }
        public DateTime? RetiresOn { get; }
        public string? Replacement { get; }

        public bool IsRetiredAt(DateTime utcNow) => RetiresOn is DateTime r && utcNow >= r;

        public bool IsDeprecatedAt(DateTime utcNow) => (DeprecatedOn is DateTime d && utcNow >= d) || IsRetiredAt(utcNow);

        internal static DateTime? ParseDate(string? text) =>
            text != null && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTime?)null;
    }
}
