using System.Runtime.InteropServices;

namespace Tend.Cli;

/// <summary>
/// The static binary's user, group and host lookups are the ones glibc builds in: "files" for
/// passwd, group and initgroups (/etc/passwd, /etc/group), "files dns" for hosts (/etc/hosts,
/// /etc/resolv.conf), whatever the image's /etc/nsswitch.conf names. A statically linked glibc
/// that meets another source there (Debian's "passwd: files systemd", sss, ldap) loads that module
/// with dlopen, and the module, linked against a shared libc that is not this one, crashes Tend
/// (SIGSEGV on the first lookup of an unknown user on Debian 12 itself, seen in
/// AccountCheckTests). Set before anything looks a name up: the first thing Program does, the exec
/// helper included. The glibc-linked build (TendStaticExecutable=false) keeps nsswitch.conf.
/// </summary>
internal static partial class StaticLookups
{
    public static void Confine()
    {
#if TEND_STATIC
        foreach (var (database, sources) in Databases)
            _ = __nss_configure_lookup(database, sources); // only fails for an unknown name: never these
#endif
    }

#if TEND_STATIC
    private static readonly (string, string)[] Databases =
        [("passwd", "files"), ("group", "files"), ("initgroups", "files"), ("shadow", "files"), ("hosts", "files dns")];

    /// <summary>glibc's override of one nsswitch.conf line for this process (the line, not the file, wins).</summary>
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int __nss_configure_lookup(string database, string sources);
#endif
}
