using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RRBackup.Engine.Manifest;

/// <summary>
/// A SHA-256 held as four words: 32 bytes inside its owner instead of a 64-character hex string
/// (about 150 bytes on the heap), which is most of a manifest entry's size on a large tree.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Sha256Digest : IEquatable<Sha256Digest>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private Sha256Digest(ulong a, ulong b, ulong c, ulong d) => (_a, _b, _c, _d) = (a, b, c, d);

    public static Sha256Digest FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SHA256.HashSizeInBytes)
        {
            throw new FormatException($"a SHA-256 has {SHA256.HashSizeInBytes} bytes, not {bytes.Length}");
        }

        return new Sha256Digest(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Parses 64 hex digits (either case).</summary>
    /// <exception cref="FormatException">The text is not 64 hex digits.</exception>
    public static Sha256Digest FromHex(string hex)
    {
        if (hex.Length != 2 * SHA256.HashSizeInBytes)
        {
            throw new FormatException($"a SHA-256 is {2 * SHA256.HashSizeInBytes} hex digits, not {hex.Length} characters");
        }

        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            throw new FormatException("a SHA-256 is 64 hex digits");
        }

        return FromBytes(bytes);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Lowercase hex, as the manifest's JSON and the object headers' messages show it.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(Sha256Digest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Sha256Digest other && Equals(other);

    // The words of a cryptographic hash are already uniformly spread.
    public override int GetHashCode() => (int)_a;

    public override string ToString() => ToHex();

    public static bool operator ==(Sha256Digest left, Sha256Digest right) => left.Equals(right);

    public static bool operator !=(Sha256Digest left, Sha256Digest right) => !left.Equals(right);
}
