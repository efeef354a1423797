using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>The one place the reports get their headline from: the shared <see cref="Headline"/> wording.</summary>
internal static class ReportHeadline
{
    public static string For(EvalRun run) => Headline.For(run);
}
