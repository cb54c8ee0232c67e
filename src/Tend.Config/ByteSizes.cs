using System.Globalization;

namespace Tend.Config;

/// <summary>
/// A byte count written back as tend.yaml reads it: in the largest binary unit that divides it
/// exactly (52428800 is 50MiB), else as a bare number, so `tend check` and `tend convert` print
/// sizes a person recognises and that load back to the same count.
/// </summary>
public static class ByteSizes
{
    public static string Format(long bytes)
    {
        foreach (var (unit, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
        {
            if (bytes != 0 && bytes % factor == 0) return (bytes / factor).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
