using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GeosChem.AwsEmulator;

/// <summary>Who signed a request, and for which region and service (from the credential scope).</summary>
public sealed record VerifiedCaller(EmulatorCredential Credential, string Region, string Service);

/// <summary>Why a signature was rejected, in the terms AWS uses.</summary>
public sealed class SignatureRejected(string reason, string message, string? service) : Exception(message)
{
    /// <summary>UnknownKey, BadSignature, Expired or Missing.</summary>
    public string Reason { get; } = reason;
    public string? Service { get; } = service;
}

/// <summary>
/// Checks the SigV4 signature of every request by signing it again with AWSSDK.Core's signer, using the secret the
/// emulator holds for the access key and the request's own x-amz-date, and comparing the two signatures.
/// </summary>
public sealed class SigV4Verifier(EmulatorState state)
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);
    private static readonly HashSet<string> SignerOwnHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token" };

    public VerifiedCaller Verify(HttpContext context, byte[] body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            throw new SignatureRejected("Missing", "Missing Authentication Token", null);
        }
        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            throw new SignatureRejected("Missing", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.", null);
        }
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw new SignatureRejected("BadSignature", $"Credential should be scoped correctly: '{credential}'.", null);
        }
        var (accessKey, region, service) = (scope[0], scope[2], scope[3]);
        var known = state.FindCredential(accessKey)
            ?? throw new SignatureRejected("UnknownKey", "The security token included in the request is invalid.", service);

        var amzDate = context.Request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new SignatureRejected("BadSignature", "The request has no valid X-Amz-Date header.", service);
        }
        if ((DateTime.UtcNow - signedAt).Duration() > MaxSkew)
        {
            throw new SignatureRejected("BadSignature", $"Signature expired: {amzDate} is more than 15 minutes from the server's time.", service);
        }

        var expected = Resign(context, body, known, region, service, signedHeaders, signedAt);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Signature), Encoding.ASCII.GetBytes(signature))
            || !string.Equals(expected.SignedHeaders, signedHeaders, StringComparison.Ordinal))
        {
            throw new SignatureRejected("BadSignature",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", service);
        }
        return new VerifiedCaller(known, region, service);
    }

    private static (string Signature, string SignedHeaders) Resign(HttpContext context, byte[] body, EmulatorCredential known,
        string region, string service, string signedHeaders, DateTime signedAt)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var request = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(context.Request.Method),
            RequestUri = new Uri($"{context.Request.Scheme}://{context.Request.Host}{rawTarget}"),
            Content = body,
        };
        foreach (var name in signedHeaders.Split(';'))
        {
            if (SignerOwnHeaders.Contains(name)) continue;
            request.Headers[name] = context.Request.Headers[name].ToString();
        }
        var token = context.Request.Headers["X-Amz-Security-Token"].ToString();
        AWSCredentials credentials = string.IsNullOrEmpty(token)
            ? new BasicAWSCredentials(known.AccessKeyId, known.SecretAccessKey)
            : new SessionAWSCredentials(known.AccessKeyId, known.SecretAccessKey, token);
        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = Amazon.RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignedAt = signedAt,
        });
        var header = result.Headers["Authorization"];
        string Field(string name)
        {
            var start = header.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
            var end = header.IndexOf(',', start);
            return end < 0 ? header[start..] : header[start..end];
        }
        return (Field("Signature"), Field("SignedHeaders"));
    }
}
