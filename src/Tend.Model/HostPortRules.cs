namespace Tend.Model;

/// <summary>
/// What one use of <see cref="HostPort"/> accepts beyond "host:port" and "[v6]:port". Each
/// difference between the old readers is a rule here, so none is lost silently and a reader
/// of the code sees why a probe takes ":8080" while tend.yaml's http: does not.
/// </summary>
public sealed record HostPortRules
{
    /// <summary>"[v6]:port" is a form (and "://" is recognised as a URL); supervisord reads brackets as part of the host.</summary>
    public bool Brackets { get; init; } = true;

    /// <summary>The text in brackets must be an IPv6 address literal.</summary>
    public bool BracketsHoldIPv6 { get; init; }

    /// <summary>"::1:9001" splits at the last colon instead of being refused (supervisord).</summary>
    public bool UnbracketedIPv6 { get; init; }

    /// <summary>"9001" alone is a port on every interface (supervisord).</summary>
    public bool BarePort { get; init; }

    /// <summary>Host written in lower case (supervisord compares it so).</summary>
    public bool LowercaseHost { get; init; }

    /// <summary>A host that means "every interface", read as the empty host ("*" for supervisord).</summary>
    public string? EveryInterface { get; init; }

    /// <summary>What an empty host means (":8080"); null refuses it.</summary>
    public string? EmptyHostMeans { get; init; }

    /// <summary>The port when none is written (a URL's authority); null requires one.</summary>
    public int? DefaultPort { get; init; }

    /// <summary>Port 0 asks the kernel for a free port (a listener).</summary>
    public bool PortZero { get; init; }

    /// <summary>The longest run of digits read as a port; longer is refused as not a port.</summary>
    public int MaxPortDigits { get; init; } = 5;

    /// <summary>Reads the port text in another dialect (supervisord: Python's int()); null means decimal digits only.</summary>
    public Func<string, long?>? PortNumber { get; init; }

    /// <summary>Which characters a host may hold.</summary>
    public HostCharacters HostCharacters { get; init; } = HostCharacters.NoBlankSlashOrNul;

    /// <summary>tend.yaml's http: and tcp: probe addresses and the --address options: errors early, names resolved later.</summary>
    public static HostPortRules Address { get; } = new() { MaxPortDigits = 9 };

    /// <summary>A TCP listener or the control client's target: port 0 lets the kernel pick.</summary>
    public static HostPortRules Listen { get; } = new() { BracketsHoldIPv6 = true, PortZero = true, HostCharacters = HostCharacters.NoSlash };

    /// <summary>A tcp: probe at run time: ":8080" is loopback.</summary>
    public static HostPortRules TcpProbe { get; } = new() { BracketsHoldIPv6 = true, EmptyHostMeans = "127.0.0.1", HostCharacters = HostCharacters.HostName };

    /// <summary>The authority of an http: probe's URL: no port means 80.</summary>
    public static HostPortRules UrlAuthority { get; } = TcpProbe with { EmptyHostMeans = null, DefaultPort = 80 };

    /// <summary>The authority of an https: probe's URL: no port means 443.</summary>
    public static HostPortRules HttpsUrlAuthority { get; } = UrlAuthority with { DefaultPort = 443 };
}

/// <summary>The characters a host may hold.</summary>
public enum HostCharacters
{
    /// <summary>Anything (supervisord checks nothing).</summary>
    Any,

    /// <summary>Anything but '/', which marks a socket path.</summary>
    NoSlash,

    /// <summary>No blanks, '/' or NUL.</summary>
    NoBlankSlashOrNul,

    /// <summary>Letters, digits, '-', '.' and '_' (a DNS name or an IPv4 address).</summary>
    HostName,
}

/// <summary>Why a text is not host:port.</summary>
public enum HostPortFault
{
    /// <summary>"http://...".</summary>
    Url,

    /// <summary>"[::1:80".</summary>
    UnclosedBracket,

    /// <summary>"[127.0.0.1]:80".</summary>
    NotIPv6,

    /// <summary>"[::1]x:80".</summary>
    AfterBracket,

    /// <summary>"::1:80".</summary>
    UnbracketedIPv6,

    /// <summary>":80" where no default host applies.</summary>
    NoHost,

    /// <summary>A host with a character its rules refuse.</summary>
    BadHost,

    /// <summary>No port where one is required.</summary>
    NoPort,

    /// <summary>"host:".</summary>
    EmptyPort,

    /// <summary>Not a number.</summary>
    BadPort,

    /// <summary>A number outside the port range.</summary>
    PortOutOfRange,
}

/// <summary>A refused host:port: the fault and the parts read so far, for the caller to word.</summary>
public sealed record HostPortError(HostPortFault Fault, string Text, string Host, string PortText, bool Bracketed)
{
    /// <summary>For <see cref="HostPortFault.BadHost"/>: the first refused character.</summary>
    public char? BadCharacter { get; init; }

    /// <summary>For <see cref="HostPortFault.PortOutOfRange"/>: the number read.</summary>
    public long Port { get; init; }
}
