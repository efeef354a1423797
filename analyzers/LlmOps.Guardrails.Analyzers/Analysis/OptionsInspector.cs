using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    internal enum OptionsKind
    {
        /// <summary>No options passed (or null/default).</summary>
        None,

        /// <summary>Options created in this method: everything set on them is visible.</summary>
        Visible,

        /// <summary>Options from a parameter, field, configuration or a call: not judged.</summary>
        Unknown,
    }

    /// <summary>Looks at the options object a call receives: created inline, or a local created in the same method.</summary>
    internal static class OptionsInspector
    {
        public static OptionsKind Classify(IOperation? argument, out IObjectCreationOperation? creation)
        {
            creation = null;
            var value = ConstantValues.Unwrap(argument);
            if (value == null || (value.ConstantValue.HasValue && value.ConstantValue.Value == null) || value is IDefaultValueOperation)
            {
                return OptionsKind.None;
            }

            var source = ConstantValues.Source(value);
            if (source is IInvocationOperation { TargetMethod.Name: "WithAttribution" } attribution && attribution.Arguments.Length > 0)
            {
                return Classify(attribution.Arguments[0].Value, out creation);
            }

            creation = source as IObjectCreationOperation;
            return creation != null ? OptionsKind.Visible : OptionsKind.Unknown;
        }

        /// <summary>The value assigned to <paramref name="property"/>: in the initializer, or as local.Property = value before the call.</summary>
        public static IOperation? FindProperty(IOperation? argument, IObjectCreationOperation creation, string property)
        {
            if (creation.Initializer != null)
            {
                foreach (var initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && target.Property.Name == property)
                    {
                        return assignment.Value;
                    }
                }
            }

            if (ConstantValues.Unwrap(argument) is ILocalReferenceOperation local && creation.SemanticModel is { } model)
            {
                foreach (var assignment in LocalScope(local).DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) &&
                        assignment.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } access &&
                        owner.Identifier.ValueText == local.Local.Name && access.Name.Identifier.ValueText == property &&
                        assignment.SyntaxTree == model.SyntaxTree && assignment.Span.End <= argument!.Syntax.SpanStart)
                    {
                        return model.GetOperation(assignment.Right);
                    }
                }
            }

            return null;
        }

        /// <summary>The block that declares the local (where its options can be set).</summary>
        public static SyntaxNode LocalScope(ILocalReferenceOperation local)
        {
            var declaration = local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            return declaration?.Ancestors().FirstOrDefault(a => a is BlockSyntax || a is CompilationUnitSyntax) ?? local.Syntax;
        }
    }
}
