namespace Tend.Runit.Supervise;

/// <summary>Another supervisor (a runsv, or another Tend) holds <c>supervise/lock</c>.</summary>
public sealed class SupervisedElsewhereException(string lockPath)
    : IOException($"{lockPath} is held by another supervisor")
{
    public string LockPath { get; } = lockPath;
}
