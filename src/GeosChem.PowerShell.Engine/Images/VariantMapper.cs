using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Images;

internal static class VariantMapper
{
    public static GcImageVariant ToModel(ImageVariant v) => new()
    {
        Model = v.Model, Version = v.Version, Compiler = v.Compiler, Mpi = v.Mpi, Architecture = v.Architecture, Tag = v.Tag,
        BuilderInstanceType = v.BuilderInstanceType, Supported = v.Supported, Support = v.Support, March = v.March, Notes = v.Notes,
    };

    /// <summary>The one variant the given fields name; the reference variant fills what is left out.</summary>
    public static ImageVariant Resolve(ImageVariantCatalog catalog, string model, string? architecture, string? compiler, string? mpi, string? version)
    {
        var candidates = catalog.Find(model, architecture ?? "x86_64", compiler, mpi, version);
        if (candidates.Count == 0)
        {
            var known = catalog.Find(model, null, null, null, version).Select(v => v.Tag);
            throw new GcException(ErrorIds.ImageVariantUnknown, GcErrorKind.InvalidArgument,
                $"No {model} image variant for architecture {architecture ?? "x86_64"}{(compiler is null ? "" : $", compiler {compiler}")}{(mpi is null ? "" : $", MPI {mpi}")}.",
                $"The {model} variants are: {string.Join(", ", known)}. Get-GcImageVariant lists them all.", model);
        }
        if (candidates.Count == 1) return candidates[0];
        return candidates.FirstOrDefault(v => v.Support == "reference") ?? candidates.FirstOrDefault(v => v.Support == "supported") ?? candidates[0];
    }
}
