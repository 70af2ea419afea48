using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>GEOS-Chem images in ECR: tags, digests, sizes, push dates and scan status.</summary>
[Cmdlet(VerbsCommon.Get, "GcImage")]
[OutputType(typeof(GcImage))]
public sealed class GetGcImageCommand : GcAwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Variant")]
    [ArgumentCompleter(typeof(ImageTagCompleter))]
    public string[]? Tag { get; set; }

    /// <summary>Default: the configuration's deployed repository, else geoschem.</summary>
    [Parameter]
    public string? Repository { get; set; }

    /// <summary>The configuration whose deployed repository and region apply; default: the per-user configuration.</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    private PlatformConfiguration? _platform;

    protected override void BeginProcessing() => _platform = PlatformConfiguration.From(new ConfigurationFile(this, ConfigurationPath).LoadIfPresent(this));

    protected override void ProcessRecord()
    {
        var context = Context;
        var repository = Repository ?? _platform?.EcrRepository ?? "geoschem";
        var ecr = Aws.Ecr(context);
        try
        {
            var repo = Run(ct => ecr.FindRepositoryAsync(repository, ct));
            if (repo is null)
            {
                WriteWarning($"There is no ECR repository '{repository}' in {context.Region} yet; Start-GcImageBuild creates it.");
                return;
            }
            foreach (var detail in Stream(ecr.DescribeImagesAsync(repository, StopToken)))
            {
                var tags = detail.ImageTags?.ToArray() ?? [];
                var wanted = Tag is not { Length: > 0 } ? tags.Cast<string?>().DefaultIfEmpty(null) : tags.Where(t => Tag.Contains(t, StringComparer.OrdinalIgnoreCase)).Cast<string?>();
                foreach (var tag in wanted)
                {
                    WriteObject(new GcImage
                    {
                        Repository = repository,
                        Tag = tag,
                        Tags = tags,
                        ImageUri = tag is null ? $"{repo.RepositoryUri}@{detail.ImageDigest}" : $"{repo.RepositoryUri}:{tag}",
                        Digest = detail.ImageDigest,
                        SizeMiB = Math.Round((detail.ImageSizeInBytes ?? 0) / 1048576.0, 1),
                        PushedAt = detail.ImagePushedAt,
                        ScanStatus = detail.ImageScanStatus?.Status,
                        Variant = tag is null ? null : ImageVariantCatalog.Default.FromTag(tag)?.Tag,
                        Region = context.Region,
                    });
                }
            }
        }
        catch (GcException ex)
        {
            ThrowGcError(ex, awsFailureId: ErrorIds.ImageListFailed);
        }
    }
}
