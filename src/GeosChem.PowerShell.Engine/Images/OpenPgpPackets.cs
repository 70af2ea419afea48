using System.Buffers.Binary;

namespace GeosChem.PowerShell.Images;

/// <summary>The OpenPGP packet layer (RFC 4880 4.2-5.2) that <see cref="OpenPgpKey"/> and <see cref="OpenPgpSignature"/> read.</summary>
internal static class OpenPgpPackets
{
    public const int SignatureTag = 2, PublicKeyTag = 6, PublicSubkeyTag = 14;

    public sealed record Packet(int Tag, byte[] Body);

    /// <summary>The bytes of an ASCII-armored block (<paramref name="kind"/>: "PUBLIC KEY BLOCK", "SIGNATURE").</summary>
    public static byte[] Dearmor(string armored, string kind)
    {
        var lines = armored.ReplaceLineEndings("\n").Split('\n');
        var begin = Array.FindIndex(lines, l => l.Trim() == $"-----BEGIN PGP {kind}-----");
        var end = Array.FindIndex(lines, l => l.Trim() == $"-----END PGP {kind}-----");
        if (begin < 0 || end < begin) throw new FormatException($"no PGP {kind.ToLowerInvariant()}");
        var headersEnd = Array.FindIndex(lines, begin + 1, l => l.Trim().Length == 0);
        if (headersEnd < 0 || headersEnd > end) throw new FormatException($"the PGP {kind.ToLowerInvariant()} has no blank line after its headers");
        var body = lines[(headersEnd + 1)..end].Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('='));
        return Convert.FromBase64String(string.Concat(body));
    }

    public static IEnumerable<Packet> Read(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var header = data[at];
            if ((header & 0x80) == 0) throw new FormatException($"not an OpenPGP packet at byte {at}");
            int tag, length;
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                (length, var size) = Length(data, at + 1);
                at += 1 + size;
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var lengthType = header & 0x03;
                if (lengthType == 3) throw new FormatException("an indeterminate-length packet");
                var size = 1 << lengthType;
                if (at + 1 + size > data.Length) throw new FormatException("a truncated packet header");
                length = size switch
                {
                    1 => data[at + 1],
                    2 => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 1, 2)),
                    _ => checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + 1, 4))),
                };
                at += 1 + size;
            }
            if (at + length > data.Length) throw new FormatException("a truncated packet");
            yield return new Packet(tag, data[at..(at + length)]);
            at += length;
        }
    }

    /// <summary>A new-format packet or subpacket length: (length, octets it took).</summary>
    public static (int Length, int Size) Length(byte[] data, int at)
    {
        if (at >= data.Length) throw new FormatException("a truncated length");
        return data[at] switch
        {
            < 192 => (data[at], 1),
            < 224 when at + 1 < data.Length => (((data[at] - 192) << 8) + data[at + 1] + 192, 2),
            255 when at + 4 < data.Length => (checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + 1, 4))), 5),
            < 224 or 255 => throw new FormatException("a truncated length"),
            _ => throw new FormatException("a partial-length packet"),
        };
    }
}
