using System.Buffers.Binary;
using System.Text;

namespace RRBackup.Engine.Manifest;

/// <summary>
/// Reads the primitives of <see cref="System.IO.BinaryWriter"/> (little-endian integers, 7-bit
/// length-prefixed UTF-8 strings) straight from memory: no stream, and paths rebuilt from the
/// previous one's prefix without an intermediate string.
/// </summary>
internal ref struct CacheSpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public void Skip(int count) => Take(count);

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(sizeof(short)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() != 0;

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public long Read7BitEncodedInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)result;
            }
        }

        throw new FormatException("a 7-bit-encoded integer is longer than 64 bits");
    }

    public int Read7BitEncodedLength()
    {
        var value = Read7BitEncodedInt64();
        return value is < 0 or > int.MaxValue ? throw new FormatException($"a length of {value} is out of range") : (int)value;
    }

    public string ReadString() => Encoding.UTF8.GetString(Take(Read7BitEncodedLength()));

    public string? ReadOptionalString() => ReadBoolean() ? ReadString() : null;

    /// <summary>A string stored as the length of the prefix it shares with <paramref name="previous"/> and the rest.</summary>
    public string ReadStringAfter(string previous)
    {
        var shared = Read7BitEncodedLength();
        if (shared > previous.Length)
        {
            throw new FormatException($"a path shares {shared} characters with a previous path of {previous.Length}");
        }

        var suffix = Take(Read7BitEncodedLength());
        var length = shared + Encoding.UTF8.GetCharCount(suffix);
        var chars = length <= 1024 ? stackalloc char[length] : new char[length];
        previous.AsSpan(0, shared).CopyTo(chars);
        Encoding.UTF8.GetChars(suffix, chars[shared..]);
        return new string(chars);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position > _bytes.Length - count)
        {
            throw new FormatException("the cache ends in the middle of a field");
        }

        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }
}
