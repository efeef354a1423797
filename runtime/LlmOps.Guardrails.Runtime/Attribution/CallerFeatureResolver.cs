using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// Finds <see cref="LlmFeatureAttribute"/> for the code that made a call: walks the stack past this library,
    /// Microsoft.Extensions.AI and System.* frames and, from the nearest frame outwards, takes the first attribute on the
    /// method (an async or iterator state machine counts as the method that declared it), its declaring type and the
    /// types that enclose it, or its assembly.
    /// </summary>
    /// <remarks>
    /// The answer for each method is cached (a <see cref="ConcurrentDictionary{TKey, TValue}"/> keyed by
    /// <see cref="MethodBase"/>), but capturing the stack itself cannot be cached: it costs a few microseconds and a few
    /// hundred bytes per call, which is why it only runs when neither the options nor a scope gave a feature. After an
    /// await, the frames of the caller's callers are no longer on the stack: the nearest user method (and its types and
    /// assembly) still is.
    /// </remarks>
    internal static class CallerFeatureResolver
    {
        private const int MaxFrames = 64;

        private static readonly Assembly ThisAssembly = typeof(CallerFeatureResolver).Assembly;

        private static readonly ConcurrentDictionary<MethodBase, AttributionTags?> ByMethod =
            new ConcurrentDictionary<MethodBase, AttributionTags?>();

        private static readonly ConcurrentDictionary<Assembly, bool> SkippedAssemblies = new ConcurrentDictionary<Assembly, bool>();

        internal static int CachedMethodCount => ByMethod.Count;

        /// <summary>The feature (and team) of the nearest attributed caller; null when none is marked.</summary>
        public static AttributionTags? Resolve()
        {
            var trace = new StackTrace(1, false);
            var frames = trace.FrameCount;
            var seen = 0;
            for (var i = 0; i < frames && seen < MaxFrames; i++)
            {
                var method = trace.GetFrame(i)?.GetMethod();
                if (method is null || IsSkipped(method))
                {
                    continue;
                }

                seen++;
                var tags = ByMethod.GetOrAdd(method, m => Lookup(m));
                if (tags is not null)
                {
                    return tags;
                }
            }

            return null;
        }

        private static bool IsSkipped(MethodBase method)
        {
            var assembly = method.DeclaringType?.Assembly ?? method.Module.Assembly;
            return SkippedAssemblies.GetOrAdd(assembly, a => IsFrameworkOrOurs(a));
        }

        private static bool IsFrameworkOrOurs(Assembly assembly)
        {
            if (assembly == ThisAssembly)
            {
                return true;
            }

            var name = assembly.GetName().Name ?? string.Empty;
            return name == "System"
                || name == "mscorlib"
                || name == "netstandard"
                || name.StartsWith("System.", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal);
        }

        internal static AttributionTags? Lookup(MethodBase method)
        {
            var declared = UserMethod(method);
            var attribute = declared.GetCustomAttribute<LlmFeatureAttribute>(inherit: true);
            for (var type = declared.DeclaringType; attribute is null && type is not null; type = type.DeclaringType)
            {
                attribute = type.GetCustomAttribute<LlmFeatureAttribute>(inherit: true);
            }

            if (attribute is null)
            {
                var assembly = declared.DeclaringType?.Assembly ?? declared.Module.Assembly;
                attribute = assembly.GetCustomAttribute<LlmFeatureAttribute>();
            }

            if (attribute is null || AttributionTags.Clean(attribute.Feature) is not { } feature)
            {
                return null;
            }

            return new AttributionTags { Feature = feature, Team = AttributionTags.Clean(attribute.Team) };
        }

        /// <summary>The method the user wrote: for an async/iterator state machine's MoveNext, the method that declares it.</summary>
        private static MethodBase UserMethod(MethodBase method)
        {
            var stateMachine = method.DeclaringType;
            if (stateMachine?.DeclaringType is not { } owner || (!typeof(IAsyncStateMachine).IsAssignableFrom(stateMachine) && !IsIteratorType(stateMachine)))
            {
                return method;
            }

            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var candidate in owner.GetMethods(All))
            {
                foreach (var marker in candidate.GetCustomAttributes<StateMachineAttribute>(false))
                {
                    if (marker.StateMachineType == stateMachine)
                    {
                        return candidate;
                    }
                }
            }

            return method;
        }

        private static bool IsIteratorType(Type type) =>
            type.Name.StartsWith("<", StringComparison.Ordinal) && type.IsDefined(typeof(CompilerGeneratedAttribute), false);
    }
}
