using System.Diagnostics;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>
/// Renders the HTML report in headless Chromium: the page's script must finish (data-ready="ok") without errors, the
/// charts must be drawn, and a screenshot is kept as an artifact (Reports/artifacts/ in the test output). Without a
/// browser it runs .ci/chromium.sh first; it fails, never skips, when none can be had (or set CHROMIUM=/path/to/chrome).
/// </summary>
public class HtmlReportChromiumTests
{
    [Fact]
    public void Renders_in_headless_chromium_without_script_errors()
    {
        // Looks at $CHROMIUM, then chromium, chromium-browser, google-chrome, google-chrome-stable on PATH; when none is
        // there .ci/chromium.sh installs Debian's chromium, or says why it did not (LLMOPS_TEST_INSTALL=0, no root).
        TestPrerequisites.Ensure("chromium.sh", () => FindBrowser() is not null);
        var browser = FindBrowser();

        var artifacts = Path.Combine(AppContext.BaseDirectory, "Reports", "artifacts");
        Directory.CreateDirectory(artifacts);
        var htmlPath = Path.Combine(artifacts, "eval-report.html");
        File.WriteAllText(htmlPath, HtmlReport.Render(ReportFixture.Create()));
        var url = new Uri(htmlPath).AbsoluteUri;

        var dom = RunChromium(browser!, ["--dump-dom", url], out var domErr);
        var bodyTag = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.True(bodyTag.Length > 0, "No <body> in Chromium's --dump-dom output. stderr:\n" + domErr);
        Assert.Equal("", Attribute(bodyTag, "data-errors"));
        Assert.True(Attribute(bodyTag, "data-ready") == "ok", "The report's script did not finish: " + bodyTag + "\nstderr:\n" + domErr);
        var shapes = int.Parse(Attribute(bodyTag, "data-charts") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shapes >= 20, $"Expected the charts to be drawn, found {shapes} shapes.");
        // The filter script ran: the default view hides unchanged cases and counts the rest.
        Assert.Matches("<span id=\"f-count\" class=\"note\">\\d+ of 32 cases shown</span>", dom);
        Assert.Contains("<tr class=\"k-unchanged\" data-prompt=\"reply-draft\" data-kind=\"unchanged\" data-changed=\"0\" data-failing=\"0\" hidden=\"\">", dom, StringComparison.Ordinal);

        // The gate renders: every finding of the run is a row the reader can see (the page counts the visible ones),
        // and each row carries its finding's sentence as Chromium parsed it.
        var findings = ReportFixture.Create().Gate!.Findings;
        Assert.Equal(findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Attribute(bodyTag, "data-gate-findings"));
        var rows = Regex.Matches(dom, "<tr class=\"gate-finding l-(fail|warn)\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.Equal(findings.Count, rows.Count);
        for (var i = 0; i < findings.Count; i++)
        {
            Assert.Equal(findings[i].Level == LlmOps.Guardrails.Eval.Gate.GateLevel.Fail ? "fail" : "warn", rows[i].Groups[1].Value);
            Assert.Contains(ReportText.Html(findings[i].Message), rows[i].Groups[2].Value, StringComparison.Ordinal);
        }

        Assert.Contains("claude-sonnet-4-5-20250929 → claude-haiku-4-5-20251001", dom, StringComparison.Ordinal);

        var png = Path.Combine(artifacts, "eval-report.png");
        File.Delete(png);
        RunChromium(browser!, ["--screenshot=" + png, "--window-size=1280,2000", url], out var shotErr);
        Assert.True(File.Exists(png), "Chromium wrote no screenshot. stderr:\n" + shotErr);
        Assert.True(new FileInfo(png).Length > 10 * 1024, $"The screenshot is suspiciously small ({new FileInfo(png).Length} bytes).");
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, "\\s" + Regex.Escape(name) + "=\"([^\"]*)\"");
        return m.Success ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    internal static string? FindBrowser()
    {
        var env = Environment.GetEnvironmentVariable("CHROMIUM");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
        {
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string RunChromium(string browser, string[] args, out string stderr)
    {
        var profile = Directory.CreateTempSubdirectory("llmops-chromium-");
        try
        {
            var psi = new ProcessStartInfo(browser);
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-extensions", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--user-data-dir=" + profile.FullName,
            })
            {
                psi.ArgumentList.Add(a);
            }

            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            var result = ChildProcess.Run(psi, removeOnTimeout: [profile.FullName]);
            stderr = result.StandardError;
            return result.StandardOutput;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be releasing its profile; the temp folder is cleaned up by the OS.
            }
        }
    }
}
