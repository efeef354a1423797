using LlmOps.Guardrails.Eval.Reports;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

public class ReportTextTests
{
    [Theory]
    [InlineData("plain", "```text\nplain\n```\n")]
    [InlineData("a ``` b", "````text\na ``` b\n````\n")]
    [InlineData("`````", "``````text\n`````\n``````\n")]
    [InlineData("", "```text\n\n```\n")]
    public void Fence_is_longer_than_any_backtick_run(string content, string expected) =>
        Assert.Equal(expected, ReportText.MarkdownFence(content));

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("`x`", "\\`x\\`")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("ping @team now", "ping @\u200Dteam now")]
    [InlineData("line1\nline2\r\nline3", "line1 line2 line3")]
    [InlineData("**bold** [link](http://x)", "\\*\\*bold\\*\\* \\[link\\](http://x)")]
    [InlineData("bell\u0007 esc\u001B", "bell esc")]
    [InlineData("rtl\u202Eevil", "rtlevil")]
    public void Inline_markdown_is_neutralised(string input, string expected) =>
        Assert.Equal(expected, ReportText.MarkdownInline(input));

    [Fact]
    public void Html_escapes_and_cleans() =>
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&lt;/a&gt;", ReportText.Html("<a href=\"x\">'&</a>\u0000"));

    [Fact]
    public void Clean_drops_lone_surrogates_but_keeps_pairs() =>
        Assert.Equal("a😀b", ReportText.Clean("a\uD800😀\uDC00b"));

    [Fact]
    public void Truncate_says_how_much_was_cut() =>
        Assert.Equal("abc… (3 more characters)", ReportText.Truncate("abcdef", 3));
}
