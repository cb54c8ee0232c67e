namespace Tend.Supervision.EventListeners;

/// <summary>supervisord's serial counters: the first is 0, and one that reaches the maximum starts again at 0.</summary>
internal static class Serials
{
    public static long Next(ref long last)
    {
        last = last == long.MaxValue ? 0 : last + 1;
        return last;
    }
}
