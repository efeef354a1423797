using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// The audit trail as append-only JSONL files in one folder, rotated by size or UTC day, each batch flushed to disk
    /// before <see cref="AppendAsync"/> returns. The chain runs on across files; on start the sink resumes it from the
    /// last record of the newest file. One writer per folder: the open file is shared for reading only.
    /// </summary>
    public sealed class JsonlAuditSink : IAuditSink, IDisposable
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly string _directory;
        private readonly JsonlAuditSinkOptions _options;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private FileStream? _stream;
        private string? _path;
        private DateTime _day;
        private int _index;
        private bool _resumed;
        private long _lastSeq;
        private string? _lastHash;

        public JsonlAuditSink(string directory, JsonlAuditSinkOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(directory)) throw new ArgumentException("The audit folder is required.", nameof(directory));
            _directory = Path.GetFullPath(directory);
            _options = options ?? new JsonlAuditSinkOptions();
            if (_options.MaxFileBytes < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.MaxFileBytes, "MaxFileBytes must be positive.");
            if (string.IsNullOrWhiteSpace(_options.FilePrefix)) throw new ArgumentException("The file prefix cannot be empty.", nameof(options));
        }

        /// <summary>The file the next batch goes to when no rotation is due; null before the first write.</summary>
        public string? CurrentFile => _path;

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            if (records is null) throw new ArgumentNullException(nameof(records));
            if (records.Count == 0) return;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Append(records);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose()
        {
            _gate.Wait();
            try
            {
                CloseStream();
            }
            finally
            {
                _gate.Release();
            }
        }

        private void Append(IReadOnlyList<AuditRecord> records)
        {
            if (!_resumed)
            {
                Resume();
            }

            var stream = StreamForBatch();
            var buffer = new StringBuilder();
            var seq = _lastSeq;
            var prev = _lastHash;
            foreach (var record in records)
            {
                buffer.Append(AuditChain.Seal(record, ++seq, prev)).Append('\n');
                prev = record.Hash;
            }

            var bytes = Utf8.GetBytes(buffer.ToString());
            var start = stream.Length;
            try
            {
                stream.Position = start;
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            catch
            {
                // All or nothing: cut off whatever part of the batch reached the file, and reopen next time.
                TryTruncate(stream, start);
                CloseStream();
                throw;
            }

            _lastSeq = seq;
            _lastHash = prev;
        }

        private FileStream StreamForBatch()
        {
            var today = _options.TimeProvider.GetUtcNow().UtcDateTime.Date;
            if (_path is null)
            {
                _day = today;
                _index = 1;
                _path = NextFreePath();
            }
            else if ((_options.RotateDaily && today != _day) || (_stream?.Length ?? SizeOf(_path)) >= _options.MaxFileBytes)
            {
                CloseStream();
                _index = _options.RotateDaily && today != _day ? 1 : _index + 1;
                _day = _options.RotateDaily ? today : _day;
                _path = NextFreePath();
            }

            if (_stream is null)
            {
                Directory.CreateDirectory(_directory);
                _stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
            }

            return _stream;
        }

        private string NextFreePath()
        {
            // A file of that name already there (a day seen before, after a clock change) is never appended to out of order.
            while (true)
            {
                var path = Path.Combine(_directory, AuditFileNames.For(_options.FilePrefix, _day, _index));
                if (!File.Exists(path) || (_stream is null && string.Equals(path, _path, StringComparison.Ordinal)))
                {
                    return path;
                }

                _index++;
            }
        }

        /// <summary>Continues the chain from the newest file: its last record gives seq and hash.</summary>
        private void Resume()
        {
            if (Directory.Exists(_directory))
            {
                var files = AuditFileNames.InOrder(_directory, _options.FilePrefix);
                if (files.Count > 0)
                {
                    var newest = files[files.Count - 1];
                    AuditFileNames.TryParse(Path.GetFileName(newest), _options.FilePrefix, out var day, out var index);
                    var (last, cleanEnd) = LastRecord(newest);
                    if (last is not null)
                    {
                        _lastSeq = last.Seq;
                        _lastHash = last.Hash;
                    }

                    _day = day;
                    _index = index;
                    _path = newest;
                    if (!cleanEnd)
                    {
                        // A torn last line (a crash mid-write) is left as evidence; the chain goes on in a new file.
                        _index++;
                        _path = NextFreePath();
                    }
                }
            }

            _resumed = true;
        }

        private static (AuditLink? Last, bool CleanEnd) LastRecord(string path)
        {
            AuditLink? last = null;
            var cleanEnd = true;
            using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Utf8))
            {
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    var link = AuditChain.Read(line, out _);
                    cleanEnd = link is not null;
                    last = link ?? last;
                }
            }

            if (cleanEnd && SizeOf(path) > 0)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                stream.Seek(-1, SeekOrigin.End);
                cleanEnd = stream.ReadByte() == '\n';
            }

            return (last, cleanEnd);
        }

        private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

        private static void TryTruncate(FileStream stream, long length)
        {
            try
            {
                stream.SetLength(length);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private void CloseStream()
        {
            var stream = _stream;
            _stream = null;
            try
            {
                stream?.Dispose();
            }
            catch (IOException)
            {
                // Closing a stream whose disk failed can fail again; the next batch opens the file anew.
            }
        }
    }
}
