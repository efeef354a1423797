using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// Counting and encoding throughput of the tiktoken-compatible tokenizer. Inputs come from this repository
/// (docs/tokenizer.md as English, the tokenizer's own sources as code), so they are the same on every machine for
/// a commit. CountTokens must report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private TiktokenEncoding _encoding = null!;
    private string _text = null!;

    [Params("o200k_base", "cl100k_base")]
    public string Encoding { get; set; } = "o200k_base";

    [Params("prompt", "english", "code")]
    public string Input { get; set; } = "english";

    [GlobalSetup]
    public void Setup()
    {
        _encoding = TiktokenEncoding.Get(Encoding);
        _text = TokenizerInputs.Get(Input);
        _encoding.CountTokens(_text); // table load outside the measurement
    }

    [Benchmark]
    public int CountTokens() => _encoding.CountTokens(_text);

    [Benchmark]
    public int Encode() => _encoding.Encode(_text).Length;
}

/// <summary>Benchmark inputs: a short chat prompt, 65,536 chars of English (Markdown) and of C#.</summary>
internal static class TokenizerInputs
{
    private const int Size = 64 * 1024;

    public static string Get(string input) => input switch
    {
        "prompt" => "You are a support assistant for Contoso. Answer in two sentences or fewer, cite the order number, " +
            "and never promise a refund.\nCustomer: my order #48213 arrived damaged, what can I do?",
        "english" => Concatenate("docs", "tokenizer.md"),
        "code" => Concatenate(Path.Combine("core", "LlmOps.Guardrails.Core", "Tokenization"), "*.cs"),
        _ => throw new ArgumentException($"Unknown input '{input}'.", nameof(input)),
    };

    private static string Concatenate(string folder, string pattern)
    {
        var root = RepositoryRoot();
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), pattern).OrderBy(f => f, StringComparer.Ordinal))
        {
            text.Append(File.ReadAllText(file)).Append('\n');
        }

        // Repeat to the fixed size so figures stay comparable as the repository grows or shrinks.
        var source = text.ToString();
        if (source.Length == 0)
        {
            throw new InvalidOperationException($"No {pattern} files under {folder}.");
        }

        var result = new StringBuilder(Size);
        while (result.Length < Size)
        {
            result.Append(source, 0, Math.Min(source.Length, Size - result.Length));
        }

        return result.ToString();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmOps.Guardrails.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}

/// <summary>
/// Console modes used by bench/tokenizer-side-by-side/run.sh (not BenchmarkDotNet):
/// <list type="bullet">
/// <item><c>tokenizer-sidebyside &lt;corpus&gt;</c>: warm single-threaded CountTokens throughput on a corpus file for both
/// encodings, plus first-use times measured in fresh processes; prints JSON.</item>
/// <item><c>tokenizer-firstuse &lt;encoding&gt;</c>: milliseconds from the first CountTokens call to its result in this
/// fresh process (rank-table decompression, SHA-256 check, parsing and JIT included; process start excluded).</item>
/// <item><c>tokenizer-verify &lt;file.jsonl&gt;</c>: compares Encode and CountTokens with reference encodings written one
/// per line (tools/tokenizer-vectors/sweep.mjs); exit code 1 on any difference.</item>
/// </list>
/// </summary>
internal static class TokenizerConsoleModes
{
    private const int Runs = 5;

    // Warm until tiered compilation has produced optimised code for the hot loop (it recompiles in the background
    // after a method has run often enough), so the figures are steady-state, not tier-0.
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(2);
    private const int FirstUseProcesses = 3;

    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        switch (args[0])
        {
            case "tokenizer-firstuse" when args.Length == 2:
                FirstUse(args[1]);
                return true;
            case "tokenizer-sidebyside" when args.Length == 2:
                SideBySide(args[1]);
                return true;
            case "tokenizer-verify" when args.Length == 2:
                exitCode = Verify(args[1]);
                return true;
            case "tokenizer-firstuse":
            case "tokenizer-sidebyside":
            case "tokenizer-verify":
                Console.Error.WriteLine("usage: tokenizer-firstuse <o200k_base|cl100k_base> | tokenizer-sidebyside <corpus-file> | tokenizer-verify <vectors.jsonl>");
                exitCode = 2;
                return true;
            default:
                return false;
        }
    }

    private static void FirstUse(string encodingName)
    {
        var stopwatch = Stopwatch.StartNew();
        var count = TiktokenEncoding.Get(encodingName).CountTokens("Hello, world! First use loads, verifies and parses the rank table.");
        stopwatch.Stop();
        Console.WriteLine(JsonSerializer.Serialize(new { encoding = encodingName, milliseconds = stopwatch.Elapsed.TotalMilliseconds, tokens = count }));
    }

    private static void SideBySide(string corpusPath)
    {
        var text = File.ReadAllText(corpusPath, new UTF8Encoding(false, true));
        var megabytes = new UTF8Encoding(false, true).GetByteCount(text) / 1e6;
        var results = new List<object>();
        var firstUse = new List<object>();
        foreach (var name in new[] { "o200k_base", "cl100k_base" })
        {
            firstUse.Add(new { encoding = name, milliseconds = Enumerable.Range(0, FirstUseProcesses).Select(_ => FirstUseInFreshProcess(name)).ToArray() });

            var encoding = TiktokenEncoding.Get(name);
            var tokens = 0;
            var warmup = Stopwatch.StartNew();
            while (warmup.Elapsed < WarmupTime)
            {
                tokens = encoding.CountTokens(text);
            }

            Thread.Sleep(200);

            var seconds = new double[Runs];
            for (var i = 0; i < Runs; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                var n = encoding.CountTokens(text);
                seconds[i] = stopwatch.Elapsed.TotalSeconds;
                if (n != tokens)
                {
                    throw new InvalidOperationException("The count changed between runs.");
                }
            }

            Array.Sort(seconds);
            var median = seconds[Runs / 2];
            results.Add(new { encoding = name, tokens, medianSeconds = median, mbPerSecond = megabytes / median });
        }

        var runtime = $".NET {Environment.Version} ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}), Release";
        Console.WriteLine(JsonSerializer.Serialize(new { runtime, megabytes, results, firstUse }));
    }

    private static int Verify(string path)
    {
        int matched = 0, different = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var encoding = TiktokenEncoding.Get(root.GetProperty("encoding").GetString()!);
            var text = root.GetProperty("string").GetString()!;
            var special = root.TryGetProperty("allowedSpecial", out var allowed) && allowed.GetString() == "all";
            var expected = root.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            var actual = encoding.Encode(text, special);
            if (expected.AsSpan().SequenceEqual(actual) && (special || encoding.CountTokens(text) == expected.Length))
            {
                matched++;
            }
            else
            {
                different++;
                Console.WriteLine($"DIFFERENT {encoding.Name} line {matched + different}: {JsonSerializer.Serialize(text.Length > 120 ? text[..120] + "..." : text)}");
            }
        }

        Console.WriteLine($"{matched} matched, {different} different");
        return different == 0 ? 0 : 1;
    }

    private static double FirstUseInFreshProcess(string encodingName)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TokenizerConsoleModes).Assembly.Location);
        }

        start.ArgumentList.Add("tokenizer-firstuse");
        start.ArgumentList.Add(encodingName);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tokenizer-firstuse failed with exit code {process.ExitCode}.");
        }

        using var json = JsonDocument.Parse(output);
        return Math.Round(json.RootElement.GetProperty("milliseconds").GetDouble(), 1, MidpointRounding.AwayFromZero);
    }
}
