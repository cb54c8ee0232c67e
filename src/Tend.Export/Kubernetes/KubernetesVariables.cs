using System.Text;

namespace Tend.Export.Kubernetes;

/// <summary>
/// Kubernetes expands variables in a container's command, args and env values (and, from the
/// container's own env, in exec probes), reading the text left to right from each '$':
/// <c>$$</c> is one '$'; <c>$(NAME)</c> is NAME's value when NAME is defined and stays as written
/// when not; a <c>$(</c> never closed becomes <c>$$(</c>; '$' and any other byte stay as they are,
/// except that the byte is taken alone, so the first byte of a UTF-8 sequence comes out as a
/// character of its own (<c>$é</c> is mangled); a '$' at the very end stays. A literal text must
/// therefore double exactly the '$' that the reading would take as an operator: one followed by
/// '$', by '(' or by a non-ASCII character. Escaping only <c>$(</c> let <c>echo $$ &gt; pid</c>
/// become <c>echo $ &gt; pid</c> and a literal <c>$$(HOME)</c> become the home directory.
/// </summary>
internal static class KubernetesVariables
{
    public static string Escape(string text)
    {
        if (!text.Contains('$')) return text;
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            sb.Append(text[i]);
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] is '$' or '(' or > '\x7f') sb.Append('$');
        }
        return sb.ToString();
    }
}
