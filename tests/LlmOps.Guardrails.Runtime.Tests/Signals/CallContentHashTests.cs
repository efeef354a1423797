using LlmOps.Guardrails.Runtime.Signals;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Signals;

public sealed class CallContentHashTests
{
    [Fact]
    public void Text_is_hashed_as_the_SHA256_of_its_UTF8_bytes_in_lowercase_hex()
    {
        // FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CallContentHash.OfText("abc"));
    }

    [Fact]
    public void Messages_differing_only_in_where_a_boundary_falls_hash_differently()
    {
        var one = new[] { new ChatMessage(ChatRole.User, "ab"), new ChatMessage(ChatRole.User, "c") };
        var other = new[] { new ChatMessage(ChatRole.User, "a"), new ChatMessage(ChatRole.User, "bc") };
        var roles = new[] { new ChatMessage(ChatRole.System, "ab"), new ChatMessage(ChatRole.User, "c") };

        Assert.NotEqual(CallContentHash.OfMessages(one), CallContentHash.OfMessages(other));
        Assert.NotEqual(CallContentHash.OfMessages(one), CallContentHash.OfMessages(roles));
        Assert.Equal(CallContentHash.OfMessages(one), CallContentHash.OfMessages(new[] { new ChatMessage(ChatRole.User, "ab"), new ChatMessage(ChatRole.User, "c") }));
    }
}
