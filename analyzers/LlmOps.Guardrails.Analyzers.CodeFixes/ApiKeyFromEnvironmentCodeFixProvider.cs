using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LlmOps.Guardrails.Analyzers.CodeFixes
{
    /// <summary>LLM006: replace the key literal with Environment.GetEnvironmentVariable("…_API_KEY"), failing loudly when unset.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ApiKeyFromEnvironmentCodeFixProvider)), Shared]
    public sealed class ApiKeyFromEnvironmentCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HardCodedApiKey);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.EnvironmentVariable, out var variable) || variable == null ||
                    root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal ||
                    RequiresConstant(literal))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Read the key from " + variable,
                        c => CallEditing.FinishAsync(context.Document, root.ReplaceNode(literal, FromEnvironment(variable).WithTriviaFrom(literal)), c),
                        equivalenceKey: RuleIdentifiers.HardCodedApiKey),
                    diagnostic);
            }
        }

        private static ExpressionSyntax FromEnvironment(string variable)
        {
            var text = "global::System.Environment.GetEnvironmentVariable(\"" + variable + "\") ?? throw new global::System.InvalidOperationException(\"Set the " + variable + " environment variable.\")";
            // Parenthesised so the ?? cannot bind to an operator around the literal; the simplifier drops needless parentheses.
            return CallEditing.Simplifiable(SyntaxFactory.ParenthesizedExpression(SyntaxFactory.ParseExpression(text)))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>Where C# needs a constant (const, attribute argument, default parameter value, case label) a call cannot go.</summary>
        private static bool RequiresConstant(SyntaxNode literal) =>
            literal.Ancestors().Any(a =>
                a is AttributeArgumentSyntax || a is ParameterSyntax || a is CaseSwitchLabelSyntax || a is ConstantPatternSyntax ||
                (a is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword)) ||
                (a is LocalDeclarationStatementSyntax local && local.IsConst));
    }
}
