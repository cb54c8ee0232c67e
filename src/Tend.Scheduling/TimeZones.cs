using System.Diagnostics.CodeAnalysis;

namespace Tend.Scheduling;

/// <summary>
/// IANA zone ids ("Europe/Paris") from the system's tzdata (/usr/share/zoneinfo on Debian; with
/// InvariantGlobalization on, .NET still reads it, ICU is only needed for display names).
/// A job without a zone (no `timezone:`, no CRON_TZ) runs in local time, as cron and supercronic
/// do: the zone TZ names in Tend's environment, else /etc/localtime, else UTC (.NET's
/// TimeZoneInfo.Local reads them in that order; most images have neither, hence UTC).
/// </summary>
public static class TimeZones
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(id)) { zone = TimeZoneInfo.Local; return true; }
        if (id is "UTC" or "Etc/UTC") { zone = TimeZoneInfo.Utc; return true; }
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
