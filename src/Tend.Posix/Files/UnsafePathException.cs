namespace Tend.Posix.Files;

/// <summary>
/// Tend, running as root, refused to write through a path that someone other than root could
/// redirect (a directory others can write, a symlink or hard link planted there). The message
/// names the path and says why.
/// </summary>
public sealed class UnsafePathException(string message) : IOException(message);
