using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// What an ASCII-armored OpenPGP public key says about itself (RFC 4880): the primary key's v4 fingerprint, when it was
/// made, and when it expires by its newest self-signature. Read so that a build can refuse a key gpg would refuse
/// (EXPKEYSIG) before a builder is paid for; signatures are not verified here, gpg does that on the builder.
/// </summary>
internal sealed record OpenPgpKey(string Fingerprint, DateTime Created, DateTime? Expires)
{
    private const int SignatureTag = 2, PublicKeyTag = 6, PublicSubkeyTag = 14;
    private const int SignatureCreationSubpacket = 2, KeyExpirationSubpacket = 9, IssuerSubpacket = 16, IssuerFingerprintSubpacket = 33;

    public static OpenPgpKey Read(string armored)
    {
        var packets = Packets(Dearmor(armored)).ToList();
        if (packets.Count == 0 || packets[0].Tag != PublicKeyTag) throw new FormatException("the key block does not start with a public key packet");
        var key = packets[0].Body;
        if (key.Length < 6 || key[0] != 4) throw new FormatException($"a version {key[0]} key: only v4 keys are read");
        var fingerprint = Convert.ToHexString(V4Fingerprint(key));
        var created = DateTime.UnixEpoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(1, 4)));

        // Self-signatures on the primary key (user id certifications 0x10-0x13, direct key 0x1F) before the first subkey;
        // the newest one decides the expiry, as gpg does.
        var newest = packets.Skip(1).TakeWhile(p => p.Tag != PublicSubkeyTag).Where(p => p.Tag == SignatureTag)
            .Select(p => Signature.Read(p.Body))
            .Where(s => s is not null && s.IsSelfCertification && s.IsIssuedBy(fingerprint))
            .OrderByDescending(s => s!.Created).FirstOrDefault()
            ?? throw new FormatException("the key block has no self-signature on its primary key");
        DateTime? expires = newest.KeyExpirySeconds is > 0 ? created.AddSeconds(newest.KeyExpirySeconds.Value) : null;
        return new OpenPgpKey(fingerprint, created, expires);
    }

    private static byte[] V4Fingerprint(byte[] keyBody)
    {
        var framed = new byte[keyBody.Length + 3];
        framed[0] = 0x99;
        BinaryPrimitives.WriteUInt16BigEndian(framed.AsSpan(1), (ushort)keyBody.Length);
        keyBody.CopyTo(framed, 3);
#pragma warning disable CA5350 // OpenPGP v4 fingerprints are SHA-1 by definition (RFC 4880 12.2); nothing is trusted on it alone
        return SHA1.HashData(framed);
#pragma warning restore CA5350
    }

    private static byte[] Dearmor(string armored)
    {
        var lines = armored.ReplaceLineEndings("\n").Split('\n');
        var begin = Array.FindIndex(lines, l => l.Trim() == "-----BEGIN PGP PUBLIC KEY BLOCK-----");
        var end = Array.FindIndex(lines, l => l.Trim() == "-----END PGP PUBLIC KEY BLOCK-----");
        if (begin < 0 || end < begin) throw new FormatException("no PGP public key block");
        var headersEnd = Array.FindIndex(lines, begin + 1, l => l.Trim().Length == 0);
        if (headersEnd < 0 || headersEnd > end) throw new FormatException("the key block has no blank line after its headers");
        var body = lines[(headersEnd + 1)..end].Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('='));
        return Convert.FromBase64String(string.Concat(body));
    }

    private sealed record Packet(int Tag, byte[] Body);

    private static IEnumerable<Packet> Packets(byte[] data)
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
                (length, var size) = NewFormatLength(data, at + 1);
                at += 1 + size;
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var lengthType = header & 0x03;
                if (lengthType == 3) throw new FormatException("an indeterminate-length packet in a key block");
                var size = 1 << lengthType;
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

    private static (int Length, int Size) NewFormatLength(byte[] data, int at) => data[at] switch
    {
        < 192 => (data[at], 1),
        < 224 => (((data[at] - 192) << 8) + data[at + 1] + 192, 2),
        255 => (checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + 1, 4))), 5),
        _ => throw new FormatException("a partial-length packet in a key block"),
    };

    private sealed record Signature(int Type, DateTime Created, long? KeyExpirySeconds, string? IssuerFingerprint, string? IssuerKeyId)
    {
        public bool IsSelfCertification => Type is >= 0x10 and <= 0x13 or 0x1F;

        public bool IsIssuedBy(string fingerprint) =>
            IssuerFingerprint == fingerprint || (IssuerFingerprint is null && IssuerKeyId is not null && fingerprint.EndsWith(IssuerKeyId, StringComparison.Ordinal));

        /// <summary>A v4 signature's type and subpackets; null for other versions (gpg writes v4 for v4 keys).</summary>
        public static Signature? Read(byte[] body)
        {
            if (body.Length < 6 || body[0] != 4) return null;
            var hashedLength = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(4, 2));
            var unhashedAt = 6 + hashedLength;
            var unhashedLength = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(unhashedAt, 2));
            DateTime created = default;
            long? expiry = null;
            string? issuerFingerprint = null, issuerKeyId = null;
            foreach (var (type, value, hashed) in Subpackets(body, 6, hashedLength, hashed: true).Concat(Subpackets(body, unhashedAt + 2, unhashedLength, hashed: false)))
            {
                // Only hashed subpackets are covered by the signature; the issuer may sit unhashed (it only names the key).
                if (hashed && type == SignatureCreationSubpacket) created = DateTime.UnixEpoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
                else if (hashed && type == KeyExpirationSubpacket) expiry = BinaryPrimitives.ReadUInt32BigEndian(value);
                else if (type == IssuerFingerprintSubpacket && value.Length == 21 && value[0] == 4) issuerFingerprint = Convert.ToHexString(value[1..]);
                else if (type == IssuerSubpacket && value.Length == 8) issuerKeyId = Convert.ToHexString(value);
            }
            return new Signature(body[1], created, expiry, issuerFingerprint, issuerKeyId);
        }

        private static IEnumerable<(int Type, byte[] Value, bool Hashed)> Subpackets(byte[] body, int start, int length, bool hashed)
        {
            var at = start;
            var end = start + length;
            while (at < end)
            {
                var (size, lengthSize) = NewFormatLength(body, at);
                at += lengthSize;
                if (size < 1 || at + size > end) throw new FormatException("a malformed signature subpacket");
                yield return (body[at] & 0x7F, body[(at + 1)..(at + size)], hashed);
                at += size;
            }
        }
    }
}
