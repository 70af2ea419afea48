using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GeosChem.AwsEmulator;

/// <summary>
/// AWS-owned public buckets read anonymously (no Authorization header): amazon-ssm-&lt;region&gt;'s signature of the latest
/// SSM Agent. The signature is laid out as AWS's are (a binary v4 signature packet, old-format header: hashed issuer
/// fingerprint, creation time and signer's user id; unhashed issuer key id; a 4096-bit RSA value), signed "by"
/// <see cref="EmulatorState.SsmAgentSigner"/>. It verifies nothing (the emulator has no AWS key): only who claims to
/// have signed it is real.
/// </summary>
internal static partial class PublicAwsBuckets
{
    [GeneratedRegex("^/amazon-ssm-[a-z0-9-]+/latest/linux_(amd64|arm64)/amazon-ssm-agent\\.rpm\\.sig$")]
    private static partial Regex SsmAgentSignature();

    public static async Task<bool> TryServeAsync(HttpContext http, EmulatorState state)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || http.Request.Headers.ContainsKey("Authorization")) return false;
        if (!SsmAgentSignature().IsMatch(http.Request.Path.Value ?? "")) return false;
        if (state.SsmAgentSigner is not { } signer)
        {
            http.Response.StatusCode = 404;
            return true;
        }
        var body = Signature(signer, state.Clock.UtcNow);
        http.Response.ContentType = "binary/octet-stream";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body).ConfigureAwait(false);
        return true;
    }

    private static byte[] Signature(string fingerprint, DateTime signedAt)
    {
        var issuer = Convert.FromHexString(fingerprint);
        var hashed = new MemoryStream();
        Subpacket(hashed, 33, [4, .. issuer]);
        var time = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(time, (uint)(signedAt - DateTime.UnixEpoch).TotalSeconds);
        Subpacket(hashed, 2, time);
        Subpacket(hashed, 28, Encoding.UTF8.GetBytes("SSM Agent <ssm-agent-signer@amazon.com>"));
        var unhashed = new MemoryStream();
        Subpacket(unhashed, 16, issuer[^8..]);

        var body = new MemoryStream();
        body.Write([4, 0x00, 1, 8]); // v4, binary document, RSA, SHA-256
        WriteLength16(body, (int)hashed.Length);
        hashed.WriteTo(body);
        WriteLength16(body, (int)unhashed.Length);
        unhashed.WriteTo(body);
        var value = RandomNumberGenerator.GetBytes(512);
        value[0] |= 0x80;
        body.Write([value[0], value[1], 0x10, 0x00]); // the hash's left 16 bits (here: any), then a 4096-bit MPI
        body.Write(value);

        var packet = new MemoryStream();
        packet.WriteByte(0x89); // old format, tag 2, two-octet length: as AWS's .sig files begin
        WriteLength16(packet, (int)body.Length);
        body.WriteTo(packet);
        return packet.ToArray();
    }

    private static void Subpacket(Stream stream, int type, byte[] value)
    {
        stream.WriteByte((byte)(value.Length + 1));
        stream.WriteByte((byte)type);
        stream.Write(value);
    }

    private static void WriteLength16(Stream stream, int length)
    {
        stream.WriteByte((byte)(length >> 8));
        stream.WriteByte((byte)length);
    }
}
