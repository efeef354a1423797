namespace LlmOps.Guardrails.Eval;

/// <summary>Process exit codes; CI gates read these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int QualityGate = 1;
    public const int CostOrLatencyGate = 2;
    /// <summary>Nothing could be judged: bad input, a missing key or recording, or a usage error on the command line.</summary>
    public const int CouldNotRun = 3;
}
