using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// What an ASCII-armored OpenPGP public key says about itself (RFC 4880): the primary key's v4 fingerprint, when it was
/// made, and when it expires by its self-signatures, chosen as gpg chooses them. Read so that a build can refuse a key gpg
/// would refuse (EXPKEYSIG) before a builder is paid for; signatures are not verified here, gpg does that on the builder.
/// </summary>
internal sealed record OpenPgpKey(string Fingerprint, DateTime Created, DateTime? Expires, IReadOnlyList<string> SubkeyFingerprints)
{
    /// <summary>Whether a signature names this key or one of its subkeys as its issuer.</summary>
    public bool Signed(OpenPgpSignature signature) => signature.IsIssuedBy(Fingerprint) || SubkeyFingerprints.Any(signature.IsIssuedBy);

    public static OpenPgpKey Read(string armored)
    {
        var packets = OpenPgpPackets.Read(OpenPgpPackets.Dearmor(armored, "PUBLIC KEY BLOCK")).ToList();
        if (packets.Count == 0 || packets[0].Tag != OpenPgpPackets.PublicKeyTag) throw new FormatException("the key block does not start with a public key packet");
        var key = packets[0].Body;
        if (key.Length < 6 || key[0] != 4) throw new FormatException($"a version {key[0]} key: only v4 keys are read");
        var fingerprint = Convert.ToHexString(V4Fingerprint(key));
        var created = DateTime.UnixEpoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(1, 4)));

        // Self-signatures on the primary key, before the first subkey. As gpg: a direct-key signature's expiry wins; otherwise
        // the newest certification of the primary user id, or failing one marked primary, the newest certification.
        var selfSignatures = packets.Skip(1).TakeWhile(p => p.Tag != OpenPgpPackets.PublicSubkeyTag).Where(p => p.Tag == OpenPgpPackets.SignatureTag)
            .Select(p => OpenPgpSignature.Read(p.Body)).OfType<OpenPgpSignature>()
            .Where(s => (s.IsUserIdCertification || s.IsDirectKey) && s.IsIssuedBy(fingerprint))
            .OrderByDescending(s => s.Created).ToList();
        var newest = selfSignatures.FirstOrDefault(s => s.IsDirectKey && s.KeyExpirySeconds is not null)
            ?? selfSignatures.FirstOrDefault(s => s.IsUserIdCertification && s.PrimaryUserId)
            ?? selfSignatures.FirstOrDefault(s => s.IsUserIdCertification)
            ?? throw new FormatException("the key block has no self-signature on its primary key");
        DateTime? expires = newest.KeyExpirySeconds is > 0 ? created.AddSeconds(newest.KeyExpirySeconds.Value) : null;
        var subkeys = packets.Where(p => p.Tag == OpenPgpPackets.PublicSubkeyTag && p.Body.Length > 0 && p.Body[0] == 4)
            .Select(p => Convert.ToHexString(V4Fingerprint(p.Body))).ToList();
        return new OpenPgpKey(fingerprint, created, expires, subkeys);
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
}
