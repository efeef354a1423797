namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// The diagnostic codes one reader reports the YAML layer's problems under, so that each file format keeps its own
/// code family (LLMC for the catalog, LLMP for prompt files, LLME for eval files) over one set of checks.
/// </summary>
internal sealed class YamlCodeFamily
{
    public YamlCodeFamily(string syntax, string tooDeep, string tooLarge, string duplicateKey, string complexKey, string extraDocument)
    {
        Syntax = syntax;
        TooDeep = tooDeep;
        TooLarge = tooLarge;
        DuplicateKey = duplicateKey;
        ComplexKey = complexKey;
        ExtraDocument = extraDocument;
    }

    public string Syntax { get; }

    public string TooDeep { get; }

    public string TooLarge { get; }

    public string DuplicateKey { get; }

    public string ComplexKey { get; }

    public string ExtraDocument { get; }

    /// <summary>The code for <paramref name="kind"/>; features a reader turned off count as syntax errors.</summary>
    public string CodeFor(YamlProblemKind kind) => kind switch
    {
        YamlProblemKind.TooDeep => TooDeep,
        YamlProblemKind.TooLarge => TooLarge,
        YamlProblemKind.DuplicateKey => DuplicateKey,
        YamlProblemKind.ComplexKey => ComplexKey,
        YamlProblemKind.ExtraDocument => ExtraDocument,
        _ => Syntax,
    };
}
