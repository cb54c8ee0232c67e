using Tend.Model;

namespace Tend.Supervision;

/// <summary>
/// State changes as events, for what follows programs from outside the loop: supervisord's event
/// listeners, runit's status files, and control requests that wait for an outcome (supervisorctl's
/// start waits for RUNNING). Observers run on the loop thread and must not block; one that throws
/// is reported and the loop goes on.
/// </summary>
public sealed partial class Supervisor
{
    private readonly List<Action<StateChange>> _observers = [];
    private readonly List<Waiter> _waiters = [];

    /// <summary>Adds an observer of every state change (call before <see cref="Run"/>, or on the loop thread).</summary>
    public void Observe(Action<StateChange> observer) => _observers.Add(observer);

    /// <summary>
    /// Tells observers that something they show changed while the state did not (a finish script
    /// ended): a change with From == To, which event listeners ignore.
    /// </summary>
    private void NotifyUnchanged(ProgramRuntime p)
    {
        Raise(new StateChange(p, p.State, p.State, UnixMs, false));
    }

    private void Raise(StateChange change)
    {
        foreach (var observer in _observers)
        {
            try { observer(change); }
            catch (Exception e) when (e is not OutOfMemoryException) { Log($"internal error in a state observer: {ErrorText.Of(e)}", level: Chat.Error); }
        }
    }

    /// <summary>
    /// From any thread: waits until <paramref name="settled"/> gives a verdict on the program (it is
    /// asked on the loop thread now and after each of its state changes), or the timeout. Null from
    /// the function means "not yet". Returns null on timeout.
    /// </summary>
    public T? Await<T>(string name, Func<ProgramRuntime?, T?> settled, TimeSpan timeout) where T : class
    {
        var waiter = new Waiter(name, p => settled(p));
        Post(() =>
        {
            var verdict = settled(Find(name));
            if (verdict is not null) waiter.Complete(verdict);
            else _waiters.Add(waiter);
        });
        var done = waiter.Done.Wait(timeout);
        if (!done) Post(() => _waiters.Remove(waiter));
        return done ? (T?)waiter.Result : null;
    }

    private void SettleWaiters(ProgramRuntime p)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var w = _waiters[i];
            if (w.Name != p.Name) continue;
            var verdict = w.Settled(p);
            if (verdict is null) continue;
            _waiters.RemoveAt(i);
            w.Complete(verdict);
        }
    }

    private sealed class Waiter(string name, Func<ProgramRuntime?, object?> settled)
    {
        public string Name { get; } = name;
        public Func<ProgramRuntime?, object?> Settled { get; } = settled;
        public ManualResetEventSlim Done { get; } = new();
        public object? Result { get; private set; }

        public void Complete(object result)
        {
            Result = result;
            Done.Set();
        }
    }
}
