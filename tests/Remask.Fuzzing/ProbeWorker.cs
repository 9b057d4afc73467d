using System.Collections.Concurrent;

namespace Remask.Fuzzing;

/// <summary>
/// One long-lived thread that runs probe calls one at a time, so that a hang can be caught (the caller waits with a
/// timeout) without a new thread per call: thousands of short-lived threads calling into native libraries (libtorch,
/// libjpeg-turbo) are not how Remask runs them. After a timeout the worker is abandoned with its call.
/// </summary>
internal sealed class ProbeWorker : IDisposable
{
    private readonly BlockingCollection<(Action Work, ManualResetEventSlim Done)> _queue = new();
    private readonly Thread _thread;

    public ProbeWorker(string name)
    {
        _thread = new Thread(() =>
        {
            foreach (var (work, done) in _queue.GetConsumingEnumerable())
            {
                work();
                done.Set();
            }
        }) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the worker; false when it did not finish within <paramref name="timeout"/>.</summary>
    public bool Run(Action work, TimeSpan timeout)
    {
        using var done = new ManualResetEventSlim();
        _queue.Add((work, done));
        return done.Wait(timeout);
    }

    /// <summary>Lets the thread end once its queue is empty (a hung call keeps it, a background thread, until the process ends).</summary>
    public void Dispose() => _queue.CompleteAdding();
}
