namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>A rule that judges an LLM call (LLM002, LLM003): invocations that are <see cref="LlmCall"/>s, outside generated code.</summary>
    public abstract class LlmCallAnalyzer : GuardrailsRule
    {
        internal sealed override RuleInputs Inputs => RuleInputs.Calls;
    }
}
