using System;

namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>
/// McNemar's exact test on paired pass/fail outcomes: under the null hypothesis the discordant pairs split
/// evenly, so min(b, c) ~ Binomial(b + c, 1/2). The two-sided p-value is min(1, 2 * P(X &lt;= min(b, c))).
/// Computed in log space with an incremental binomial coefficient, so it neither overflows nor underflows for
/// large n (tested to 10,000 and beyond).
/// </summary>
public static class McNemar
{
    /// <summary>
    /// The two-sided exact p-value, or null when there are no discordant pairs (b + c = 0: nothing to test).
    /// </summary>
    /// <param name="b">Pairs the baseline passed and the candidate failed.</param>
    /// <param name="c">Pairs the candidate passed and the baseline failed.</param>
    public static double? ExactPValue(int b, int c)
    {
        if (b < 0) throw new ArgumentOutOfRangeException(nameof(b));
        if (c < 0) throw new ArgumentOutOfRangeException(nameof(c));
        int n = b + c;
        if (n == 0) return null;
        int k = Math.Min(b, c);
        if (2 * k >= n) return 1.0;

        // log P(X = i) = log C(n, i) - n log 2; C(n, i+1) = C(n, i) * (n - i) / (i + 1).
        double logHalfPowN = -n * Math.Log(2.0);
        double logTerm = logHalfPowN; // i = 0
        double maxLog = logTerm;
        var logs = new double[k + 1];
        logs[0] = logTerm;
        for (int i = 0; i < k; i++)
        {
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
            logs[i + 1] = logTerm;
            if (logTerm > maxLog) maxLog = logTerm;
        }

        // log-sum-exp over the lower tail.
        double sum = 0;
        for (int i = 0; i <= k; i++) sum += Math.Exp(logs[i] - maxLog);
        double logTail = maxLog + Math.Log(sum);
        double p = 2.0 * Math.Exp(logTail);
        return Math.Min(1.0, p);
    }
}
