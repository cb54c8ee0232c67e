using System.Buffers.Binary;
using System.Text;
using Tend.IntegrationTests.Infrastructure;

namespace Tend.IntegrationTests;

/// <summary>
/// The binary's layout is part of its start-up (issue 21): NativeAOT's compressed ("dehydrated")
/// type data took 2.4 ms to expand at every start, and a position-independent executable patched
/// 153,000 pointers of it at every start. The published binary is a fixed-address static executable
/// with its data as it is (src/Tend.Cli/Tend.Cli.csproj says why), and starts in about 250 page
/// faults instead of 930.
/// </summary>
public class BinaryLayoutTests
{
    private const ushort ET_EXEC = 2, ET_DYN = 3;
    private const uint PT_INTERP = 3;

    [Fact]
    public void The_binary_is_a_static_executable_at_a_fixed_address()
    {
        var elf = File.ReadAllBytes(Paths.Tend);
        Assert.True(elf.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), "out/tend is not an ELF file");
        var type = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(16));
        Assert.True(type == ET_EXEC, type == ET_DYN ? "out/tend is position-independent (ET_DYN): every start relocates its data" : $"ELF type {type}");
        // No program interpreter: nothing is loaded before Tend's own code runs.
        var phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(54));
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        for (var i = 0; i < phnum; i++)
            Assert.NotEqual(PT_INTERP, BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(phoff + i * phentsize)));
    }

    [Fact]
    public void The_type_data_is_not_compressed_to_be_expanded_at_start()
    {
        var names = SectionNames(File.ReadAllBytes(Paths.Tend));
        Assert.Contains("__managedcode", names); // the section list is read right
        Assert.DoesNotContain(".hydrated", names);
    }

    /// <summary>The names of the ELF64 file's sections.</summary>
    private static List<string> SectionNames(byte[] elf)
    {
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(58));
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(60));
        var shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(62));
        long Field(int index, int offset) => (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)(shoff + index * shentsize + offset)));
        var strings = Field(shstrndx, 24); // sh_offset of the names' string table
        var names = new List<string>();
        for (var i = 0; i < shnum; i++)
        {
            var at = (int)(strings + BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)(shoff + i * shentsize))));
            var end = Array.IndexOf(elf, (byte)0, at);
            names.Add(Encoding.ASCII.GetString(elf, at, end - at));
        }
        return names;
    }
}
