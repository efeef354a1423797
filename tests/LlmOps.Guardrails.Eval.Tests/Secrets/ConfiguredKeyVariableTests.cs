using LlmOps.Guardrails.Eval.Cassettes;

namespace LlmOps.Guardrails.Eval.Tests.Secrets;

/// <summary>The variables a config names as keys are secrets whatever their names.</summary>
public sealed class ConfiguredKeyVariableTests
{
    [Fact]
    public void The_value_of_a_named_key_variable_is_scrubbed_though_its_name_looks_harmless()
    {
        string variable = "OPENAI_APIKEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        string key = "sk-named-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            Assert.False(SecretScrubber.IsSecretName(variable));
            Assert.Equal("x " + key, SecretScrubber.FromEnvironment().Scrub("x " + key));
            Assert.Equal("x " + SecretScrubber.Redacted, SecretScrubber.FromEnvironment(new[] { variable, null }).Scrub("x " + key));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
