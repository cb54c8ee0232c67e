namespace Tend.Http;

/// <summary>
/// One parsed request. <see cref="Path"/> and <see cref="Query"/> are percent-decoded; header names are
/// matched case-insensitively; repeated headers are joined with ", ". <see cref="Body"/> is empty, never null.
/// </summary>
public sealed record HttpRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    PeerCredentials? Peer);

/// <summary>Who is on the other end of a Unix socket (SO_PEERCRED); null for TCP, where the kernel cannot say.</summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid);
