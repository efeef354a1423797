namespace LlmOps.Guardrails.Eval;

/// <summary>Process exit codes; CI gates read these, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int QualityGate = 1;
    public const int CostOrLatencyGate = 2;
    public const int CouldNotRun = 3;
}
