namespace GeosChem.PowerShell.Tests;

/// <summary>
/// A fact that needs the shellcheck binary. xUnit 2 has no skip from inside a test, so the absence is decided when
/// tests are discovered: without shellcheck the test is reported as skipped, with the reason, instead of passing unchecked.
/// </summary>
public sealed class ShellCheckFactAttribute : FactAttribute
{
    public static readonly string? Path = new[] { "/usr/bin/shellcheck", "/usr/local/bin/shellcheck" }.FirstOrDefault(File.Exists);

    public ShellCheckFactAttribute()
    {
        if (Path is null) Skip = "shellcheck is not installed (looked in /usr/bin and /usr/local/bin); install it (apt-get install shellcheck) to lint the builder scripts.";
    }
}
