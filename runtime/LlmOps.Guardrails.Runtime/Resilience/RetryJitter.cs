using System;

namespace LlmOps.Guardrails.Runtime.Resilience
{
    /// <summary>Thread-safe, allocation-free random numbers for backoff jitter (not for anything secret).</summary>
    internal static class RetryJitter
    {
        [ThreadStatic]
        private static Random? t_random;

        public static double NextDouble() => (t_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
    }
}
