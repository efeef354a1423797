using System.Reflection;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>A model id an SDK ships as a constant: where it is declared and the id it puts on the wire.</summary>
internal sealed record SdkModelConstant(string Declaration, string Id)
{
    public override string ToString() => $"{Declaration} = \"{Id}\"";
}

/// <summary>Reads the model constants an SDK ships and checks them against a catalog.</summary>
internal static class SdkModelConstants
{
    /// <summary>
    /// Every value of every public enum in <paramref name="assembly"/> whose wire values look like model ids
    /// (the SDK's own JSON converter decides the wire value, as it does on a request).
    /// </summary>
    public static IReadOnlyList<SdkModelConstant> ModelEnums(Assembly assembly, Func<string, bool> isModelId)
    {
        var found = new List<SdkModelConstant>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var values = Of(type);
            if (values.Count > 0 && values.All(v => isModelId(v.Id)))
            {
                found.AddRange(values);
            }
        }

        return found;
    }

    /// <summary>The values of one enum type, each with its wire value.</summary>
    public static IReadOnlyList<SdkModelConstant> Of(Type enumType)
    {
        var values = new List<SdkModelConstant>();
        foreach (var value in Enum.GetValues(enumType))
        {
            string? wire;
            try
            {
                wire = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, enumType));
            }
            catch (JsonException)
            {
                continue;
            }

            if (wire is not null)
            {
                values.Add(new SdkModelConstant($"{enumType.FullName}.{value}", wire));
            }
        }

        return values;
    }

    /// <summary>The constants whose id <paramref name="catalog"/> does not know (exact id or alternate id, any case).</summary>
    public static IReadOnlyList<SdkModelConstant> UnknownTo(ModelCatalog catalog, IEnumerable<SdkModelConstant> constants) =>
        constants.Where(c => !catalog.TryGet(c.Id, out _)).ToList();
}
