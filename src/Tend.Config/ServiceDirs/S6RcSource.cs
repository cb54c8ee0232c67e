using Tend.Model;

namespace Tend.Config.ServiceDirs;

internal enum S6RcType { Oneshot, Longrun, Bundle }

/// <summary>A name listed in dependencies.d or contents.d, with the empty file that lists it (for diagnostics).</summary>
internal sealed record S6RcReference(string Name, SourceLocation At);

/// <summary>
/// One s6-rc source definition directory (etc/s6-overlay/s6-rc.d/NAME) as read, before names are
/// resolved: its type, the names it refers to, and for an atom the program it runs (whose
/// DependsOn is filled in later by <see cref="S6RcGraph"/>).
/// </summary>
internal sealed record S6RcSource(string Name, string Dir, S6RcType Type)
{
    public IReadOnlyList<S6RcReference> Dependencies { get; init; } = [];

    /// <summary>Bundle members (contents.d).</summary>
    public IReadOnlyList<S6RcReference> Contents { get; init; } = [];

    /// <summary>producer-for: the longrun that reads this one's stdout.</summary>
    public S6RcReference? ProducerFor { get; init; }

    /// <summary>consumer-for: the longruns whose stdout this one reads.</summary>
    public IReadOnlyList<S6RcReference> ConsumerFor { get; init; } = [];

    /// <summary>The program of an atom; null for a bundle or when the definition has errors.</summary>
    public ProgramSpec? Program { get; init; }
}
