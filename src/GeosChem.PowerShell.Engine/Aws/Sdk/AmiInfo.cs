namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>An AMI as DescribeImages reports it.</summary>
internal sealed record AmiInfo(string ImageId, string Name, string OwnerId, string Architecture, DateTime CreationDate);
