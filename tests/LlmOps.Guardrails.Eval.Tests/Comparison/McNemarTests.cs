using LlmOps.Guardrails.Eval.Comparison;

namespace LlmOps.Guardrails.Eval.Tests.Comparison;

public class McNemarTests
{
    [Fact]
    public void Known_value_b10_c2()
    {
        // 2 * (C(12,0)+C(12,1)+C(12,2)) / 2^12 = 2 * 79 / 4096
        Assert.Equal(158.0 / 4096.0, McNemar.ExactPValue(10, 2)!.Value, 12);
        Assert.Equal(0.0386, McNemar.ExactPValue(10, 2)!.Value, 4);
    }

    [Fact]
    public void Symmetric_in_b_and_c() => Assert.Equal(McNemar.ExactPValue(10, 2), McNemar.ExactPValue(2, 10));

    [Theory]
    [InlineData(0, 0)]
    public void No_discordant_pairs_means_no_test(int b, int c) => Assert.Null(McNemar.ExactPValue(b, c));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(5000, 5000)]
    [InlineData(3, 4)]
    public void Balanced_discordance_gives_one(int b, int c) => Assert.Equal(1.0, McNemar.ExactPValue(b, c));

    [Theory]
    [InlineData(1, 0, 1.0)] // 2 * 0.5
    [InlineData(5, 0, 0.0625)] // 2 / 32
    [InlineData(6, 0, 0.03125)]
    [InlineData(8, 2, 0.109375)] // 2 * 56 / 1024
    [InlineData(9, 1, 0.021484375)] // 2 * 11 / 1024
    public void Small_exact_values(int b, int c, double expected) => Assert.Equal(expected, McNemar.ExactPValue(b, c)!.Value, 12);

    [Fact]
    public void Large_n_does_not_overflow_or_underflow()
    {
        double? tiny = McNemar.ExactPValue(6000, 4000);
        Assert.NotNull(tiny);
        Assert.True(tiny >= 0 && tiny < 1e-50, tiny.ToString());

        double? near = McNemar.ExactPValue(5050, 4950); // z ≈ 1.0 → p ≈ 0.32
        Assert.InRange(near!.Value, 0.31, 0.33);

        double? allOneSide = McNemar.ExactPValue(10000, 0); // 2^-9999: underflows to 0, but no NaN/overflow
        Assert.False(double.IsNaN(allOneSide!.Value));
        Assert.Equal(0.0, allOneSide.Value);
    }

    [Fact]
    public void Negative_counts_are_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => McNemar.ExactPValue(-1, 2));
}

public class McNemarExactnessTests
{
    /// <summary>Compares the log-space computation with exact big-integer arithmetic.</summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 17)]
    [InlineData(40, 25)]
    [InlineData(120, 80)]
    [InlineData(700, 610)]
    [InlineData(2, 998)]
    public void Matches_big_integer_reference(int b, int c)
    {
        int n = b + c, k = Math.Min(b, c);
        var tail = System.Numerics.BigInteger.Zero;
        var coefficient = System.Numerics.BigInteger.One;
        for (int i = 0; i <= k; i++)
        {
            tail += coefficient;
            coefficient = coefficient * (n - i) / (i + 1);
        }

        // p = 2 * tail / 2^n, via logs of the big integers to stay in double range.
        double log = System.Numerics.BigInteger.Log(tail) + Math.Log(2) - n * Math.Log(2);
        double expected = Math.Min(1.0, Math.Exp(log));
        double actual = McNemar.ExactPValue(b, c)!.Value;
        if (expected == 0) Assert.Equal(0, actual);
        else Assert.InRange(actual / expected, 1 - 1e-9, 1 + 1e-9);
    }
}
