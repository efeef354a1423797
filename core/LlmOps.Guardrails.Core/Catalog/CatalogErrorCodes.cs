namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// The codes a <see cref="CatalogException"/> carries. Each one names one kind of mistake in a catalog or
/// override file, so tools can link to its explanation in docs/catalog.md.
/// </summary>
public static class CatalogErrorCodes
{
    /// <summary>The file is not valid YAML (syntax, duplicate key, anchors, several documents) or cannot be read.</summary>
    public const string MalformedYaml = "LLMC001";

    /// <summary>A value has the wrong type: a list where a mapping belongs, text where a number belongs.</summary>
    public const string WrongType = "LLMC002";

    /// <summary>A key the schema does not define (usually a typo).</summary>
    public const string UnknownKey = "LLMC003";

    /// <summary>A required key is missing.</summary>
    public const string MissingField = "LLMC004";

    /// <summary>A value of the right type that is not allowed: an unknown kind or tokenizer, tiers out of order.</summary>
    public const string InvalidValue = "LLMC005";

    /// <summary>A price below zero.</summary>
    public const string NegativePrice = "LLMC006";

    /// <summary>A date that is not a real calendar date in YYYY-MM-DD form.</summary>
    public const string InvalidDate = "LLMC007";

    /// <summary>The same model id, alternate id or deployment name defined twice.</summary>
    public const string DuplicateId = "LLMC008";

    /// <summary>An alias without a snapshot, or whose snapshot is missing or is itself an alias.</summary>
    public const string BrokenAlias = "LLMC009";

    /// <summary>A replacement, base model or deployment that names a model the catalog does not have.</summary>
    public const string UnknownReference = "LLMC010";

    /// <summary>A schema_version this release does not understand.</summary>
    public const string UnsupportedVersion = "LLMC011";

    /// <summary>An imported price file (genai-prices or LiteLLM JSON) that is malformed.</summary>
    public const string MalformedImport = "LLMC012";

    /// <summary>A model's <c>tokenizer_file</c> names a file that does not exist.</summary>
    public const string MissingTokenizerFile = "LLMC013";

    /// <summary>A model's <c>tokenizer_file</c> exists but cannot be loaded as a tokenizer (unknown format, corrupt, unreadable).</summary>
    public const string UnreadableTokenizerFile = "LLMC014";
}
