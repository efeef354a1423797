using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Collects the attribution tags that cover a call, following the contract in docs/rules/LLM003.md:
    /// "llmops.&lt;tag&gt;" keys in ChatOptions.AdditionalProperties, a using scope of LlmAttribution.Begin,
    /// [LlmFeature] on the method, type or assembly, and options.WithAttribution(...).
    /// </summary>
    internal static class AttributionFinder
    {
        public const string KeyPrefix = "llmops.";

        public static HashSet<string> TagsCovering(LlmCall call, ISymbol? containingSymbol, KnownSymbols symbols)
        {
            var tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (HasFeatureAttribute(containingSymbol, symbols))
            {
                tags.Add("feature");
            }

            AddScopeTags(call.Invocation, tags);
            // KernelArguments are the prompt's template variables: an "llmops.*" entry there is not attribution.
            if (call.Sdk != LlmSdk.SemanticKernelKernel)
            {
                AddOptionsTags(call.OptionsArgument?.Value, tags);
            }
            return tags;
        }

        private static bool HasFeatureAttribute(ISymbol? symbol, KnownSymbols symbols)
        {
            if (symbols.LlmFeatureAttribute == null)
            {
                return false;
            }

            for (var current = symbol; current != null; current = current.ContainingSymbol)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.LlmFeatureAttribute))
                    {
                        return true;
                    }
                }

                if (current is IAssemblySymbol)
                {
                    break;
                }
            }

            return false;
        }

        /// <summary>using (LlmAttribution.Begin(...)) { call } and using var x = LlmAttribution.Begin(...); ... call.</summary>
        private static void AddScopeTags(IInvocationOperation invocation, HashSet<string> tags)
        {
            var model = invocation.SemanticModel;
            if (model == null)
            {
                return;
            }

            SyntaxNode child = invocation.Syntax;
            foreach (var ancestor in invocation.Syntax.Ancestors())
            {
                if (ancestor is UsingStatementSyntax usingStatement && usingStatement.Statement == child)
                {
                    AddBeginTags((SyntaxNode?)usingStatement.Declaration ?? usingStatement.Expression, model, tags);
                }
                else if (ancestor is BlockSyntax block)
                {
                    foreach (var statement in block.Statements)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is LocalDeclarationStatementSyntax declaration && !declaration.UsingKeyword.IsKind(SyntaxKind.None))
                        {
                            AddBeginTags(declaration, model, tags);
                        }
                    }
                }
                else if (ancestor is MemberDeclarationSyntax)
                {
                    break;
                }

                child = ancestor;
            }
        }

        private static void AddBeginTags(SyntaxNode? node, SemanticModel model, HashSet<string> tags)
        {
            if (node == null)
            {
                return;
            }

            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                // Bind only what is spelled "...Begin(...)".
                if (descendant is InvocationExpressionSyntax candidate && IsNamedBegin(candidate.Expression) &&
                    model.GetSymbolInfo(candidate).Symbol is IMethodSymbol { Name: "Begin" } method && IsLlmAttribution(method.ContainingType))
                {
                    AddArgumentTags(candidate, tags);
                }
            }
        }

        private static bool IsNamedBegin(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "Begin",
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Begin",
            _ => false,
        };

        private static bool IsLlmAttribution(INamedTypeSymbol? type) =>
            type is { Name: "LlmAttribution" } &&
            type.ContainingNamespace is { Name: "Runtime", ContainingNamespace: { Name: "Guardrails", ContainingNamespace: { Name: "LlmOps", ContainingNamespace.IsGlobalNamespace: true } } };

        private static void AddOptionsTags(IOperation? argument, HashSet<string> tags)
        {
            var value = ConstantValues.Unwrap(argument);
            if (value == null)
            {
                return;
            }

            var source = ConstantValues.Source(value) ?? value;
            AddSyntaxTags(source.Syntax, tags);
            if (value is ILocalReferenceOperation local)
            {
                // Statements before the call that touch the options local: options.AdditionalProperties["llmops.feature"] = ...,
                // .Add("llmops.feature", ...), options = options.WithAttribution(...), options.WithAttribution(...).
                foreach (var statement in OptionsInspector.LocalScope(local).DescendantNodes().OfType<ExpressionStatementSyntax>())
                {
                    if (statement.Span.End <= value.Syntax.SpanStart &&
                        statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == local.Local.Name))
                    {
                        AddSyntaxTags(statement, tags);
                    }
                }
            }
        }

        /// <summary>String keys "llmops.X" and WithAttribution(...) calls in a piece of syntax.</summary>
        private static void AddSyntaxTags(SyntaxNode syntax, HashSet<string> tags)
        {
            foreach (var node in syntax.DescendantNodesAndSelf())
            {
                if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) &&
                    literal.Token.ValueText.StartsWith(KeyPrefix, StringComparison.Ordinal) && IsKey(literal))
                {
                    tags.Add(literal.Token.ValueText.Substring(KeyPrefix.Length));
                }
                else if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WithAttribution" } } invocation)
                {
                    AddArgumentTags(invocation, tags);
                }
            }
        }

        /// <summary>A key of an indexer initializer/assignment or the first argument of Add, not a value.</summary>
        private static bool IsKey(LiteralExpressionSyntax literal) =>
            literal.Parent is ArgumentSyntax { Parent: BracketedArgumentListSyntax } ||
            (literal.Parent is ArgumentSyntax { Parent: ArgumentListSyntax list } argument && list.Arguments.IndexOf(argument) == 0) ||
            (literal.Parent is InitializerExpressionSyntax initializer && initializer.Expressions.IndexOf(literal) == 0);

        /// <summary>Begin/WithAttribution: the first argument is the feature; named arguments add their tags.</summary>
        private static void AddArgumentTags(InvocationExpressionSyntax invocation, HashSet<string> tags)
        {
            var arguments = invocation.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var name = arguments[i].NameColon?.Name.Identifier.ValueText;
                tags.Add(name ?? (i == 0 ? "feature" : string.Empty));
            }
        }
    }
}
