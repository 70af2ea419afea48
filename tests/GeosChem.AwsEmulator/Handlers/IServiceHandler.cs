using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>One AWS service as the emulator speaks it.</summary>
public interface IServiceHandler
{
    /// <summary>The SigV4 service name in the credential scope; requests are routed by it.</summary>
    string SigningName { get; }

    /// <summary>The IAM action prefix (for AccessDenied messages and deny rules).</summary>
    string IamPrefix { get; }

    /// <summary>The operation a request asks for, or null if the service has no such operation.</summary>
    string? OperationOf(EmulatorRequest request);

    /// <summary>The IAM action that authorises an operation (deny rules key on it); for most services prefix:Operation.</summary>
    string IamActionOf(string operation) => $"{IamPrefix}:{operation}";

    EmulatorResponse Handle(string operation, EmulatorRequest request);

    /// <summary>An error in this service's wire form.</summary>
    EmulatorResponse Error(int status, string code, string message, string requestId);

    /// <summary>What this service answers when it throttles.</summary>
    (int Status, string Code) Throttling { get; }

    /// <summary>What this service answers for an unknown key and for a bad signature.</summary>
    (int Status, string Code) UnknownKey { get; }
    (int Status, string Code) BadSignature { get; }
}
