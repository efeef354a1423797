using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>
/// An independent reading of genai-prices' data.json: which of its models calcPrice would use for an id
/// (first model whose match rule holds; then the id with its date written YYYY-MM-DD), and its prices.
/// The parity tests compare the catalog against this, not against the sync script that wrote the catalog.
/// </summary>
internal sealed class GenAiReference
{
    private static readonly Lazy<GenAiReference> Shared = new(() => new GenAiReference(CatalogTestData.GenAiPricesJson));
    private static readonly Regex CompactDate = new(@"(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)", RegexOptions.CultureInvariant);

    private readonly JsonDocument _data;

    private GenAiReference(string path) => _data = JsonDocument.Parse(File.ReadAllText(path));

    public static GenAiReference Instance => Shared.Value;

    public static string ProviderId(string ourProvider) => ourProvider == "xai" ? "x-ai" : ourProvider;

    public JsonElement? FindModel(string ourProvider, string id)
    {
        var provider = _data.RootElement.EnumerateArray().FirstOrDefault(p => p.GetProperty("id").GetString() == ProviderId(ourProvider));
        if (provider.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var found = First(provider, id.ToLowerInvariant().Trim());
        if (found is null)
        {
            var dashed = CompactDate.Replace(id, m => $"{m.Groups[1].Value}{m.Groups[2].Value}-{m.Groups[3].Value}-{m.Groups[4].Value}");
            if (dashed != id)
            {
                found = First(provider, dashed);
            }
        }

        return found;
    }

    /// <summary>The model's price entries as (constraint, prices) pairs in file order.</summary>
    public static IReadOnlyList<(JsonElement? Constraint, JsonElement Prices)> PriceEntries(JsonElement model)
    {
        var prices = model.GetProperty("prices");
        if (prices.ValueKind == JsonValueKind.Object)
        {
            return new[] { ((JsonElement?)null, prices) };
        }

        return prices.EnumerateArray()
            .Select(e => (e.TryGetProperty("constraint", out var c) ? (JsonElement?)c : null, e.GetProperty("prices")))
            .ToArray();
    }

    public static decimal Number(JsonElement value) => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static JsonElement? First(JsonElement provider, string id)
    {
        foreach (var model in provider.GetProperty("models").EnumerateArray())
        {
            if (Matches(model.GetProperty("match"), id))
            {
                return model;
            }
        }

        return null;
    }

    private static bool Matches(JsonElement clause, string id)
    {
        var s = id.ToLowerInvariant();
        if (clause.TryGetProperty("or", out var any))
        {
            return any.EnumerateArray().Any(c => Matches(c, id));
        }

        if (clause.TryGetProperty("and", out var all))
        {
            return all.EnumerateArray().All(c => Matches(c, id));
        }

        if (clause.TryGetProperty("equals", out var equals))
        {
            return s == equals.GetString()!.ToLowerInvariant();
        }

        if (clause.TryGetProperty("starts_with", out var startsWith))
        {
            return s.StartsWith(startsWith.GetString()!.ToLowerInvariant(), StringComparison.Ordinal);
        }

        if (clause.TryGetProperty("ends_with", out var endsWith))
        {
            return s.EndsWith(endsWith.GetString()!.ToLowerInvariant(), StringComparison.Ordinal);
        }

        if (clause.TryGetProperty("contains", out var contains))
        {
            return s.Contains(contains.GetString()!.ToLowerInvariant(), StringComparison.Ordinal);
        }

        return clause.TryGetProperty("regex", out var regex) && Regex.IsMatch(id, regex.GetString()!);
    }
}
