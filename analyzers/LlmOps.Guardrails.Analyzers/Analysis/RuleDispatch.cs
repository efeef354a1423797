using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Registers a set of rules with one callback per operation kind, and hands each operation's model site and LLM call,
    /// resolved once, to the rules that judge them. Nothing but the literal check is registered for a compilation that
    /// references none of the SDKs. (Measured in a 1,000-file build with 20 call sites: the compiler's own per-callback
    /// cost, paid once per rule when each rule registered itself, was most of the analyzers' time.)
    /// </summary>
    internal static class RuleDispatch
    {
        public static void Register(AnalysisContext context, ImmutableArray<GuardrailsRule> rules)
        {
            var siteRules = Having(rules, RuleInputs.ModelSites);
            var callRules = Having(rules, RuleInputs.Calls);
            var operationRules = Having(rules, RuleInputs.SdkOperations);
            var literalRules = Having(rules, RuleInputs.Literals);

            if (literalRules.Length > 0)
            {
                context.RegisterOperationAction(
                    operation =>
                    {
                        if (!operation.IsGeneratedCode)
                        {
                            foreach (var rule in literalRules)
                            {
                                rule.AnalyzeLiteral(operation);
                            }
                        }
                    },
                    OperationKind.Literal);
            }

            if (siteRules.Length + callRules.Length + operationRules.Length == 0)
            {
                return;
            }

            var kinds = siteRules.Length > 0
                ? new[] { OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment }
                : operationRules.Length > 0 ? new[] { OperationKind.Invocation, OperationKind.ObjectCreation } : new[] { OperationKind.Invocation };
            context.RegisterCompilationStartAction(start =>
            {
                if (!KnownSymbols.MayReferenceSdk(start.Compilation))
                {
                    return;
                }

                var sdk = new SdkContext(start.Compilation, start.Options);
                start.RegisterOperationAction(operation => Dispatch(operation, sdk, siteRules, callRules, operationRules), kinds);
            });
        }

        private static void Dispatch(
            OperationAnalysisContext context, SdkContext sdk, GuardrailsRule[] siteRules, GuardrailsRule[] callRules, GuardrailsRule[] operationRules)
        {
            if (context.IsGeneratedCode || sdk.Symbols is not { } symbols)
            {
                return;
            }

            var operation = context.Operation;
            // Each is resolved once here, for every rule; the name tests inside reject nearly every operation at once.
            var call = operation.Kind == OperationKind.Invocation ? LlmCall.TryCreate((IInvocationOperation)operation, symbols) : null;
            ModelSite? site = ModelSite.TryGet(operation, symbols, out var found) ? found : null;
            if (call != null)
            {
                var options = sdk.Options(context.CancellationToken);
                foreach (var rule in callRules)
                {
                    rule.Analyze(context, call, symbols, options);
                }
            }

            if (site is { } named)
            {
                var options = sdk.Options(context.CancellationToken);
                // Azure OpenAI takes deployment names the team chooses: judged only when the team asks.
                if (!named.IsAzure || options.CheckAzureDeployments(operation.Syntax.SyntaxTree))
                {
                    foreach (var rule in siteRules)
                    {
                        rule.Analyze(context, named, symbols, options);
                    }
                }
            }

            if (operation.Kind != OperationKind.SimpleAssignment)
            {
                foreach (var rule in operationRules)
                {
                    rule.AnalyzeSdkOperation(context, symbols, sdk, call, site);
                }
            }
        }

        private static GuardrailsRule[] Having(ImmutableArray<GuardrailsRule> rules, RuleInputs input)
        {
            var having = new List<GuardrailsRule>();
            foreach (var rule in rules)
            {
                if ((rule.Inputs & input) != 0)
                {
                    having.Add(rule);
                }
            }

            return having.ToArray();
        }
    }
}
