namespace Tend.Http;

/// <summary>What one connection may cost the server. Every bound is enforced before memory is spent on it.</summary>
public sealed record HttpLimits
{
    public static HttpLimits Default { get; } = new();

    /// <summary>Request line plus headers, CRLFs included. Past it: 431.</summary>
    public int MaxHeaderBytes { get; init; } = 16384;

    /// <summary>Largest Content-Length accepted. Past it: 413, before any of the body is read.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Time for a whole request (head and body) to arrive, counted from when the server starts waiting for
    /// it: the slowloris guard. A partial request then gets 408; an idle keep-alive connection is just closed.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections served at once (each costs a thread). Past it new connections get 503.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>
    /// When every slot is taken, a connection that has been waiting this long for its request (a
    /// slowloris, an idle keep-alive) is closed to make room for the newcomer, so slow clients cannot
    /// lock `tend ctl` out for the whole <see cref="ReadTimeout"/>. Only when none has: 503.
    /// </summary>
    public TimeSpan EvictWaitingAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one send may block on a client that does not read. Past it the connection is dropped (and a
    /// chunked stream's TryWrite returns false), so a stuck client cannot pin a handler thread forever.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (MaxHeaderBytes < 64) throw new ArgumentOutOfRangeException(nameof(MaxHeaderBytes), "MaxHeaderBytes must be at least 64");
        if (MaxBodyBytes < 0) throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), "MaxBodyBytes must not be negative");
        if (ReadTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReadTimeout), "ReadTimeout must be positive");
        if (WriteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WriteTimeout), "WriteTimeout must be positive");
        if (MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnections), "MaxConnections must be at least 1");
    }
}
