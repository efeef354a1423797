namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// Base of the end-to-end compare tests: a throwaway git repository, and a provider key in an environment variable of
/// the test's own (unique, so parallel test classes never see each other's) that the configs name in api_key_env.
/// </summary>
public abstract class CompareRepoTest : IDisposable
{
    private protected CompareRepoTest() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-value");

    private protected TempGitRepo Repo { get; } = new();

    protected string KeyVariable { get; } = "LLMOPS_EVAL_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(KeyVariable, null);
        Repo.Dispose();
        GC.SuppressFinalize(this);
    }
}
