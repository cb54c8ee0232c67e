namespace Tend.UnitTests.Scheduling;

/// <summary>A wall clock the test sets by hand.</summary>
internal sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
