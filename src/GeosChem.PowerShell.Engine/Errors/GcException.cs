namespace GeosChem.PowerShell.Errors;

/// <summary>
/// A failure the user can act on: a stable error id, a category, a message that says what went wrong
/// and <see cref="Fix"/>, what to do about it.
/// </summary>
internal class GcException : Exception
{
    public GcException(string errorId, GcErrorKind kind, string message, string? fix = null, object? target = null, Exception? inner = null)
        : base(fix is null ? message : $"{message} {fix}", inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Problem = message;
        Fix = fix;
        Target = target;
    }

    public string ErrorId { get; }
    public GcErrorKind Kind { get; }
    public string Problem { get; }
    public string? Fix { get; }
    public object? Target { get; }
}
