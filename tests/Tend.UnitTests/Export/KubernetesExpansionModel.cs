using System.Text;

namespace Tend.UnitTests.Export;

/// <summary>
/// A model of the variable expansion Kubernetes applies to a container's command, args and env
/// values (k8s.io/kubernetes third_party/forked/golang/expansion), written from its rules, on the
/// UTF-8 bytes as Kubernetes reads them. From each '$' that has a byte after it:
/// <list type="bullet">
/// <item><c>$$</c> gives one '$';</item>
/// <item><c>$(NAME)</c>, up to the first ')', gives NAME's value when NAME is defined, and itself when not;</item>
/// <item><c>$(</c> with no ')' after it gives <c>$$(</c>;</item>
/// <item>'$' and any other byte give '$' and that byte taken as a code point of its own (so a
/// UTF-8 lead byte becomes a Latin-1 character: <c>$é</c> is mangled).</item>
/// </list>
/// A '$' at the very end, and everything else, is copied.
/// </summary>
internal static class KubernetesExpansionModel
{
    public static string Expand(string text, Func<string, string?> lookup)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] != '$' || i + 1 == input.Length)
            {
                output.Add(input[i++]);
                continue;
            }
            var next = input[i + 1];
            if (next == '$')
            {
                output.Add((byte)'$');
                i += 2;
            }
            else if (next == '(')
            {
                var close = Array.IndexOf(input, (byte)')', i + 2);
                if (close < 0)
                {
                    output.AddRange("$$("u8.ToArray());
                    i += 2;
                    continue;
                }
                var name = Encoding.UTF8.GetString(input, i + 2, close - i - 2);
                output.AddRange(Encoding.UTF8.GetBytes(lookup(name) ?? $"$({name})"));
                i = close + 1;
            }
            else
            {
                output.Add((byte)'$');
                output.AddRange(Encoding.UTF8.GetBytes(char.ToString((char)next)));
                i += 2;
            }
        }
        // Compared as bytes: a mangled sequence must not be smoothed over by a lenient decoder.
        return Convert.ToHexString(output.ToArray()) == Convert.ToHexString(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(output.ToArray())))
            ? Encoding.UTF8.GetString(output.ToArray())
            : "<invalid UTF-8: " + Convert.ToHexString(output.ToArray()) + ">";
    }

    /// <summary>Every name defined (the worst case for a literal): its value is «NAME».</summary>
    public static string? EveryNameDefined(string name) => $"«{name}»";

    public static string? NoNameDefined(string name) => null;
}
