using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>
/// Screenshots a page in headless Chromium at the page's own height (capped), so pictures are neither cut nor padded.
/// Chromium only captures the window, so the height is measured first: a copy of the page with a one-line script
/// that records <c>scrollHeight</c> on the body is loaded with <c>--dump-dom</c>.
/// </summary>
internal static class ScreenshotCommand
{
    private const long MaxImageBytes = 400 * 1024;

    private const int MinHeight = 120;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static void Run(CommandLineOptions options)
    {
        var page = options.ExistingFile("page");
        var output = Path.GetFullPath(options.Required("out"));
        var width = options.Number("width", 1200);
        var maxHeight = options.Number("max-height", 2400);
        var browser = FindBrowser() ?? throw new InputException(
            "Chromium was not found ($CHROMIUM, then chromium, chromium-browser, google-chrome on PATH). Install it with .ci/chromium.sh.");

        var height = Math.Clamp(MeasureHeight(browser, page, width), MinHeight, Math.Max(MinHeight, maxHeight));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temp = Path.Combine(Path.GetDirectoryName(output)!, "." + Guid.NewGuid().ToString("N")[..8] + ".png");
        Chromium(browser, "--screenshot=" + temp, $"--window-size={width},{height}", new Uri(page).AbsoluteUri);
        if (!File.Exists(temp))
        {
            throw new InputException($"Chromium wrote no screenshot of {page}.");
        }

        File.Move(temp, output, overwrite: true);
        var size = new FileInfo(output).Length;
        Console.WriteLine($"readme-images: {output} ({width}x{height}, {size / 1024} KB)");
        if (size > MaxImageBytes)
        {
            throw new InputException($"{output} is {size / 1024} KB, above the README's 400 KB budget: lower --width or --max-height.");
        }
    }

    private static int MeasureHeight(string browser, string page, int width)
    {
        // Next to the original so relative links resolve the same way; removed right after.
        var probe = Path.Combine(Path.GetDirectoryName(page)!, "." + Guid.NewGuid().ToString("N")[..8] + ".measure.html");
        var html = File.ReadAllText(page);
        // A page with a Content-Security-Policy (the HTML report) only runs scripts carrying its nonce.
        var nonce = Regex.Match(html, "script-src[^\"]*?'nonce-([A-Za-z0-9+/=_-]+)'");
        var script = (nonce.Success ? $"<script nonce=\"{nonce.Groups[1].Value}\">" : "<script>")
            + "addEventListener('load',()=>setTimeout(()=>document.body.setAttribute('data-page-height',"
            + "Math.ceil(document.documentElement.scrollHeight)),500));</script>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        File.WriteAllText(probe, end >= 0 ? html.Insert(end, script) : html + script);
        try
        {
            // A short window: scrollHeight is never less than the window, so a tall one would pad short pages.
            var dom = Chromium(browser, "--dump-dom", $"--window-size={width},{MinHeight}", new Uri(probe).AbsoluteUri);
            var m = Regex.Match(dom, "data-page-height=\"(\\d+)\"");
            return m.Success
                ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InputException($"Could not measure {page} in Chromium (the measuring script did not run: a Content-Security-Policy without a nonce, or a script that never finishes loading?).");
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static string Chromium(string browser, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("readme-images-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--virtual-time-budget=5000", "--user-data-dir=" + profile.FullName,
            }.Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InputException($"Chromium did not finish within {Timeout.TotalSeconds} s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InputException($"Chromium exited with {process.ExitCode}:\n{stderr.Result}");
            }

            return stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? FindBrowser()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } env && File.Exists(env))
        {
            return env;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
