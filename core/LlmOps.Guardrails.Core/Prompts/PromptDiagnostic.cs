namespace LlmOps.Guardrails.Core.Prompts;

public enum PromptSeverity
{
    Warning,
    Error,

    /// <summary>Something worth knowing that needs no change (a prompt priced without a model, a function call counted as empty).</summary>
    Info,
}

/// <summary>
/// A problem in a prompt file or in the prompt build, in the compiler's shape:
/// <c>file(line,col): error LLMP001: message</c>. The message says what to do about it.
/// </summary>
public sealed record PromptDiagnostic(string Code, PromptSeverity Severity, string Message, string File, int Line, int Column)
{
    public bool IsError => Severity == PromptSeverity.Error;

    public bool IsInfo => Severity == PromptSeverity.Info;

    /// <summary>The MSBuild/compiler canonical form, which IDEs and CI logs turn into links.</summary>
    public override string ToString() =>
        $"{File}({Line},{Column}): {(IsError ? "error" : IsInfo ? "info" : "warning")} {Code}: {Message}";
}

/// <summary>The LLMP codes. docs/build.md lists each with its cause and fix.</summary>
public static class PromptDiagnosticCodes
{
    /// <summary>The file is not valid YAML (or not valid front matter for .prompty).</summary>
    public const string InvalidYaml = "LLMP001";

    /// <summary>A required field (id, model, messages, a message's role or content) is missing.</summary>
    public const string MissingField = "LLMP002";

    /// <summary>A field has the wrong type or a value out of range (temperature 7, max_output_tokens -1, role "robot").</summary>
    public const string InvalidValue = "LLMP003";

    /// <summary>A key the format does not define (likely a typo). Warning.</summary>
    public const string UnknownKey = "LLMP004";

    /// <summary>A {{placeholder}} in a message with no declared variable.</summary>
    public const string UndeclaredVariable = "LLMP005";

    /// <summary>A declared variable no message uses. Warning.</summary>
    public const string UnusedVariable = "LLMP006";

    /// <summary>The model is an alias that can change under you; pin the snapshot. Warning.</summary>
    public const string UnpinnedModel = "LLMP007";

    /// <summary>The model is not in the catalog (with "did you mean"). Warning.</summary>
    public const string UnknownModel = "LLMP008";

    /// <summary>The model is deprecated (warning) or retired (error).</summary>
    public const string RetiredModel = "LLMP009";

    /// <summary>No max output tokens: every call's cost is unbounded. Warning.</summary>
    public const string MissingMaxOutputTokens = "LLMP010";

    /// <summary>Max output tokens above the model's maximum. Warning.</summary>
    public const string MaxOutputTokensAboveModelMaximum = "LLMP011";

    /// <summary>Two prompt files declare the same id.</summary>
    public const string DuplicateId = "LLMP012";

    /// <summary>The file cannot be read as a prompt at all: too large, binary, unreadable.</summary>
    public const string UnreadableFile = "LLMP013";

    /// <summary>prompts.lock.json does not match the prompts and the build is locked (CI).</summary>
    public const string StaleLock = "LLMP014";

    /// <summary>prompts.lock.json (or a baseline lock) is not valid.</summary>
    public const string InvalidLock = "LLMP015";

    /// <summary>The baseline could not be read (git missing, unknown ref, no lock file at that ref). Warning.</summary>
    public const string BaselineUnavailable = "LLMP016";

    /// <summary>Cost per call rose by more than LlmOpsCostIncreaseWarnPercent. Warning.</summary>
    public const string CostIncreaseWarning = "LLMP017";

    /// <summary>Cost per call rose by more than LlmOpsCostIncreaseErrorPercent.</summary>
    public const string CostIncreaseError = "LLMP018";

    /// <summary>The file names no model and the project sets no default: counted and versioned, not priced. Info.</summary>
    public const string UnpricedPrompt = "LLMP019";

    /// <summary>A template construct its engine cannot parse or render (a Jinja2-only tag, an unknown filter or helper).</summary>
    public const string TemplateNotRenderable = "LLMP020";

    /// <summary>A Semantic Kernel function call in a template: its output is not known before run time and counts as empty. Info.</summary>
    public const string FunctionCallNotCounted = "LLMP021";
}
