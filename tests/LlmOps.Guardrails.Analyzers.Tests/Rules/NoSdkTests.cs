using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>Without any recognised SDK the model and call rules register nothing; LLM006 still runs.</summary>
public class NoSdkTests
{
    [Fact]
    public async Task Only_the_key_rule_runs_without_an_sdk()
    {
        var source = """
            public class C
            {
                public string Model = "gpt-4o";
                public string Unknown = "gtp-4o";
                public string Key = "sk-1234567890abcdefghijklmnop";
            }
            """;
        var compilation = CSharpCompilation.Create(
            "NoSdk",
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new ModelAliasAnalyzer(), new UnknownModelAnalyzer(), new DeprecatedModelAnalyzer(), new MissingOutputCapAnalyzer(),
            new MissingAttributionAnalyzer(), new OutputCapAboveMaximumAnalyzer(), new HardCodedApiKeyAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(["LLM006"], diagnostics.Select(d => d.Id));
    }
}
