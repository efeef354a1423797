using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace LlmOps.Guardrails.Analyzers.CodeFixes
{
    /// <summary>
    /// LLM002: set the cap (llmops.default_max_output_tokens, 1024 by default) in the options the call
    /// already creates, on the options local before the call, or in new options passed by name.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddOutputCapCodeFixProvider)), Shared]
    public sealed class AddOutputCapCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.MissingOutputCap);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var props = diagnostic.Properties;
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation ||
                    !props.TryGetValue(DiagnosticProperties.CapValue, out var capText) || !int.TryParse(capText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap) ||
                    !props.TryGetValue(DiagnosticProperties.CapProperty, out var property) || property == null ||
                    !props.TryGetValue(DiagnosticProperties.OptionsType, out var optionsType) || optionsType == null ||
                    !props.TryGetValue(DiagnosticProperties.OptionsParameter, out var parameter) || parameter == null)
                {
                    continue;
                }

                var updated = props.TryGetValue(DiagnosticProperties.KernelArgumentsType, out var argumentsType) && argumentsType != null
                    ? FixKernelInvocation(root, model, invocation, cap, property, optionsType, argumentsType, parameter)
                    : Fix(root, model, invocation, cap, property, optionsType, parameter, context.CancellationToken);
                if (updated != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Set " + property + " = " + cap.ToString(CultureInfo.InvariantCulture), c => CallEditing.FinishAsync(context.Document, updated, c), equivalenceKey: RuleIdentifiers.MissingOutputCap),
                        diagnostic);
                }
            }
        }

        /// <summary>
        /// A Semantic Kernel kernel invocation: new arguments carrying capped connector settings when none are passed,
        /// the settings added to the constructor of arguments created without any, or the cap added to connector
        /// settings created inline in the arguments' constructor.
        /// </summary>
        private static SyntaxNode? FixKernelInvocation(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax invocation, int cap, string property, string settingsType, string argumentsType, string parameter)
        {
            var member = CallEditing.Assign(property, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(cap)));
            var settings = CallEditing.NewOptions(settingsType, member);
            var argument = CallEditing.OptionsArgument(invocation, model, parameter);
            if (argument == null)
            {
                return root.ReplaceNode(invocation, CallEditing.WithNamedArgument(invocation, parameter, NewArguments(argumentsType, settings)));
            }

            if (argument.Expression.IsKind(SyntaxKind.NullLiteralExpression) || argument.Expression.IsKind(SyntaxKind.DefaultLiteralExpression))
            {
                return root.ReplaceNode(argument.Expression, NewArguments(argumentsType, settings));
            }

            if (argument.Expression is not ObjectCreationExpressionSyntax arguments)
            {
                return null;
            }

            var list = arguments.ArgumentList?.Arguments ?? default;
            if (list.Count == 0)
            {
                var withSettings = arguments.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(settings))));
                return root.ReplaceNode(arguments, withSettings.WithAdditionalAnnotations(Formatter.Annotation));
            }

            if (list.Count == 1 && list[0].Expression is ObjectCreationExpressionSyntax existing && HasMember(model.GetTypeInfo(existing).Type, property))
            {
                var grown = CallEditing.WithMember(existing, member);
                return grown == null ? null : root.ReplaceNode(existing, grown);
            }

            return null;
        }

        private static ExpressionSyntax NewArguments(string argumentsType, ExpressionSyntax settings) =>
            SyntaxFactory.ObjectCreationExpression(CallEditing.Simplifiable(SyntaxFactory.ParseTypeName(argumentsType)))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(settings))))
                .WithAdditionalAnnotations(Formatter.Annotation);

        private static bool HasMember(ITypeSymbol? type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (!current.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? Fix(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax invocation, int cap, string property, string optionsType, string parameter, CancellationToken cancellationToken)
        {
            var value = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(cap));
            var argument = CallEditing.OptionsArgument(invocation, model, parameter);
            if (argument == null)
            {
                return root.ReplaceNode(invocation, CallEditing.WithNamedArgument(invocation, parameter, CallEditing.NewOptions(optionsType, CallEditing.Assign(property, value))));
            }

            if (CallEditing.IsCreation(argument.Expression))
            {
                var grown = CallEditing.WithMember(argument.Expression, CallEditing.Assign(property, value));
                return grown == null ? null : root.ReplaceNode(argument.Expression, grown);
            }

            if (argument.Expression.IsKind(SyntaxKind.NullLiteralExpression) || argument.Expression.IsKind(SyntaxKind.DefaultLiteralExpression))
            {
                return root.ReplaceNode(argument.Expression, CallEditing.NewOptions(optionsType, CallEditing.Assign(property, value)));
            }

            // options.MaxOutputTokenCount = 1024; before the statement that makes the call.
            if (argument.Expression is IdentifierNameSyntax local && CallEditing.StatementInBlock(invocation) is { } statement &&
                model.GetSymbolInfo(local, cancellationToken).Symbol is ILocalSymbol)
            {
                var assignment = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local.Identifier.ValueText), SyntaxFactory.IdentifierName(property)),
                        value))
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return root.InsertNodesBefore(statement, new[] { assignment });
            }

            return null;
        }
    }
}
