using System.Text;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Economics;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmops-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Creates_the_file_and_its_folder_as_utf8_without_bom()
    {
        var path = Path.Combine(_dir, "sub", "prompts.lock.json");

        Assert.True(AtomicFile.WriteIfChanged(path, "ünï\n"));

        Assert.Equal(Encoding.UTF8.GetBytes("ünï\n"), File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(Path.Combine(_dir, "sub")));
    }

    [Fact]
    public void Unchanged_content_is_not_rewritten()
    {
        var path = Path.Combine(_dir, "a.json");
        Assert.True(AtomicFile.WriteIfChanged(path, "same\n"));
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        Assert.False(AtomicFile.WriteIfChanged(path, "same\n"));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Changed_content_replaces_the_file()
    {
        var path = Path.Combine(_dir, "a.json");
        AtomicFile.WriteIfChanged(path, "old\n");

        Assert.True(AtomicFile.WriteIfChanged(path, "new, longer\n"));
        Assert.Equal("new, longer\n", File.ReadAllText(path));
        Assert.True(AtomicFile.WriteIfChanged(path, "s\n"));
        Assert.Equal("s\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_failure_mid_write_keeps_the_old_file_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_dir, "prompts.lock.json");
        AtomicFile.WriteIfChanged(path, "old content\n");
        string? tempSeen = null;

        var thrown = Assert.Throws<IOException>(() => AtomicFile.WriteIfChanged(path, "new content that will never land\n", temp =>
        {
            tempSeen = temp;
            return new FailingStream(new FileStream(temp, FileMode.CreateNew, FileAccess.Write), failAfter: 5);
        }));

        Assert.Equal("disk full (simulated)", thrown.Message);
        Assert.Equal("old content\n", File.ReadAllText(path));
        Assert.NotNull(tempSeen);
        Assert.Equal(_dir, Path.GetDirectoryName(tempSeen));
        Assert.False(File.Exists(tempSeen));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Temp_names_are_unique_per_write()
    {
        var path = Path.Combine(_dir, "a.json");
        var temps = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            AtomicFile.WriteIfChanged(path, "v" + i, temp =>
            {
                temps.Add(temp);
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            });
        }

        Assert.Equal(3, temps.Distinct().Count());
        Assert.Equal("v2", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    private sealed class FailingStream : Stream
    {
        private readonly Stream _inner;
        private readonly int _failAfter;

        public FailingStream(Stream inner, int failAfter)
        {
            _inner = inner;
            _failAfter = failAfter;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, Math.Min(count, _failAfter));
            _inner.Flush();
            throw new IOException("disk full (simulated)");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
