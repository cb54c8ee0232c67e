using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tend.Scheduling;

/// <summary>
/// The year field of 6- and 7-field cronexpr lines: `*`, `2027`, `2026-2030`, `2026,2028`,
/// `*/2`, `2026-2040/5`; years 1970 to 2099, as cronexpr allows.
/// </summary>
internal sealed class YearField
{
    private const int First = 1970, Last = 2099;
    private readonly bool[] _allowed = new bool[Last - First + 1];

    public bool Allows(int year) => year is >= First and <= Last && _allowed[year - First];

    public int? NextAllowed(int after)
    {
        for (var y = Math.Max(after + 1, First); y <= Last; y++)
            if (_allowed[y - First]) return y;
        return null;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out YearField? field, [NotNullWhen(false)] out string? error)
    {
        field = new YearField();
        foreach (var part in text.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, "1"),
                [var r, var s] => (r, s),
                _ => ("", ""),
            };
            int from, to;
            if (range is "*" or "?") (from, to) = (First, Last);
            else if (range.Split('-') is [var a, var b] && Year(a) is { } ya && Year(b) is { } yb) (from, to) = (ya, yb);
            else if (Year(range) is { } single) (from, to) = (single, step == "1" ? single : Last);
            else { field = null; error = $"invalid year field '{text}': expected years {First}-{Last}, '*', ranges, lists or steps"; return false; }
            if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || from > to)
            {
                field = null;
                error = $"invalid year field '{text}'";
                return false;
            }
            for (var y = from; y <= to; y += n) field._allowed[y - First] = true;
        }
        error = null;
        return true;
    }

    private static int? Year(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= First and <= Last ? y : null;
}
