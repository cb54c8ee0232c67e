using Tend.Model;

namespace Tend.Config.Supervisord;

internal static partial class ProgramSectionReader
{
    private const string DefaultResultHandler = "supervisor.dispatchers:default_handler";

    /// <summary>events= is required; every name must be an event type supervisord knows.</summary>
    private static EventListenerSpec? ReadListener(SectionValues v)
    {
        var text = v.String("events");
        var bufferSize = v.Int("buffer_size", min: 1) ?? 10;
        if (v.String("result_handler") is { } handler && handler.Trim() != DefaultResultHandler)
            v.NotHonoured("result_handler", "Tend reads results with the default handler (RESULT n, then OK or FAIL)");
        if (text is null)
        {
            if (v.Section.Get("events") is null)
                v.Error(v.Section.Location, $"[{v.Section.Name}] has no events", "add events=, e.g. events=PROCESS_STATE,TICK_60");
            return null;
        }
        var events = text.Split(',').Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        foreach (var unknown in events.Where(e => !SupervisordKeys.EventTypes.Contains(e)))
        {
            v.Error(v.Section.Get("events")!.Location, $"unknown event type '{unknown}' in [{v.Section.Name}]",
                $"event types are: {string.Join(", ", SupervisordKeys.EventTypes)}");
        }
        return new EventListenerSpec { Events = events, BufferSize = bufferSize };
    }
}
