using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>Amazon ECR (json 1.1, AmazonEC2ContainerRegistry_V20150921): repositories, images, login tokens.</summary>
public sealed class EcrHandler(EmulatorState state) : IServiceHandler
{
    private const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";
    private static readonly string[] Operations = ["CreateRepository", "DescribeRepositories", "DescribeImages", "GetAuthorizationToken", "BatchDeleteImage", "PutImage"];

    public string SigningName => "ecr";
    public string IamPrefix => "ecr";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request) => JsonWire.OperationFromTarget(request, TargetPrefix, Operations);

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    /// <summary>"registry/repository:tag" to (repository, tag).</summary>
    public static (string Repository, string Tag) Split(string imageUri)
    {
        var path = imageUri[(imageUri.IndexOf('/') + 1)..];
        var colon = path.LastIndexOf(':');
        return colon < 0 ? (path, "latest") : (path[..colon], path[(colon + 1)..]);
    }

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var region = request.Region;
        lock (region.Gate)
        {
            return operation switch
            {
                "CreateRepository" => CreateRepository(region, input),
                "DescribeRepositories" => DescribeRepositories(region, input),
                "DescribeImages" => DescribeImages(region, input),
                "GetAuthorizationToken" => GetAuthorizationToken(region),
                "BatchDeleteImage" => BatchDeleteImage(region, input),
                "PutImage" => PutImage(region, input),
                _ => throw new EmulatorError(400, "InvalidParameterException", operation),
            };
        }
    }

    private static string Registry(RegionState region) => $"{region.Account}.dkr.ecr.{region.Region}.amazonaws.com";

    private static JsonObject RepositoryJson(RegionState region, EcrRepository r) => new()
    {
        ["repositoryArn"] = r.Arn, ["registryId"] = region.Account, ["repositoryName"] = r.Name, ["repositoryUri"] = r.Uri,
        ["createdAt"] = JsonWire.Epoch(r.CreatedAt), ["imageTagMutability"] = r.ImageTagMutability,
        ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = true },
    };

    private static EcrRepository Find(RegionState region, string name) =>
        region.Repositories.GetValueOrDefault(name)
        ?? throw new EmulatorError(400, "RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{region.Account}'");

    private static EmulatorResponse CreateRepository(RegionState region, JsonObject input)
    {
        var name = input.Required("repositoryName", "InvalidParameterException");
        if (region.Repositories.ContainsKey(name))
        {
            throw new EmulatorError(400, "RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{region.Account}'");
        }
        var repo = new EcrRepository(name, $"arn:aws:ecr:{region.Region}:{region.Account}:repository/{name}", $"{Registry(region)}/{name}", region.Clock.UtcNow)
        {
            ImageTagMutability = input.Str("imageTagMutability") ?? "MUTABLE",
        };
        region.Repositories[name] = repo;
        return JsonWire.Ok(new JsonObject { ["repository"] = RepositoryJson(region, repo) });
    }

    private EmulatorResponse DescribeRepositories(RegionState region, JsonObject input)
    {
        var names = (input["repositoryNames"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        var repos = names is null ? region.Repositories.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList() : names.Select(n => Find(region, n)).ToList();
        var (page, next) = Page(repos, input);
        var result = new JsonObject { ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode)RepositoryJson(region, r))]) };
        if (next is not null) result["nextToken"] = next;
        return JsonWire.Ok(result);
    }

    private EmulatorResponse DescribeImages(RegionState region, JsonObject input)
    {
        var repo = Find(region, input.Required("repositoryName", "InvalidParameterException"));
        var ids = (input["imageIds"] as JsonArray)?.OfType<JsonObject>().ToList();
        var images = repo.Images.OrderByDescending(i => i.PushedAt).ToList();
        if (ids is not null)
        {
            images = [];
            foreach (var id in ids)
            {
                var match = repo.Images.FirstOrDefault(i => i.Digest == id.Str("imageDigest") || i.Tags.Contains(id.Str("imageTag") ?? "\0"))
                    ?? throw new EmulatorError(400, "ImageNotFoundException", $"The image with imageId {{imageDigest:'{id.Str("imageDigest") ?? "null"}', imageTag:'{id.Str("imageTag") ?? "null"}'}} does not exist within the repository with name '{repo.Name}'");
                images.Add(match);
            }
        }
        var (page, next) = Page(images, input);
        var result = new JsonObject
        {
            ["imageDetails"] = new JsonArray([.. page.Select(i => (JsonNode)new JsonObject
            {
                ["registryId"] = region.Account, ["repositoryName"] = repo.Name, ["imageDigest"] = i.Digest,
                ["imageTags"] = new JsonArray([.. i.Tags.Select(t => (JsonNode)t)]), ["imageSizeInBytes"] = i.SizeBytes,
                ["imagePushedAt"] = JsonWire.Epoch(i.PushedAt), ["imageScanStatus"] = new JsonObject { ["status"] = i.ScanStatus },
                ["imageManifestMediaType"] = "application/vnd.oci.image.manifest.v1+json",
            })]),
        };
        if (next is not null) result["nextToken"] = next;
        return JsonWire.Ok(result);
    }

    private static EmulatorResponse GetAuthorizationToken(RegionState region) =>
        JsonWire.Ok(new JsonObject
        {
            ["authorizationData"] = new JsonArray(new JsonObject
            {
                ["authorizationToken"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:emulator-registry-token")),
                ["expiresAt"] = JsonWire.Epoch(region.Clock.UtcNow.AddHours(12)),
                ["proxyEndpoint"] = $"https://{Registry(region)}",
            }),
        });

    private static EmulatorResponse BatchDeleteImage(RegionState region, JsonObject input)
    {
        var repo = Find(region, input.Required("repositoryName", "InvalidParameterException"));
        var deleted = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in (input["imageIds"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var tag = id.Str("imageTag");
            var digest = id.Str("imageDigest");
            var image = repo.Images.FirstOrDefault(i => i.Digest == digest || (tag is not null && i.Tags.Contains(tag)));
            if (image is null)
            {
                failures.Add(new JsonObject { ["imageId"] = id.DeepClone(), ["failureCode"] = "ImageNotFound", ["failureReason"] = "Requested image not found" });
                continue;
            }
            if (tag is not null && digest is null && image.Tags.Count > 1) image.Tags.Remove(tag);
            else repo.Images.Remove(image);
            deleted.Add(new JsonObject { ["imageDigest"] = image.Digest, ["imageTag"] = tag });
        }
        return JsonWire.Ok(new JsonObject { ["imageIds"] = deleted, ["failures"] = failures });
    }

    /// <summary>The last call of a push: the manifest (its SHA-256 is the digest) under a tag, refused in an immutable
    /// repository where the tag is already on another image.</summary>
    private static EmulatorResponse PutImage(RegionState region, JsonObject input)
    {
        var repo = Find(region, input.Required("repositoryName", "InvalidParameterException"));
        var manifest = input.Required("imageManifest", "InvalidParameterException");
        var tag = input.Str("imageTag") ?? throw new EmulatorError(400, "InvalidParameterException", "An image tag is required for this emulator's PutImage.");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifest)));
        var image = repo.Put(new EcrImage { Digest = digest, SizeBytes = manifest.Length, PushedAt = region.Clock.UtcNow }, tag);
        return JsonWire.Ok(new JsonObject
        {
            ["image"] = new JsonObject
            {
                ["registryId"] = region.Account, ["repositoryName"] = repo.Name, ["imageManifest"] = manifest,
                ["imageId"] = new JsonObject { ["imageDigest"] = image.Digest, ["imageTag"] = tag },
            },
        });
    }

    private (List<T> Page, string? Next) Page<T>(List<T> all, JsonObject input)
    {
        var size = Math.Min((int)(input.Num("maxResults") ?? 100), state.MaxPageSize);
        var offset = JsonWire.Offset(input.Str("nextToken"));
        return (all.Skip(offset).Take(size).ToList(), JsonWire.NextToken(offset, size, all.Count));
    }
}
