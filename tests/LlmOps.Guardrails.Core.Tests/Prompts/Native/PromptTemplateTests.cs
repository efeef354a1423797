using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

public class PromptTemplateTests
{
    [Theory]
    [InlineData("Hello {{name}}", "name")]
    [InlineData("Hello {{ name }} and {{name}}", "name")]
    [InlineData("{{\tuser.first-name\t}}", "user.first-name")]
    [InlineData("{{a}}{{b_2}}{{a}}", "a,b_2")]
    [InlineData("{{{a}}}", "a")]
    [InlineData("{{1a}} {{ a b }} {{}} {{ }} {a} {{a} {{a", "")]
    [InlineData("JSON: {\"x\": {\"y\": 1}}", "")]
    [InlineData("{{_}}", "_")]
    public void Placeholders_in_order_of_first_use(string template, string expected)
    {
        Assert.Equal(expected, string.Join(",", PromptTemplate.Placeholders(template)));
    }

    [Fact]
    public void Render_fills_known_and_keeps_unknown()
    {
        var values = new Dictionary<string, string> { ["name"] = "Ada", ["x"] = "{{name}}" };

        Assert.Equal("Hi Ada, Ada, {{ other }}, {{name}}.", PromptTemplate.Render("Hi {{name}}, {{ name }}, {{ other }}, {{x}}.", values));
        Assert.Equal("{Ada}", PromptTemplate.Render("{{{name}}}", values));
    }

    [Fact]
    public void Render_without_placeholders_returns_the_same_instance()
    {
        const string template = "no placeholders {{ here";
        Assert.Same(template, PromptTemplate.Render(template, new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("ticket", true)]
    [InlineData("_x.y-z9", true)]
    [InlineData("9x", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void Valid_names(string name, bool valid) => Assert.Equal(valid, PromptTemplate.IsValidName(name));
}
