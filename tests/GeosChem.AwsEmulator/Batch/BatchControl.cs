using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>The test harness's controls for the emulator's Batch: timings, scenarios, rate, seeding, reclaims, counts.</summary>
internal static class BatchControl
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app, AwsEmulator emulator)
    {
        var state = emulator.State;
        RegionState RegionOf(string region, string? account) => state.Region(account ?? EmulatorCredentials.Default.AccountId, region);

        app.MapPost("/_emulator/batch", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<Settings>(http.Request.Body, Json) ?? throw new BadHttpRequestException("body required");
            var region = RegionOf(body.Region, body.Account);
            lock (region.Gate)
            {
                var world = region.Batch;
                if (body.Timings is not null) world.Timings = body.Timings;
                if (body.Scenarios is not null) world.Scenarios = body.Scenarios;
                if (body.SubmitRatePerSecond is { } rate) world.SubmitRatePerSecond = rate;
                return Results.Json(new { world.Timings, world.Scenarios, world.SubmitRatePerSecond }, Json);
            }
        });

        app.MapPost("/_emulator/batch/seed-jobs", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<Seed>(http.Request.Body, Json) ?? throw new BadHttpRequestException("body required");
            var region = RegionOf(body.Region, body.Account);
            lock (region.Gate)
            {
                var world = region.Batch;
                var queue = world.FindQueue(body.Queue) ?? throw new BadHttpRequestException($"no queue {body.Queue}");
                var definition = world.FindDefinition("seeded") ?? world.Register("seeded", "container", new JsonObject
                {
                    ["jobDefinitionName"] = "seeded", ["type"] = "container",
                    ["containerProperties"] = new JsonObject { ["image"] = "public.ecr.aws/emulator/geoschem:seeded" },
                });
                var start = emulator.Clock.UtcNow.AddHours(-1);
                for (var i = 0; i < body.Count; i++)
                {
                    var created = start.AddMilliseconds(i);
                    world.AddAsIs(new BatchJob
                    {
                        JobId = Guid.NewGuid().ToString("D"), JobName = $"{body.NamePrefix ?? "seeded"}-{i:D5}", JobQueueArn = queue.Arn,
                        Definition = definition, CreatedAt = created, Scenario = new JobScenario(),
                        Status = body.Status ?? "SUCCEEDED",
                        StartedAt = body.Status is null or "SUCCEEDED" or "FAILED" or "RUNNING" ? created.AddMinutes(1) : null,
                        StoppedAt = body.Status is null or "SUCCEEDED" or "FAILED" ? created.AddMinutes(30) : null,
                    });
                }
                return Results.Json(new { total = world.TopLevel.Count });
            }
        });

        app.MapPost("/_emulator/batch/reclaim", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JobRef>(http.Request.Body, Json) ?? throw new BadHttpRequestException("body required");
            var region = RegionOf(body.Region, body.Account);
            lock (region.Gate)
            {
                var world = region.Batch;
                world.Advance(emulator.Clock.UtcNow);
                var job = world.Jobs.GetValueOrDefault(body.JobId);
                if (job is null) return Results.NotFound();
                return Results.Json(new { reclaimed = world.Reclaim(job, emulator.Clock.UtcNow), job.Status });
            }
        });

        // The environment a job's container starts with, as DescribeJobs reports it: the definition's, overridden by the submission's.
        app.MapGet("/_emulator/batch/job-environment", (string region, string? account, string jobId) =>
        {
            var r = RegionOf(region, account);
            lock (r.Gate)
            {
                var job = r.Batch.Jobs.GetValueOrDefault(jobId);
                if (job is null) return Results.NotFound();
                var environment = BatchJson.MergedEnvironment(job.Definition.Container ?? [], job.ContainerOverrides).OfType<JsonObject>()
                    .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
                return Results.Json(environment, Json);
            }
        });

        // The container properties of a job's definition as AWS stored them (volumes, mount points, devices ...).
        app.MapGet("/_emulator/batch/job-container", (string region, string? account, string jobId) =>
        {
            var r = RegionOf(region, account);
            lock (r.Gate)
            {
                var job = r.Batch.Jobs.GetValueOrDefault(jobId);
                return job?.Definition.Container is { } container ? Results.Content(container.ToJsonString(), "application/json") : Results.NotFound();
            }
        });

        app.MapGet("/_emulator/batch/jobs", (string region, string? account, string? namePrefix) =>
        {
            var r = RegionOf(region, account);
            lock (r.Gate)
            {
                var world = r.Batch;
                world.Advance(emulator.Clock.UtcNow);
                var jobs = world.TopLevel.Where(j => namePrefix is null || j.JobName.StartsWith(namePrefix, StringComparison.Ordinal)).ToList();
                var tokens = jobs.Select(j => j.Tags["geoschem:submission-id"]?.GetValue<string>()).OfType<string>().ToList();
                return Results.Json(new
                {
                    total = jobs.Count,
                    byStatus = jobs.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count()),
                    distinctSubmissionIds = tokens.Distinct(StringComparer.Ordinal).Count(),
                    duplicateSubmissions = tokens.Count - tokens.Distinct(StringComparer.Ordinal).Count(),
                    distinctNames = jobs.Select(j => j.JobName).Distinct(StringComparer.Ordinal).Count(),
                }, Json);
            }
        });
    }

    private sealed record Settings(string Region, string? Account, BatchTimings? Timings, List<JobScenario>? Scenarios, double? SubmitRatePerSecond);
    private sealed record Seed(string Region, string? Account, string Queue, int Count, string? Status, string? NamePrefix);
    private sealed record JobRef(string Region, string? Account, string JobId);
}
