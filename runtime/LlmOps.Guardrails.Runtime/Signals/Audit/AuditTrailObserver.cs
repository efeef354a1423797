using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// Writes one audit record per finished call to an <see cref="IAuditSink"/>. By default the call only enqueues its
    /// record in a bounded buffer (no disk or network on its path); a background writer drains it in batches, retries a
    /// failed batch with exponential backoff, and counts and logs what it finally could not write, as it does a record
    /// dropped from a full buffer. With <see cref="AuditOptions.FailClosed"/> the record is written on the call's path
    /// and a failure throws <see cref="AuditWriteException"/>. <see cref="FlushAsync"/> and <see cref="DisposeAsync"/>
    /// drain the buffer; the sink stays the caller's to dispose.
    /// </summary>
    public sealed class AuditTrailObserver : ILlmCallObserver, IAsyncDisposable
    {
        private readonly IAuditSink _sink;
        private readonly AuditOptions _options;
        private readonly ConcurrentQueue<object> _queue = new ConcurrentQueue<object>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly Task? _writer;
        private int _buffered;
        private volatile bool _closed;

        public AuditTrailObserver(IAuditSink sink, AuditOptions? options = null)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _options = options ?? new AuditOptions();
            _options.Validate();
            if (!_options.FailClosed)
            {
                _writer = Task.Run(WriteLoopAsync);
            }
        }

        /// <summary>Records waiting for the background writer.</summary>
        public int Buffered => Volatile.Read(ref _buffered);

        public void OnCallCompleted(LlmCallRecord call)
        {
            if (call is null) throw new ArgumentNullException(nameof(call));
            if (_options.FailClosed)
            {
                WriteOnCallPath(call);
                return;
            }

            if (_closed)
            {
                AuditTelemetry.CountLost(1, AuditTelemetry.Closed);
                AuditLog.RecordAfterClose(_options.Logger);
                return;
            }

            if (Interlocked.Increment(ref _buffered) > _options.BufferCapacity)
            {
                Interlocked.Decrement(ref _buffered);
                AuditTelemetry.CountLost(1, AuditTelemetry.BufferFull);
                AuditLog.BufferFull(_options.Logger, _options.BufferCapacity);
                return;
            }

            // The record is built on the writer: hashing and serializing stay off the call's path.
            _queue.Enqueue(call);
            _signal.Release();
        }

        /// <summary>Completes when every record enqueued before the call was written (or counted as lost).</summary>
        public Task FlushAsync()
        {
            if (_writer is null || _writer.IsCompleted)
            {
                return Task.CompletedTask;
            }

            var marker = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Enqueue(marker);
            _signal.Release();
            return marker.Task;
        }

        /// <summary>Stops taking records, writes those buffered, and ends the writer.</summary>
        public async ValueTask DisposeAsync()
        {
            if (_closed) return;
            _closed = true;
            if (_writer is not null)
            {
                _signal.Release();
                await _writer.ConfigureAwait(false);
            }

            // A call that passed the closed check just as the writer stopped: counted, never lost silently.
            while (_queue.TryDequeue(out var late))
            {
                if (late is TaskCompletionSource<bool> marker)
                {
                    marker.TrySetResult(true);
                    continue;
                }

                AuditTelemetry.CountLost(1, AuditTelemetry.Closed);
                AuditLog.RecordAfterClose(_options.Logger);
            }
        }

        private void WriteOnCallPath(LlmCallRecord call)
        {
            var record = new[] { AuditRecord.From(call, _options.IncludeText) };
            var error = WriteWithRetriesAsync(record).GetAwaiter().GetResult();
            if (error is not null)
            {
                AuditTelemetry.CountLost(1, AuditTelemetry.WriteFailed);
                AuditLog.WriteFailed(_options.Logger, 1, _options.MaxWriteAttempts, error);
                throw new AuditWriteException(
                    $"The call's audit record could not be written after {_options.MaxWriteAttempts} attempts ({error.GetType().Name}: {error.Message}). " +
                    "AuditOptions.FailClosed is on, so the call fails; fix the audit sink or turn FailClosed off to buffer records instead.",
                    error);
            }
        }

        private async Task WriteLoopAsync()
        {
            var batch = new List<AuditRecord>(_options.MaxBatchSize);
            var markers = new List<TaskCompletionSource<bool>>();
            while (true)
            {
                await _signal.WaitAsync().ConfigureAwait(false);
                while (_queue.TryDequeue(out var item))
                {
                    if (item is TaskCompletionSource<bool> marker)
                    {
                        // Everything before the marker is in this batch or already written.
                        markers.Add(marker);
                        continue;
                    }

                    Interlocked.Decrement(ref _buffered);
                    AddRecord(batch, (LlmCallRecord)item);
                    if (batch.Count >= _options.MaxBatchSize)
                    {
                        await WriteBatchAsync(batch).ConfigureAwait(false);
                        CompleteAll(markers);
                    }
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
                CompleteAll(markers);
                if (_closed && _queue.IsEmpty)
                {
                    return;
                }
            }
        }

        private void AddRecord(List<AuditRecord> batch, LlmCallRecord call)
        {
            try
            {
                batch.Add(AuditRecord.From(call, _options.IncludeText));
            }
            catch (Exception ex)
            {
                AuditTelemetry.CountLost(1, AuditTelemetry.WriteFailed);
                AuditLog.WriteFailed(_options.Logger, 1, 0, ex);
            }
        }

        private async Task WriteBatchAsync(List<AuditRecord> batch)
        {
            if (batch.Count == 0) return;
            var error = await WriteWithRetriesAsync(batch).ConfigureAwait(false);
            if (error is not null)
            {
                AuditTelemetry.CountLost(batch.Count, AuditTelemetry.WriteFailed);
                AuditLog.WriteFailed(_options.Logger, batch.Count, _options.MaxWriteAttempts, error);
            }

            batch.Clear();
        }

        /// <summary>Null when written; else the last failure after <see cref="AuditOptions.MaxWriteAttempts"/> attempts.</summary>
        private async Task<Exception?> WriteWithRetriesAsync(IReadOnlyList<AuditRecord> records)
        {
            var delay = _options.RetryDelay;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _sink.AppendAsync(records).ConfigureAwait(false);
                    return null;
                }
                catch (Exception ex)
                {
                    if (attempt >= _options.MaxWriteAttempts)
                    {
                        return ex;
                    }

                    AuditLog.WriteRetried(_options.Logger, attempt, _options.MaxWriteAttempts, delay, ex);
                    if (delay > TimeSpan.Zero)
                    {
                        await _options.TimeProvider.Delay(delay).ConfigureAwait(false);
                    }

                    delay = TimeSpan.FromTicks(delay.Ticks * 2);
                }
            }
        }

        private static void CompleteAll(List<TaskCompletionSource<bool>> markers)
        {
            foreach (var marker in markers)
            {
                marker.TrySetResult(true);
            }

            markers.Clear();
        }
    }
}
