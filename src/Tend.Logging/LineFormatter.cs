using System.Text;
using System.Text.Json;

namespace Tend.Logging;

/// <summary>Turns one complete line (without its newline) into output bytes.</summary>
internal abstract class LineFormatter
{
    public abstract void Write(OutputBuffer output, ReadOnlySpan<byte> prefix, string program, LogStream stream, ReadOnlySpan<byte> line);
}

/// <summary>"name | line": the prefix is prebuilt per source (padded and maybe coloured).</summary>
internal sealed class TextFormatter : LineFormatter
{
    public override void Write(OutputBuffer output, ReadOnlySpan<byte> prefix, string program, LogStream stream, ReadOnlySpan<byte> line)
    {
        var span = output.Reserve(prefix.Length + line.Length + 1);
        prefix.CopyTo(span);
        line.CopyTo(span[prefix.Length..]);
        span[^1] = (byte)'\n';
        output.Advance(span.Length);
    }
}

/// <summary>One JSON object per line: time, program, stream, line. Invalid UTF-8 becomes U+FFFD.</summary>
internal sealed class JsonFormatter : LineFormatter
{
    private readonly ArrayBufferWriterLite _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public JsonFormatter() => _writer = new Utf8JsonWriter(_buffer);

    public override void Write(OutputBuffer output, ReadOnlySpan<byte> prefix, string program, LogStream stream, ReadOnlySpan<byte> line)
    {
        _buffer.Clear();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("time"u8, Now());
        _writer.WriteString("program"u8, program);
        _writer.WriteString("stream"u8, stream == LogStream.Stdout ? "stdout"u8 : "stderr"u8);
        _writer.WriteString("line"u8, Encoding.UTF8.GetString(line));
        _writer.WriteEndObject();
        _writer.Flush();
        output.Append(_buffer.WrittenSpan);
        output.Append("\n"u8);
    }

    /// <summary>The "time" field: UTC, to the millisecond.</summary>
    internal static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    /// <summary>A reusable IBufferWriter (ArrayBufferWriter without the per-write checks we do not need).</summary>
    private sealed class ArrayBufferWriterLite : System.Buffers.IBufferWriter<byte>
    {
        private byte[] _data = new byte[4096];
        private int _length;
        public ReadOnlySpan<byte> WrittenSpan => _data.AsSpan(0, _length);
        public void Clear() => _length = 0;
        public void Advance(int count) => _length += count;
        public Memory<byte> GetMemory(int sizeHint = 0) { Ensure(sizeHint); return _data.AsMemory(_length); }
        public Span<byte> GetSpan(int sizeHint = 0) { Ensure(sizeHint); return _data.AsSpan(_length); }
        private void Ensure(int hint)
        {
            if (_data.Length - _length < Math.Max(hint, 256)) Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + hint + 256));
        }
    }
}
