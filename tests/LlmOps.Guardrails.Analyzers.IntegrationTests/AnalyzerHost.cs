using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>Finds every analyzer in the shipped assemblies and the references a consumer compiles against.</summary>
internal static class AnalyzerHost
{
    public static readonly string[] ShippedAssemblies = ["LlmOps.Guardrails.Analyzers", "LlmOps.Guardrails.Analyzers.CodeFixes"];

    public static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers() =>
        ShippedAssemblies
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The running framework's assemblies plus the real provider SDKs this test project restores.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = BuildReferences();

    public static CSharpCompilation Compilation(params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            "Consumer",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var framework = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll").Where(IsManaged);
        var sdks = new[]
        {
            typeof(OpenAI.Chat.ChatClient).Assembly.Location,
            typeof(Anthropic.AnthropicClient).Assembly.Location,
            typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location,
            typeof(System.ClientModel.ApiKeyCredential).Assembly.Location,
        };
        return framework.Concat(sdks).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private static bool IsManaged(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return reader.HasMetadata;
    }
}
