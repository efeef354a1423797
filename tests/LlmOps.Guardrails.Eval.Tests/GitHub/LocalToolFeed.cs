using System.IO.Compression;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// A NuGet folder feed holding LlmOps.Guardrails.Eval as a .NET tool package, zipped from the tool built next to the
/// tests (its entry point, deps.json, runtimeconfig and every runtime file deps.json names) under a version no other
/// feed has, so `dotnet tool install` can only have found it here.
/// </summary>
internal sealed class LocalToolFeed
{
    public const string PackageId = "LlmOps.Guardrails.Eval";

    private LocalToolFeed(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    public string Folder { get; }

    public string Version { get; }

    public static LocalToolFeed Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var version = "0.0.1-feed." + Guid.NewGuid().ToString("N")[..10];
        var bin = AppContext.BaseDirectory;
        using (var zip = ZipFile.Open(Path.Combine(folder, $"{PackageId}.{version}.nupkg"), ZipArchiveMode.Create))
        {
            Add(zip, PackageId + ".nuspec", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{PackageId}</id>
                    <version>{version}</version>
                    <authors>LlmOps.Guardrails</authors>
                    <description>dotnet-eval, packed for the action's install tests.</description>
                    <packageTypes><packageType name="DotnetTool" /></packageTypes>
                  </metadata>
                </package>
                """);
            Add(zip, "tools/net10.0/any/DotnetToolSettings.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <DotNetCliTool Version="1">
                  <Commands><Command Name="dotnet-eval" EntryPoint="dotnet-eval.dll" Runner="dotnet" /></Commands>
                </DotNetCliTool>
                """);
            foreach (var file in ToolFiles(bin))
            {
                zip.CreateEntryFromFile(Path.Combine(bin, file), "tools/net10.0/any/" + file.Replace('\\', '/'), CompressionLevel.Fastest);
            }
        }

        return new LocalToolFeed(folder, version);
    }

    private static IEnumerable<string> ToolFiles(string bin)
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { "dotnet-eval.dll", "dotnet-eval.deps.json", "dotnet-eval.runtimeconfig.json" };
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(bin, "dotnet-eval.deps.json")));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    // Build output is flat: a package's lib/<tfm>/X.dll sits next to the entry point as X.dll.
                    foreach (var asset in runtime.EnumerateObject()) files.Add(Path.GetFileName(asset.Name));
                }

                if (library.Value.TryGetProperty("runtimeTargets", out var native))
                {
                    foreach (var asset in native.EnumerateObject()) files.Add(asset.Name);
                }
            }
        }

        return files.Where(f => File.Exists(Path.Combine(bin, f)));
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
