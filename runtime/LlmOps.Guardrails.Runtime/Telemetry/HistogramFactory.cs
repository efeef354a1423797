using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Reflection;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// Creates histograms with the bucket boundaries the GenAI conventions advise, with whichever
    /// System.Diagnostics.DiagnosticSource the application runs on.
    /// </summary>
    /// <remarks>
    /// Why reflection rather than <c>new InstrumentAdvice&lt;T&gt; { HistogramBucketBoundaries = ... }</c>: that setter is
    /// <c>init</c>, and its signature names the <c>IsExternalInit</c> type the compiler saw. DiagnosticSource 11 ships no
    /// net8.0 build, and its netstandard2.0 build declares an <c>IsExternalInit</c> of its own, so on net8.0 a call compiled
    /// against DiagnosticSource 10 finds no such setter (MissingMethodException in the type initializer, first call
    /// fails). <see cref="PropertyInfo.SetValue(object, object)"/> binds by name whatever the modifier says. Before
    /// DiagnosticSource 9 there is no advice at all; the histogram is then created without it (an exporter's view can
    /// still set the buckets).
    /// </remarks>
    internal static class HistogramFactory
    {
        private static readonly MethodInfo? CreateWithAdvice = FindCreateWithAdvice();

        /// <summary>True when the DiagnosticSource loaded takes instrument advice (9.0 and later).</summary>
        public static bool SupportsAdvice => CreateWithAdvice is not null;

        public static Histogram<T> Create<T>(Meter meter, string name, string unit, string description, IReadOnlyList<T> bucketBoundaries)
            where T : struct
        {
            if (CreateWithAdvice is { } create)
            {
                var adviceType = create.GetParameters()[4].ParameterType.GetGenericTypeDefinition().MakeGenericType(typeof(T));
                var advice = Activator.CreateInstance(adviceType);
                adviceType.GetProperty("HistogramBucketBoundaries")!.SetValue(advice, bucketBoundaries);
                return (Histogram<T>)create.MakeGenericMethod(typeof(T)).Invoke(meter, new[] { name, unit, description, null, advice })!;
            }

            return meter.CreateHistogram<T>(name, unit, description);
        }

        /// <summary><c>Meter.CreateHistogram&lt;T&gt;(string, string?, string?, IEnumerable&lt;KeyValuePair&lt;string, object?&gt;&gt;?, InstrumentAdvice&lt;T&gt;?)</c>, when it exists.</summary>
        private static MethodInfo? FindCreateWithAdvice() =>
            typeof(Meter).GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(method =>
            {
                if (method.Name != nameof(Meter.CreateHistogram) || !method.IsGenericMethodDefinition)
                {
                    return false;
                }

                var parameters = method.GetParameters();
                return parameters.Length == 5
                    && parameters[0].ParameterType == typeof(string)
                    && parameters[4].ParameterType is { IsGenericType: true } last
                    && last.GetGenericTypeDefinition().FullName == "System.Diagnostics.Metrics.InstrumentAdvice`1"
                    && last.GetProperty("HistogramBucketBoundaries") is { CanWrite: true };
            });
    }
}
