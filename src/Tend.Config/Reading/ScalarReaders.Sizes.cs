using System.Globalization;

namespace Tend.Config;

internal static partial class ScalarReaders
{
    public const string ExpectedByteSize = "expected a size: a number of bytes, or with a unit, e.g. 512KiB, 4MiB, 1GiB (KiB, MiB, GiB count 1024s; kB, MB, GB 1000s)";

    /// <summary>A size in bytes (`4MiB`, `4096`, `2 MB`); range checks are the validator's.</summary>
    public static Located<long>? ByteSize(ReadContext ctx, string key, ConfigNode node) =>
        Parse(ctx, key, node, ExpectedByteSize, ParseByteSize);

    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30),
        ("kB", 1000), ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("B", 1),
    ];

    internal static long? ParseByteSize(string text)
    {
        var s = text.Trim();
        long factor = 1;
        foreach (var (unit, f) in Units)
        {
            if (!s.EndsWith(unit, StringComparison.Ordinal)) continue;
            factor = f;
            s = s[..^unit.Length].TrimEnd();
            break;
        }
        if (s.Length == 0 || !s.All(char.IsAsciiDigit)) return null;
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        try { return checked(n * factor); }
        catch (OverflowException) { return null; }
    }
}
