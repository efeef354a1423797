using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Reports;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

public class HtmlReportTests
{
    [Fact]
    public void Is_self_contained_with_a_strict_csp()
    {
        var html = HtmlReport.Render(ReportFixture.Create());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Matches("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; script-src 'nonce-[A-Za-z0-9+/=]+';", html);
        // No network: the only URL is the SVG namespace.
        var urls = Regex.Matches(html, "(?:https?:)?//[A-Za-z0-9.-]+").Select(m => m.Value).Distinct().ToList();
        Assert.All(urls, u => Assert.Equal("http://www.w3.org", u));
        Assert.DoesNotMatch(@"<(?:link|img|iframe|object|embed)\b", html);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", html); // no inline event handlers (CSP would block them anyway)
        Assert.DoesNotMatch(@"<[a-z]+[^>]*\sstyle\s*=", html); // no style attributes (blocked by the CSP)
    }

    [Fact]
    public void Escapes_untrusted_text()
    {
        var html = HtmlReport.Render(ReportFixture.Create(), "test-nonce");
        Assert.Single(Regex.Matches(html, "<script")); // only ours
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; done", html, StringComparison.Ordinal);
        Assert.Contains("triage|pipe-`id`-&lt;b&gt;@ops", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>@ops", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_both_charts_server_side()
    {
        var html = HtmlReport.Render(ReportFixture.Create(), "n");
        var scatter = Regex.Match(html, "<svg class=\"chart scatter\".*?</svg>", RegexOptions.Singleline).Value;
        var latency = Regex.Match(html, "<svg class=\"chart latency\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(3 * 3, Regex.Matches(scatter, "<circle").Count); // baseline + candidate + legend per prompt
        Assert.Equal(2, Regex.Matches(scatter, "marker-end=").Count); // reply-draft did not move: no arrow
        Assert.Equal(3 * 2 * 2, Regex.Matches(latency, "<rect").Count); // p50 + p95 per prompt and variant
    }

    [Fact]
    public void Rendering_is_deterministic_apart_from_the_nonce()
    {
        var run = ReportFixture.Create();
        Assert.Equal(HtmlReport.Render(run, "abc"), HtmlReport.Render(ReportFixture.Create(), "abc"));
        Assert.NotEqual(HtmlReport.Render(run), HtmlReport.Render(run));
    }
}
