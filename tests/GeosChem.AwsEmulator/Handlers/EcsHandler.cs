using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>Amazon ECS DescribeContainerInstances (json 1.1), answering for the container instances Batch attempts ran on.</summary>
public sealed class EcsHandler : IServiceHandler
{
    private const string Target = "AmazonEC2ContainerServiceV20141113.DescribeContainerInstances";

    public string SigningName => "ecs";
    public string IamPrefix => "ecs";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request) => request.Target == Target ? "DescribeContainerInstances" : null;

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var arns = (input["containerInstances"] as JsonArray ?? throw new EmulatorError(400, "InvalidParameterException", "containerInstances is required."))
            .Select(n => n!.GetValue<string>()).ToList();
        if (arns.Count > 100) throw new EmulatorError(400, "InvalidParameterException", "At most 100 container instances per call.");
        var found = new JsonArray();
        var failures = new JsonArray();
        lock (request.Region.Gate)
        {
            var known = request.Region.Batch.ContainerInstances;
            foreach (var arn in arns)
            {
                if (known.TryGetValue(arn, out var instance))
                {
                    found.Add(new JsonObject
                    {
                        ["containerInstanceArn"] = arn,
                        ["ec2InstanceId"] = instance.InstanceId,
                        ["attributes"] = new JsonArray(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = instance.InstanceType }),
                    });
                }
                else failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            }
        }
        return JsonWire.Ok(new JsonObject { ["containerInstances"] = found, ["failures"] = failures });
    }
}
