namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>Knobs of the verdict rule (see docs/eval-gate.md). The defaults are what `dotnet eval compare` uses.</summary>
public sealed class ComparisonOptions
{
    public static ComparisonOptions Default { get; } = new();

    /// <summary>Significance level of McNemar's exact test. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Paired cases needed before a non-significant result may be called Unchanged. Default 20.</summary>
    public int MinPairsForUnchanged { get; init; } = 20;

    /// <summary>Largest |paired pass-rate delta| (fraction) a non-significant result may have to be called Unchanged. Default 0.05 (5 points).</summary>
    public double UnchangedMaxDelta { get; init; } = 0.05;

    /// <summary>Paired-bootstrap resamples for the delta's interval; 0 disables it. Default 2000.</summary>
    public int BootstrapResamples { get; init; } = 2000;

    /// <summary>Seed of the bootstrap's generator: same inputs and seed, same interval. Default 20240601.</summary>
    public ulong BootstrapSeed { get; init; } = 20240601;

    /// <summary>Confidence level of the bootstrap interval. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}
