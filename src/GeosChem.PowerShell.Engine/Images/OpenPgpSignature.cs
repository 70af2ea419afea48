using System.Buffers.Binary;
using System.Text;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// A v4 OpenPGP signature's type, time and issuer (RFC 4880 5.2.3), read without verifying it: enough to tell which key a
/// detached signature claims to be made by, and which self-signature of a key is the newest.
/// </summary>
internal sealed record OpenPgpSignature(int Type, DateTime Created, long? KeyExpirySeconds, bool PrimaryUserId, string? IssuerFingerprint, string? IssuerKeyId)
{
    private const int CreationSubpacket = 2, KeyExpirationSubpacket = 9, IssuerSubpacket = 16, PrimaryUserIdSubpacket = 25, IssuerFingerprintSubpacket = 33;

    public bool IsUserIdCertification => Type is >= 0x10 and <= 0x13;
    public bool IsDirectKey => Type == 0x1F;

    /// <summary>Whether the issuer named is the key with this fingerprint (by fingerprint, or by its low 64 bits).</summary>
    public bool IsIssuedBy(string fingerprint) =>
        IssuerFingerprint is not null ? IssuerFingerprint == fingerprint
            : IssuerKeyId is not null && fingerprint.EndsWith(IssuerKeyId, StringComparison.Ordinal);

    public string Issuer => IssuerFingerprint ?? IssuerKeyId ?? "an unnamed key";

    /// <summary>The first signature of a detached signature file, binary (as AWS publishes .sig files) or armored.</summary>
    public static OpenPgpSignature ReadDetached(byte[] file)
    {
        var text = file.Length > 0 && file[0] == (byte)'-' ? Encoding.ASCII.GetString(file) : null;
        var bytes = text is not null ? OpenPgpPackets.Dearmor(text, "SIGNATURE") : file;
        var packet = OpenPgpPackets.Read(bytes).FirstOrDefault(p => p.Tag == OpenPgpPackets.SignatureTag)
            ?? throw new FormatException("no signature packet");
        return Read(packet.Body) ?? throw new FormatException($"a version {packet.Body.FirstOrDefault()} signature: only v4 signatures are read");
    }

    /// <summary>A signature packet's body; null for versions other than 4 (gpg writes v4 for v4 keys).</summary>
    public static OpenPgpSignature? Read(byte[] body)
    {
        if (body.Length < 8 || body[0] != 4) return null;
        var hashedLength = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(4, 2));
        var unhashedAt = 6 + hashedLength;
        if (unhashedAt + 2 > body.Length) throw new FormatException("a truncated signature");
        var unhashedLength = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(unhashedAt, 2));
        DateTime created = default;
        long? expiry = null;
        var primary = false;
        string? issuerFingerprint = null, issuerKeyId = null;
        foreach (var (type, value, hashed) in Subpackets(body, 6, hashedLength, hashed: true).Concat(Subpackets(body, unhashedAt + 2, unhashedLength, hashed: false)))
        {
            // Only hashed subpackets are covered by the signature; the issuer may sit unhashed (it only names the key).
            if (hashed && type == CreationSubpacket && value.Length == 4) created = DateTime.UnixEpoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(value));
            else if (hashed && type == KeyExpirationSubpacket && value.Length == 4) expiry = BinaryPrimitives.ReadUInt32BigEndian(value);
            else if (hashed && type == PrimaryUserIdSubpacket && value.Length == 1) primary = value[0] != 0;
            else if (type == IssuerFingerprintSubpacket && value.Length == 21 && value[0] == 4) issuerFingerprint = Convert.ToHexString(value[1..]);
            else if (type == IssuerSubpacket && value.Length == 8) issuerKeyId = Convert.ToHexString(value);
        }
        return new OpenPgpSignature(body[1], created, expiry, primary, issuerFingerprint, issuerKeyId);
    }

    private static IEnumerable<(int Type, byte[] Value, bool Hashed)> Subpackets(byte[] body, int start, int length, bool hashed)
    {
        var at = start;
        var end = start + length;
        if (end > body.Length) throw new FormatException("a truncated signature subpacket area");
        while (at < end)
        {
            var (size, lengthSize) = OpenPgpPackets.Length(body, at);
            at += lengthSize;
            if (size < 1 || at + size > end) throw new FormatException("a malformed signature subpacket");
            yield return (body[at] & 0x7F, body[(at + 1)..(at + size)], hashed);
            at += size;
        }
    }
}
