using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws;

/// <summary>How our own protocol clients retry: capped exponential backoff with full jitter.</summary>
internal sealed record RetryOptions
{
    /// <summary>Five attempts (the SDKs' legacy default) rather than three: sweeps of Batch submissions meet throttling routinely.</summary>
    public const int DefaultMaxAttempts = 5;

    public int MaxAttempts { get; init; } = DefaultMaxAttempts;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads AWS_MAX_ATTEMPTS the way the AWS SDKs and CLI do (total attempts, including the first).</summary>
    public static RetryOptions FromEnvironment(IEnvironment environment)
    {
        var raw = environment.Get("AWS_MAX_ATTEMPTS");
        if (raw is null)
        {
            return new RetryOptions();
        }
        if (!int.TryParse(raw, out var attempts) || attempts < 1)
        {
            throw new GcException(ErrorIds.AwsMaxAttemptsInvalid, GcErrorKind.InvalidArgument,
                $"AWS_MAX_ATTEMPTS is '{raw}', which is not a whole number of 1 or more.",
                "Set it to the total number of attempts per call (for example 5), or remove it to use the default.");
        }
        return new RetryOptions { MaxAttempts = attempts };
    }

    /// <summary>Full jitter: a uniformly random wait between zero and the capped exponential bound.</summary>
    public TimeSpan DelayBeforeRetry(int failedAttempt, Random random)
    {
        var exponent = Math.Min(failedAttempt - 1, 20);
        var boundMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(random.NextDouble() * boundMs);
    }
}
