using System.Text.Json;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Platform;

/// <summary>What a terraform step reports as it runs.</summary>
internal interface ITerraformObserver
{
    void Progress(string activity, string status, int percent);
    void Line(string text);
}

/// <summary>Deploys and removes the platform with terraform: init, plan, apply (or destroy), and outputs into the configuration.</summary>
internal sealed class PlatformService(TerraformRunner terraform, GcConfiguration configuration, string workingDirectory)
{
    /// <summary>True when terraform init has already run in the working directory (its providers are installed there).</summary>
    public bool IsInitialised => Directory.Exists(Path.Combine(workingDirectory, ".terraform", "providers"));

    public async Task InitAsync(ITerraformObserver observer, CancellationToken ct)
    {
        observer.Progress("terraform init", "downloading the AWS provider", 5);
        await RunAsync(["init", "-input=false", "-no-color", "-reconfigure", .. TerraformWorkspace.BackendArguments(configuration, workingDirectory)], observer, ct).ConfigureAwait(false);
    }

    /// <summary>Plans into tfplan; returns the summary and the resource addresses with their actions.</summary>
    public async Task<(int Add, int Change, int Remove, List<(string Address, string Action)> Changes)> PlanAsync(bool destroy, IReadOnlyList<string> extraArguments,
        ITerraformObserver observer, CancellationToken ct)
    {
        observer.Progress("terraform plan", destroy ? "working out what to delete" : "working out what to create or change", 15);
        var changes = new List<(string, string)>();
        (int Add, int Change, int Remove) summary = (0, 0, 0);
        await RunAsync(["plan", "-input=false", "-no-color", "-json", "-out=tfplan", .. destroy ? new[] { "-destroy" } : [], .. extraArguments], observer, ct, e =>
        {
            if (e.Type == "planned_change" && e.Address is not null) changes.Add((e.Address, e.Action ?? ""));
            if (e.Type == "change_summary") summary = (e.Add, e.Change, e.Remove);
        }).ConfigureAwait(false);
        return (summary.Add, summary.Change, summary.Remove, changes);
    }

    /// <summary>Applies tfplan, with a progress bar over the planned resources.</summary>
    public async Task ApplyAsync(int planned, ITerraformObserver observer, CancellationToken ct)
    {
        var done = 0;
        await RunAsync(["apply", "-input=false", "-no-color", "-json", "tfplan"], observer, ct, e =>
        {
            if (e.Type == "apply_complete")
            {
                done++;
                observer.Progress("terraform apply", $"{e.Address} {e.Action} done ({done} of {planned})", 20 + 75 * done / Math.Max(1, planned));
            }
            else if (e.Type == "apply_start") observer.Progress("terraform apply", $"{e.Address}: {e.Action}", 20 + 75 * done / Math.Max(1, planned));
        }).ConfigureAwait(false);
    }

    public async Task StateRemoveAsync(IReadOnlyList<string> addresses, ITerraformObserver observer, CancellationToken ct)
    {
        if (addresses.Count == 0) return;
        await RunAsync(["state", "rm", .. addresses], observer, ct).ConfigureAwait(false);
    }

    /// <summary>terraform output -json, as the configuration's "deployed" section.</summary>
    public async Task<GcDeployment> OutputsAsync(ITerraformObserver observer, CancellationToken ct)
    {
        var json = new System.Text.StringBuilder();
        await RunAsync(["output", "-json"], observer, ct, onRaw: line => json.AppendLine(line)).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json.ToString());
        var root = doc.RootElement;
        string? Str(string name) => root.TryGetProperty(name, out var o) && o.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string[] List(string name) => root.TryGetProperty(name, out var o) && o.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        int? Int(string name) => root.TryGetProperty(name, out var o) && o.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        return new GcDeployment
        {
            Region = Str("region"), VpcId = Str("vpc_id"), SubnetIds = List("subnet_ids"), SecurityGroupIds = List("security_group_ids"),
            EcrRepository = Str("ecr_repository"), EcrRepositoryUri = Str("ecr_repository_uri"), ResultsBucket = Str("results_bucket"),
            LogGroup = Str("log_group"), SpotJobQueue = Str("spot_job_queue"), OnDemandJobQueue = Str("ondemand_job_queue"),
            ComputeEnvironments = List("compute_environments"), JobRoleArn = Str("job_role_arn"),
            BuilderInstanceProfile = Str("builder_instance_profile"), MaxVCpus = Int("max_vcpus"),
            MultiNodeInstanceTypes = List("multinode_instance_types"), FsxLustreGiB = Int("fsx_lustre_storage_gib"),
            InputDataMount = Str("input_data_mount") is { Length: > 0 } mount ? mount : null,
            BudgetName = Str("budget_name") is { Length: > 0 } budget ? budget : null, DeployedAt = DateTime.UtcNow,
        };
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, ITerraformObserver observer, CancellationToken ct,
        Action<TerraformEvent>? onEvent = null, Action<string>? onRaw = null)
    {
        var diagnostics = new List<string>();
        var (code, error) = await terraform.RunAsync(arguments, line =>
        {
            onRaw?.Invoke(line);
            var e = TerraformEvents.Parse(line);
            if (e is null)
            {
                if (onRaw is null && line.Length > 0) observer.Line(line);
                return;
            }
            if (e.Type == "diagnostic" || e.Level == "error") diagnostics.Add(e.Message);
            if (e.Type is "diagnostic" or "apply_errored") observer.Line(e.Message);
            onEvent?.Invoke(e);
        }, ct).ConfigureAwait(false);
        if (code != 0)
        {
            var first = TerraformErrorAdvice.FirstError(diagnostics, error);
            throw new GcException(ErrorIds.TerraformFailed, GcErrorKind.InvalidOperation,
                $"terraform {arguments[0]} failed (exit code {code}) in {workingDirectory}: {first}",
                TerraformErrorAdvice.For(first));
        }
    }
}
