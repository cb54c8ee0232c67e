using System.Globalization;

namespace Tend.TestDummy;

/// <summary>Bad command line: the whole run is rejected before any verb executes (exit 64).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A verb could not do its job at run time (a syscall failed): exit 70.</summary>
internal sealed class FailureException(string message) : Exception(message);

/// <summary>
/// The arguments of one verb, with parsers that throw <see cref="UsageException"/> naming the
/// verb. All verbs are parsed before the first one runs, so a typo late in a chain never
/// leaves half the side effects behind.
/// </summary>
internal sealed class VerbArgs(string verb, string[] args)
{
    public string Verb => verb;
    public int Count => args.Length;
    public string this[int index] => args[index];

    public VerbArgs Expect(int min, int max, string syntax)
    {
        if (args.Length < min || args.Length > max)
            throw new UsageException($"usage: {verb} {syntax}".TrimEnd());
        return this;
    }

    /// <summary>Words from <paramref name="from"/> on, joined by single spaces (like echo).</summary>
    public string Join(int from) => from >= args.Length ? "" : string.Join(' ', args, from, args.Length - from);

    public long Integer(int index, string what, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!long.TryParse(args[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
            throw Error($"{what} must be an integer{Range(min, max)}, got '{args[index]}'");
        return value;
    }

    public UsageException Error(string message) => new($"{verb}: {message}");

    private static string Range(long min, long max) => (min, max) switch
    {
        (long.MinValue, long.MaxValue) => "",
        (_, long.MaxValue) => $" >= {min}",
        _ => $" in {min}..{max}",
    };
}
