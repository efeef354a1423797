namespace LlmOps.Guardrails.Eval;

/// <summary>Process exit codes; CI gates read these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int QualityGate = 1;
    public const int CostOrLatencyGate = 2;
    /// <summary>
    /// <c>import</c>: the files were written, but some assertions were kept disabled or some parts were not imported
    /// (the report names each). Shares 2 with the cost gate: both mean "done, with something to look at".
    /// </summary>
    public const int ImportedWithGaps = 2;

    /// <summary>Nothing could be judged: bad input, a missing key or recording, or a usage error on the command line.</summary>
    public const int CouldNotRun = 3;

    /// <summary>
    /// What an exit code tells CI, in the words every report uses (one wording, so the PR comment, the HTML report, the
    /// JUnit file and results.json cannot disagree with each other or with docs/eval-gate.md).
    /// </summary>
    public static string Describe(int exitCode) => exitCode switch
    {
        Success => "0: the gate passed (warnings never change the exit code)",
        QualityGate => "1: a fail-level quality rule broke (pass rate, regression or quality drop)",
        CostOrLatencyGate => "2: a fail-level cost or latency rule broke (and no quality rule)",
        CouldNotRun => "3: the comparison could not run or cannot be trusted (errored cases, missing recordings or run errors)",
        _ => exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": unknown exit code",
    };
}
