namespace Tend.Config;

/// <summary>
/// The rule for program names, public so that every place that names a program (the config file,
/// the command line) applies the same one. Names appear in log prefixes and control requests, so
/// they stay plain; "tend" is reserved for Tend's own log lines.
/// </summary>
public static class ProgramNames
{
    public const string Reserved = "tend";

    /// <summary>What a valid name looks like, for hints.</summary>
    public const string Rule = "a name starts with a letter or digit and contains only letters, digits, '_', '.' and '-'";

    /// <summary>[A-Za-z0-9][A-Za-z0-9_.-]* and not "tend" (in any case).</summary>
    public static bool IsValid(string name) => HasValidSyntax(name) && !IsReserved(name);

    public static bool HasValidSyntax(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public static bool IsReserved(string name) => string.Equals(name, Reserved, StringComparison.OrdinalIgnoreCase);
}
