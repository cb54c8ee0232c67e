using System.Diagnostics.CodeAnalysis;

namespace Tend.Scheduling;

/// <summary>
/// IANA zone ids ("Europe/Paris") from the system's tzdata (/usr/share/zoneinfo on Debian; with
/// InvariantGlobalization on, .NET still reads it, ICU is only needed for display names).
/// A job without a zone runs in UTC, as most containers do.
/// </summary>
public static class TimeZones
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(id) || id is "UTC" or "Etc/UTC") { zone = TimeZoneInfo.Utc; return true; }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        // An id naming a directory of the zone database ('Europe') throws SecurityException (found by the fuzzer).
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException
            or UnauthorizedAccessException or IOException)
        {
            zone = null;
            error = $"unknown time zone '{id}'";
            return false;
        }
    }
}
