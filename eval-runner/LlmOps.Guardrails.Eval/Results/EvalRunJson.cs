using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Results;

/// <summary>results.json could not be read: malformed, not a results file, or written by a newer tool.</summary>
public sealed class EvalRunFormatException : Exception
{
    public EvalRunFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Reads and writes results.json: System.Text.Json (source-generated), camelCase, enums as camelCase strings,
/// decimals written exactly, indented with "\n" line ends, UTF-8 without BOM, a final newline. The same
/// <see cref="EvalRun"/> always gives the same bytes (score maps are written in ordinal key order).
/// </summary>
public static class EvalRunJson
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Serialize(EvalRun run)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        string json = JsonSerializer.Serialize(run, EvalRunJsonContext.Default.EvalRun);

        // Line ends are structural whitespace only (string values escape \r and \n), so this is safe.
        return json.Replace("\r\n", "\n") + "\n";
    }

    public static void Write(EvalRun run, TextWriter writer)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        writer.Write(Serialize(run));
        writer.Flush();
    }

    public static void Write(EvalRun run, Stream stream)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        byte[] bytes = Utf8NoBom.GetBytes(Serialize(run));
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush();
    }

    /// <summary>Writes results.json atomically: a reader sees the old file or the new one, never half of one.</summary>
    public static void WriteFile(EvalRun run, string path)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        byte[] bytes = Utf8NoBom.GetBytes(Serialize(run));
        AtomicFile.Write(path, s => s.Write(bytes, 0, bytes.Length));
    }

    public static EvalRun Deserialize(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new EvalRunFormatException($"results.json is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            return FromDocument(doc);
        }
    }

    public static EvalRun Read(TextReader reader)
    {
        if (reader is null) throw new ArgumentNullException(nameof(reader));
        return Deserialize(reader.ReadToEnd());
    }

    public static EvalRun Read(Stream stream)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        using var reader = new StreamReader(stream, Utf8NoBom, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        return Read(reader);
    }

    public static EvalRun ReadFile(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (EvalRunFormatException e)
        {
            throw new EvalRunFormatException($"{path}: {e.Message}", e.InnerException);
        }
    }

    private static EvalRun FromDocument(JsonDocument doc)
    {
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new EvalRunFormatException("results.json must be a JSON object.");
        }

        if (!root.TryGetProperty("schema", out var schemaElement) || schemaElement.ValueKind != JsonValueKind.Number
            || !schemaElement.TryGetInt32(out int schema))
        {
            throw new EvalRunFormatException("results.json has no integer \"schema\" property: it is not a dotnet-eval results file.");
        }

        if (schema > EvalRun.SchemaVersion)
        {
            throw new EvalRunFormatException(
                $"results.json uses schema {schema}, but this dotnet-eval reads schema {EvalRun.SchemaVersion} and older; update the LlmOps.Guardrails.Eval tool.");
        }

        if (schema < 1)
        {
            throw new EvalRunFormatException($"results.json has an invalid schema version {schema}.");
        }

        try
        {
            return doc.Deserialize(EvalRunJsonContext.Default.EvalRun)
                ?? throw new EvalRunFormatException("results.json is null.");
        }
        catch (JsonException e)
        {
            throw new EvalRunFormatException($"results.json does not match schema {schema}: {e.Message}", e);
        }
    }
}
