using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GeosChem.AwsEmulator;

/// <summary>
/// The test harness's door into the emulator (unsigned, loopback only): faults, seeding, deny rules, decisions on
/// quota requests, and counters. Everything under /_emulator/.
/// </summary>
internal static class ControlApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app, AwsEmulator emulator)
    {
        var state = emulator.State;
        app.MapGet("/_emulator/health", () => Results.Json(new { status = "ok", accessKeyId = EmulatorCredentials.Default.AccessKeyId }));

        app.MapGet("/_emulator/stats", () => Results.Json(emulator.Faults.Counters.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value)));

        app.MapPost("/_emulator/faults", async (HttpContext http) =>
        {
            emulator.Faults.Settings = await Read<FaultSettings>(http) ?? new FaultSettings();
            return Results.Json(emulator.Faults.Settings);
        });

        app.MapPost("/_emulator/reset", () =>
        {
            state.Reset();
            emulator.Faults.Reset();
            emulator.Recorder.Clear();
            return Results.Ok();
        });

        app.MapPost("/_emulator/settings", async (HttpContext http) =>
        {
            var body = await Read<JsonObject>(http) ?? [];
            if (body["maxPageSize"] is { } size) state.MaxPageSize = size.GetValue<int>();
            if (body["advanceClockSeconds"] is { } seconds) emulator.Clock.Advance(TimeSpan.FromSeconds(seconds.GetValue<double>()));
            return Results.Json(new { state.MaxPageSize, now = emulator.Clock.UtcNow });
        });

        app.MapPost("/_emulator/ec2/instances", async (HttpContext http) =>
        {
            var body = await Read<SeedInstances>(http) ?? throw new BadHttpRequestException("body required");
            var region = state.Region(body.Account ?? EmulatorCredentials.Default.AccountId, body.Region);
            lock (region.Gate)
            {
                foreach (var i in body.Instances)
                {
                    region.Instances.Add(new InstanceRecord($"i-{Guid.NewGuid():N}"[..19], i.InstanceType, i.State ?? "running", i.Spot, emulator.Clock.UtcNow));
                }
                return Results.Json(new { count = region.Instances.Count });
            }
        });

        app.MapPost("/_emulator/deny", async (HttpContext http) =>
        {
            var body = await Read<DenyRule>(http) ?? throw new BadHttpRequestException("body required");
            foreach (var action in body.Actions) state.Deny(body.Account ?? EmulatorCredentials.Default.AccountId, action);
            return Results.Ok();
        });

        app.MapPost("/_emulator/quotas", async (HttpContext http) =>
        {
            var body = await Read<SetQuota>(http) ?? throw new BadHttpRequestException("body required");
            var region = state.Region(body.Account ?? EmulatorCredentials.Default.AccountId, body.Region);
            lock (region.Gate)
            {
                if (!region.Quotas.TryGetValue((body.ServiceCode ?? "ec2", body.QuotaCode), out var quota)) return Results.NotFound();
                quota.Value = body.Value;
                return Results.Json(new { quota.Code, quota.Value });
            }
        });

        app.MapGet("/_emulator/quota-requests", (string region, string? account) =>
        {
            var r = state.Region(account ?? EmulatorCredentials.Default.AccountId, region);
            lock (r.Gate) return Results.Json(r.QuotaRequests.ToList(), Json);
        });

        app.MapPost("/_emulator/quota-requests/{id}", async (HttpContext http, string id) =>
        {
            var body = await Read<DecideRequest>(http) ?? throw new BadHttpRequestException("body required");
            var region = state.Region(body.Account ?? EmulatorCredentials.Default.AccountId, body.Region);
            lock (region.Gate)
            {
                var request = region.QuotaRequests.FirstOrDefault(r => r.Id == id);
                if (request is null) return Results.NotFound();
                request.Status = body.Status;
                request.CaseId ??= body.Status == "PENDING" ? null : $"{Random.Shared.NextInt64(10_000_000_000, 99_999_999_999)}";
                request.LastUpdated = emulator.Clock.UtcNow;
                if (body.Status == "APPROVED") region.Quotas[(request.ServiceCode, request.QuotaCode)].Value = request.DesiredValue;
                return Results.Json(request, Json);
            }
        });

        Batch.BatchControl.Map(app, emulator);

        app.MapPost("/_emulator/ssm", async (HttpContext http) =>
        {
            var body = await Read<SsmControl>(http) ?? throw new BadHttpRequestException("body required");
            var region = state.Region(body.Account ?? EmulatorCredentials.Default.AccountId, body.Region);
            lock (region.Gate)
            {
                region.Ssm = new SsmSettings
                {
                    AgentReadySeconds = body.AgentReadySeconds ?? region.Ssm.AgentReadySeconds,
                    CommandSeconds = body.CommandSeconds ?? region.Ssm.CommandSeconds,
                    Outcome = body.Outcome ?? region.Ssm.Outcome,
                    FailAtStep = body.FailAtStep ?? region.Ssm.FailAtStep,
                    InvocationVisibleAfterSeconds = body.InvocationVisibleAfterSeconds ?? region.Ssm.InvocationVisibleAfterSeconds,
                };
                return Results.Json(region.Ssm, Json);
            }
        });

        app.MapGet("/_emulator/ec2/instances", (string region, string? account) =>
        {
            var r = state.Region(account ?? EmulatorCredentials.Default.AccountId, region);
            lock (r.Gate)
            {
                Handlers.InstanceLifecycle.Advance(r);
                return Results.Json(r.Instances.Select(i => new
                {
                    i.InstanceId, i.InstanceType, i.State, i.ImageId, i.ShutdownBehavior, i.HttpTokens, i.KeyName, i.SubnetId, i.InstanceProfile,
                    i.SecurityGroupIds, i.Tags, i.ShutdownAt, i.StateReason, i.UserData,
                }).ToList(), Json);
            }
        });

        // What landed in S3 under a prefix (the emulator has no ListObjects/GetObject): key, size, the MD5 ETag S3 gives a
        // single-part upload, and the text of small objects.
        app.MapGet("/_emulator/s3/objects", (string bucket, string? prefix, string? account) =>
            Results.Json(state.Objects
                .Where(kv => kv.Key.Account == (account ?? EmulatorCredentials.Default.AccountId) && kv.Key.Bucket == bucket && kv.Key.Key.StartsWith(prefix ?? "", StringComparison.Ordinal))
                .OrderBy(kv => kv.Key.Key, StringComparer.Ordinal)
                .Select(kv => new { kv.Key.Key, Size = kv.Value.Body.Length, ETag = kv.Value.ETag.Trim('"'), Text = kv.Value.Body.Length <= 65_536 ? System.Text.Encoding.UTF8.GetString(kv.Value.Body) : null })
                .ToList(), Json));

        // What terraform apply would have made, for the terraform stand-in: an ECR repository and S3 buckets.
        app.MapPost("/_emulator/platform", async (HttpContext http) =>
        {
            var body = await Read<PlatformSeed>(http) ?? throw new BadHttpRequestException("body required");
            var account = body.Account ?? EmulatorCredentials.Default.AccountId;
            var region = state.Region(account, body.Region);
            lock (region.Gate)
            {
                foreach (var name in body.Repositories ?? [])
                {
                    if (!region.Repositories.ContainsKey(name))
                    {
                        region.Repositories[name] = new EcrRepository(name, $"arn:aws:ecr:{body.Region}:{account}:repository/{name}",
                            $"{account}.dkr.ecr.{body.Region}.amazonaws.com/{name}", emulator.Clock.UtcNow);
                    }
                }
                foreach (var name in body.RemoveRepositories ?? []) region.Repositories.Remove(name);
            }
            foreach (var bucket in body.Buckets ?? []) state.Buckets[(account, bucket)] = true;
            foreach (var budget in body.Budgets ?? []) state.Budgets[(account, budget.Name)] = new BudgetRecord(budget.Name, budget.LimitUsd, emulator.Clock.UtcNow);
            foreach (var bucket in body.RemoveBuckets ?? []) state.Buckets.TryRemove((account, bucket), out _);
            return Results.Ok();
        });

        // The spend AWS Budgets has calculated for a budget so far this period (AWS refreshes it several times a day).
        app.MapPost("/_emulator/budgets", async (HttpContext http) =>
        {
            var body = await Read<BudgetControl>(http) ?? throw new BadHttpRequestException("body required");
            var account = body.Account ?? EmulatorCredentials.Default.AccountId;
            var budget = state.Budgets.GetOrAdd((account, body.Name), _ => new BudgetRecord(body.Name, body.LimitUsd ?? 0, emulator.Clock.UtcNow));
            if (body.LimitUsd is { } limit) budget.LimitUsd = limit;
            if (body.ActualUsd is { } actual) budget.ActualUsd = actual;
            if (body.ForecastedUsd is { } forecast) budget.ForecastedUsd = forecast;
            return Results.Json(new { budget.Name, budget.LimitUsd, budget.ActualUsd, budget.ForecastedUsd });
        });

        app.MapPost("/_emulator/recorder", async (HttpContext http) =>
        {
            var body = await Read<JsonObject>(http) ?? [];
            emulator.Recorder.Enabled = body["enabled"]?.GetValue<bool>() ?? true;
            return Results.Ok();
        });
    }

    private static async Task<T?> Read<T>(HttpContext http) =>
        http.Request.ContentLength is 0 ? default : await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json);

    private sealed record SeedInstance(string InstanceType, string? State, bool Spot);
    private sealed record SeedInstances(string Region, string? Account, List<SeedInstance> Instances);
    private sealed record DenyRule(string? Account, List<string> Actions);
    private sealed record SetQuota(string Region, string? Account, string? ServiceCode, string QuotaCode, double Value);
    private sealed record PlatformSeed(string Region, string? Account, List<string>? Repositories, List<string>? Buckets, List<string>? RemoveRepositories, List<string>? RemoveBuckets,
        List<BudgetSeed>? Budgets = null);
    private sealed record BudgetSeed(string Name, double LimitUsd);
    private sealed record BudgetControl(string Name, string? Account, double? LimitUsd, double? ActualUsd, double? ForecastedUsd);
    private sealed record SsmControl(string Region, string? Account, double? AgentReadySeconds, double? CommandSeconds, string? Outcome, int? FailAtStep, double? InvocationVisibleAfterSeconds = null);
    private sealed record DecideRequest(string Region, string? Account, string Status);
}
