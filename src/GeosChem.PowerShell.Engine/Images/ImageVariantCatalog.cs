using System.Text.Json;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Images;

/// <summary>One image of the matrix: model, compiler, MPI and architecture, and what building it takes.</summary>
internal sealed record ImageVariant(
    string Model,
    string Version,
    string Compiler,
    string Mpi,
    string Architecture,
    string Support,
    string Notes,
    string March,
    string BuilderInstanceType,
    string AmiSuffix,
    IReadOnlyDictionary<string, string> Libraries)
{
    /// <summary>&lt;model&gt;-&lt;version&gt;-&lt;compiler&gt;-&lt;mpi&gt;-&lt;arch&gt;, lower case.</summary>
    public string Tag => $"{Model}-{Version}-{Compiler}-{Mpi}-{Architecture}".ToLowerInvariant();

    public bool Supported => Support != "unsupported";

    public string Dockerfile => $"{Model.ToLowerInvariant()}/Dockerfile";

    /// <summary>The --build-arg values for the variant's Dockerfile (each is an ARG declared there).</summary>
    public IReadOnlyDictionary<string, string> BuildArguments
    {
        get
        {
            var args = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["COMPILER"] = Compiler,
                ["MARCH"] = March,
                ["GEOSCHEM_VERSION"] = Version,
                ["ARCHITECTURE"] = Architecture,
                ["IMAGE_TAG"] = Tag,
                ["AWSCLI_VERSION"] = Libraries["awscli"],
                ["CMAKE_VERSION"] = Libraries["cmake"],
                ["HDF5_VERSION"] = Libraries["hdf5"],
                ["NETCDF_C_VERSION"] = Libraries["netcdfC"],
                ["NETCDF_FORTRAN_VERSION"] = Libraries["netcdfFortran"],
            };
            if (Model == "GCHP")
            {
                args["MPI"] = Mpi;
                args["OPENMPI_VERSION"] = Libraries["openmpi"];
                args["MPICH_VERSION"] = Libraries["mpich"];
                args["ESMF_VERSION"] = Libraries["esmf"];
                args["UDUNITS_VERSION"] = Libraries["udunits"];
            }
            return args;
        }
    }
}

/// <summary>dockerfiles/variants.json, embedded: the one list the Dockerfiles' arguments and the module both read.</summary>
internal sealed class ImageVariantCatalog
{
    private static readonly Lazy<ImageVariantCatalog> Embedded = new(() => Parse(BuildContext.ReadText("variants.json")));

    private ImageVariantCatalog(string defaultVersion, IReadOnlyList<string> versions, IReadOnlyList<ImageVariant> variants)
    {
        DefaultVersion = defaultVersion;
        Versions = versions;
        Variants = variants;
    }

    public static ImageVariantCatalog Default => Embedded.Value;

    public string DefaultVersion { get; }
    public IReadOnlyList<string> Versions { get; }
    /// <summary>Every variant at the default GEOS-Chem version.</summary>
    public IReadOnlyList<ImageVariant> Variants { get; }

    public static ImageVariantCatalog Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var defaultVersion = root.GetProperty("defaultGeosChemVersion").GetString()!;
        var versions = root.GetProperty("geosChemVersions").EnumerateArray().Select(v => v.GetString()!).ToList();
        var libraries = root.GetProperty("libraries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var architectures = root.GetProperty("architectures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var variants = root.GetProperty("variants").EnumerateArray().Select(v =>
        {
            var arch = v.GetProperty("architecture").GetString()!;
            var a = architectures[arch];
            return new ImageVariant(v.GetProperty("model").GetString()!, defaultVersion, v.GetProperty("compiler").GetString()!,
                v.GetProperty("mpi").GetString()!, arch, v.GetProperty("support").GetString()!, v.GetProperty("notes").GetString()!,
                a.GetProperty("march").GetString()!, a.GetProperty("builderInstanceType").GetString()!, a.GetProperty("amiSuffix").GetString()!, libraries);
        }).ToList();
        return new ImageVariantCatalog(defaultVersion, versions, variants);
    }

    /// <summary>Variants matching the filters (null matches all), at a GEOS-Chem version the matrix lists.</summary>
    public IReadOnlyList<ImageVariant> Find(string? model, string? architecture, string? compiler, string? mpi, string? version = null)
    {
        var v = version ?? DefaultVersion;
        if (!Versions.Contains(v))
        {
            throw new GcException(ErrorIds.ImageVersionUnknown, GcErrorKind.InvalidArgument,
                $"GEOS-Chem {v} is not a version the images are built for.", $"Use one of: {string.Join(", ", Versions)}.", version);
        }
        static bool Match(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
        return Variants.Where(x => Match(model, x.Model) && Match(architecture, x.Architecture) && Match(compiler, x.Compiler) && Match(mpi, x.Mpi))
            .Select(x => x with { Version = v }).ToList();
    }

    /// <summary>The variant a tag names (model-version-compiler-mpi-arch).</summary>
    public ImageVariant? FromTag(string tag)
    {
        foreach (var version in Versions)
        {
            var match = Variants.Select(x => x with { Version = version }).FirstOrDefault(x => x.Tag.Equals(tag.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match;
        }
        return null;
    }
}
