using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// What the rules learn about an operation, resolved once per compilation and shared by every rule: whether an
    /// invocation is an <see cref="LlmCall"/>, and whether an invocation, object creation or assignment is a
    /// <see cref="ModelSite"/>. Each rule is its own analyzer, so without this every rule would resolve the same
    /// call site again. Held by the compilation's one <see cref="KnownSymbols"/>; keyed by the operation's syntax,
    /// so operation trees built separately for the same code share one answer. Operations a name test already rejects
    /// (nearly all of them: LINQ, strings, collections) are not stored: the test costs less than the lookup.
    /// </summary>
    internal sealed class CallSiteCache
    {
        private readonly ConcurrentDictionary<SyntaxNode, LlmCall?> calls = new ConcurrentDictionary<SyntaxNode, LlmCall?>();
        private readonly ConcurrentDictionary<SyntaxNode, ModelSite?> sites = new ConcurrentDictionary<SyntaxNode, ModelSite?>();
        private int callResolutions;
        private int siteResolutions;

        /// <summary>How many invocations past the name test were resolved as LLM calls (for tests: once per operation, not per rule).</summary>
        internal int CallResolutions => Volatile.Read(ref callResolutions);

        /// <summary>How many operations past the name and type tests were resolved as model sites (for tests: once per operation, not per rule).</summary>
        internal int SiteResolutions => Volatile.Read(ref siteResolutions);

        public LlmCall? Call(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (!LlmCall.MayBeCall(invocation.TargetMethod.Name))
            {
                return null;
            }

            if (calls.TryGetValue(invocation.Syntax, out var known))
            {
                return known;
            }

            Interlocked.Increment(ref callResolutions);
            return calls.GetOrAdd(invocation.Syntax, LlmCall.Resolve(invocation, symbols));
        }

        public ModelSite? Site(IOperation operation, KnownSymbols symbols)
        {
            if (!ModelSite.MayBeSite(operation, symbols))
            {
                return null;
            }

            // An invocation, creation or assignment never shares its syntax with another of these kinds.
            if (sites.TryGetValue(operation.Syntax, out var known))
            {
                return known;
            }

            Interlocked.Increment(ref siteResolutions);
            return sites.GetOrAdd(operation.Syntax, ModelSite.Resolve(operation, symbols, out var site) ? site : (ModelSite?)null);
        }
    }
}
