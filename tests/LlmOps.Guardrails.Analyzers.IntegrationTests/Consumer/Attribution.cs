// Stand-ins for the LlmOps.Guardrails.Runtime attribution API. The analyzers recognise these types by
// their full names, so a consumer that declares them (or references the runtime package) gets the same result.
using System;

namespace LlmOps.Guardrails.Runtime
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
    public sealed class LlmFeatureAttribute : Attribute
    {
        public LlmFeatureAttribute(string feature) => Feature = feature;

        public string Feature { get; }
    }

    public static class LlmAttribution
    {
        public static IDisposable Begin(string feature, string? team = null) => new Scope();

        private sealed class Scope : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
