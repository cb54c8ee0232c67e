using System.Text;
using System.Text.Json;

namespace Tend.Logging;

/// <summary>
/// One of Tend's own lines as a JSON object, for what Tend writes before its log multiplexer runs
/// (the configuration's warnings at start): under --log-format json every line of Tend's output is
/// then a JSON object, with the same time, program and stream fields as <see cref="JsonFormatter"/>
/// writes, "line" holding the text as the text format shows it, and extra fields (a warning's level,
/// location and hint) for whoever reads them by machine.
/// </summary>
public static class SelfEventJson
{
    public static string Format(string program, LogStream stream, string line, IEnumerable<(string Name, string? Value)> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time"u8, JsonFormatter.Now());
            writer.WriteString("program"u8, program);
            writer.WriteString("stream"u8, stream == LogStream.Stdout ? "stdout"u8 : "stderr"u8);
            writer.WriteString("line"u8, line);
            foreach (var (name, value) in fields)
                if (value is not null) writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
