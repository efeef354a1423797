using System;
using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>
    /// LLM006: a string literal that is, in its entirety, a provider API key. Keys leak whatever client
    /// uses them (raw HttpClient too), so this rule does not need an SDK to be referenced.
    /// </summary>
    public sealed class HardCodedApiKeyAnalyzer : GuardrailsRule
    {
        // Most specific first: "sk-ant-" must win over "sk-".
        private static readonly KeyShape[] Shapes =
        {
            new KeyShape("sk-ant-", 20, "Anthropic", "ANTHROPIC_API_KEY"),
            new KeyShape("sk-", 20, "OpenAI", "OPENAI_API_KEY"),
            new KeyShape("AIza", 35, "Google", "GEMINI_API_KEY"),
            new KeyShape("xai-", 20, "xAI", "XAI_API_KEY"),
            new KeyShape("gsk_", 20, "Groq", "GROQ_API_KEY"),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.HardCodedApiKey);

        internal override RuleInputs Inputs => RuleInputs.Literals;

        internal static bool TryMatch(string text, out string provider, out string variable)
        {
            foreach (var shape in Shapes)
            {
                if (shape.Matches(text))
                {
                    provider = shape.Provider;
                    variable = shape.Variable;
                    return true;
                }
            }

            provider = variable = string.Empty;
            return false;
        }

        internal override void AnalyzeLiteral(OperationAnalysisContext context)
        {
            if (LiteralText(context.Operation) is { } text && TryMatch(text, out var provider, out var variable))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.EnvironmentVariable, variable);
                context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.HardCodedApiKey, context.Operation.Syntax.GetLocation(), properties, provider));
            }
        }

        /// <summary>
        /// The literal's string value. A plain string literal is read from its token: asking the operation for its
        /// constant value boxes it, and literals are the most numerous operation in any project.
        /// </summary>
        private static string? LiteralText(IOperation literal) =>
            literal.Syntax is LiteralExpressionSyntax literalSyntax
                ? IsString(literalSyntax.Token) ? literalSyntax.Token.ValueText : null
                : literal.ConstantValue.Value as string;

        private static bool IsString(SyntaxToken token) =>
            token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);

        private readonly struct KeyShape
        {
            public KeyShape(string prefix, int minimumBody, string provider, string variable)
            {
                Prefix = prefix;
                MinimumBody = minimumBody;
                Provider = provider;
                Variable = variable;
            }

            public string Prefix { get; }
            public int MinimumBody { get; }
            public string Provider { get; }
            public string Variable { get; }

            /// <summary>The prefix, then only key characters, long enough to be a key (placeholders like "sk-..." are not).</summary>
            public bool Matches(string text)
            {
                if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length - Prefix.Length < MinimumBody)
                {
                    return false;
                }

                var hasDigit = false;
                for (var i = Prefix.Length; i < text.Length; i++)
                {
                    var c = text[i];
                    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' && c != '_')
                    {
                        return false;
                    }

                    hasDigit |= c >= '0' && c <= '9';
                }

                // Real keys are random; a run of letters only ("sk-your-openai-key-goes-here") is a placeholder.
                return hasDigit;
            }
        }
    }
}
