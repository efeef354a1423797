using System;
using System.IO;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>
/// The JSON Schema of a .NET type exactly as Microsoft.Extensions.AI sends it to the provider for structured output
/// (<c>ChatResponseFormat.ForJsonSchema&lt;T&gt;()</c>, <c>GetResponseAsync&lt;T&gt;</c>): the default web serializer
/// options (camelCase, enums as strings) and the <c>$schema</c> keyword.
/// </summary>
internal static class ClrTypeSchema
{
    /// <summary>What ChatResponseFormat.ForJsonSchema and GetResponseAsync&lt;T&gt; pass to CreateJsonSchema.</summary>
    internal static readonly AIJsonSchemaCreateOptions InferenceOptions = new() { IncludeSchemaKeyword = true };

    /// <summary>The schema of <paramref name="type"/>.</summary>
    public static JsonElement For(Type type) =>
        AIJsonUtilities.CreateJsonSchema(type, serializerOptions: AIJsonUtilities.DefaultOptions, inferenceOptions: InferenceOptions);

    /// <summary>
    /// Loads <paramref name="assemblyQualifiedName"/> ("Namespace.Type, Assembly") from <paramref name="assemblyPath"/>,
    /// or from "Assembly.dll" in <paramref name="baseDirectory"/> when no path is given.
    /// </summary>
    /// <exception cref="FormatException">The name is malformed, or the assembly or the type cannot be found or loaded.</exception>
    public static JsonElement For(string assemblyQualifiedName, string? assemblyPath, string baseDirectory)
    {
        var comma = assemblyQualifiedName.IndexOf(',');
        var typeName = comma < 0 ? string.Empty : assemblyQualifiedName.Substring(0, comma).Trim();
        var assemblyName = comma < 0 ? string.Empty : assemblyQualifiedName.Substring(comma + 1).Split(',')[0].Trim();
        if (typeName.Length == 0 || assemblyName.Length == 0)
        {
            throw new FormatException($"'{assemblyQualifiedName}' is not an assembly-qualified type name; write it as \"Namespace.Type, AssemblyName\"");
        }

        var file = Path.GetFullPath(Path.Combine(baseDirectory, assemblyPath ?? assemblyName + ".dll"));
        if (!File.Exists(file))
        {
            throw new FormatException($"the assembly {file} does not exist. Check the path: build the project, or set 'assembly' to the built .dll (relative to this file)");
        }

        Type? type;
        try
        {
            // LoadFrom also resolves the assembly's own dependencies from its folder (a build output).
            type = Assembly.LoadFrom(file).GetType(typeName, throwOnError: false);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
        {
            throw new FormatException($"the assembly {file} cannot be loaded ({ex.Message}). Check that it is a .NET assembly built for .NET 8 or later", ex);
        }

        if (type is null)
        {
            throw new FormatException($"the assembly {file} has no type '{typeName}'. Use the full name with its namespace (nested types as Outer+Inner)");
        }

        try
        {
            return For(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or TypeLoadException or FileNotFoundException)
        {
            throw new FormatException($"no JSON Schema for '{typeName}' ({ex.Message}). Use a type System.Text.Json can serialize", ex);
        }
    }
}
