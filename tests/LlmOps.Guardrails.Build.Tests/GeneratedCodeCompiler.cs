using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>Compiles generated source in memory against the real framework and Microsoft.Extensions.AI.Abstractions.</summary>
internal static class GeneratedCodeCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Microsoft.Extensions.AI.ChatOptions).Assembly.Location)
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    public static (IReadOnlyList<Diagnostic> Diagnostics, Assembly? Assembly) Compile(string source, bool withExtensionsAI = true)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose));
        var references = withExtensionsAI
            ? References.Value
            : References.Value.Where(r => !r.Display!.EndsWith("Microsoft.Extensions.AI.Abstractions.dll", StringComparison.Ordinal)).ToList();
        // Documentation comments are checked (DocumentationMode.Diagnose), as in a project with GenerateDocumentationFile.
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            new[] { tree },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var diagnostics = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success)
        {
            return (diagnostics, null);
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext(null, isCollectible: true);
        return (diagnostics, context.LoadFromStream(stream));
    }
}
