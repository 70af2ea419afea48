using System.Security;

namespace GeosChem.AwsEmulator.Wire;

/// <summary>The query protocols' XML answers: EC2's and STS's error forms differ.</summary>
public static class QueryWire
{
    public const string Xml = "text/xml;charset=UTF-8";

    public static string Escape(string? value) => SecurityElement.Escape(value ?? "");

    public static EmulatorResponse Ec2Error(int status, string code, string message, string requestId) =>
        new(status, Xml, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{Escape(code)}</Code><Message>{Escape(message)}</Message></Error></Errors><RequestID>{requestId}</RequestID></Response>");

    public static EmulatorResponse StsError(int status, string code, string message, string requestId) =>
        new(status, Xml, $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{Escape(code)}</Code><Message>{Escape(message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>");
}
