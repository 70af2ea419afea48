# Benchmarks: module import cost against a bare pwsh start, and cmdlet latency against the local emulator.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [int] $StartupRuns = 21,
    [int] $Calls = 50,
    # pwsh.dll of a ReadyToRun pwsh (Invoke-Bench publishes one, as PowerShell's release packages are built): the
    # import is timed on it too, beside the pwsh running this script (the dotnet tool, which is not ReadyToRun).
    [string] $ReadyToRunPwsh,
    # Only the import ratio (the rest needs the emulator and takes minutes).
    [switch] $StartupOnly
)
$ErrorActionPreference = 'Stop'

function Median([double[]] $Values) { $s = $Values | Sort-Object; if ($s.Count % 2) { $s[[int][Math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
function Percentile([double[]] $Values, [double] $P) { $s = $Values | Sort-Object; $s[[Math]::Max(0, [Math]::Min($s.Count - 1, [int][Math]::Ceiling($P * $s.Count) - 1))] }
function Get-LoadAverage { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { 'n/a' } }

# CPU time (user + system) of the children this process has waited for, from /proc (Linux only; $null elsewhere):
# much less noisy than wall time on a busy machine, where a start waits for a core as long as it runs.
$clockTicks = if ($IsLinux -and (Get-Command getconf -ErrorAction Ignore)) { [double] (getconf CLK_TCK) } else { 100.0 }
function Get-ChildCpuMs {
    if (-not (Test-Path /proc/self/stat)) { return $null }
    # Fields after the command name, which is in parentheses and may hold spaces: cutime and cstime are the 14th and 15th.
    $fields = ((Get-Content /proc/self/stat -Raw) -replace '^.*\)\s+') -split '\s+'
    ([double] $fields[13] + [double] $fields[14]) * 1000 / $clockTicks
}
function Time-Pwsh([string] $PwshDll, [string] $Command) {
    $cpuBefore = Get-ChildCpuMs
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = & dotnet $PwshDll -NoProfile -NonInteractive -Command $Command 2>&1
    $watch.Stop()
    $cpuAfter = Get-ChildCpuMs
    if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$Command' failed: $output" }
    [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; CpuMs = $(if ($null -ne $cpuAfter) { $cpuAfter - $cpuBefore }); Output = $output }
}

# Methods the JIT compiled in a start, in a fresh cache directory so no multicore-JIT profile of an earlier start adds
# background compiles: the same count on nearly every run, whatever the machine's load, so it shows what the import
# makes PowerShell do (on the dotnet tool, every one of pwsh's own methods too; on a ReadyToRun pwsh, few). A slow start
# now and then recompiles a few dozen more at tier 1, hence the median of three.
function Get-JitCount([string] $PwshDll, [string] $Command) { Median (1..3 | ForEach-Object { Get-JitCountOnce $PwshDll $Command }) }
function Get-JitCountOnce([string] $PwshDll, [string] $Command) {
    $cache = [IO.Directory]::CreateTempSubdirectory('gc-bench-cache-').FullName
    $saved = $env:XDG_CACHE_HOME, $env:LOCALAPPDATA
    try {
        $env:XDG_CACHE_HOME = $cache; $env:LOCALAPPDATA = $cache
        $output = & dotnet $PwshDll -NoProfile -NonInteractive -Command "$Command; [Runtime.JitInfo]::GetCompiledMethodCount(`$false)" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$Command' failed: $output" }
        [int] ($output | Select-Object -Last 1)
    }
    finally {
        $env:XDG_CACHE_HOME, $env:LOCALAPPDATA = $saved
        Remove-Item $cache -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Format-Spread([double[]] $Ratios) {
    'middle half {0:N2} to {1:N2}, all {2:N2} to {3:N2}' -f (Percentile $Ratios 0.25), (Percentile $Ratios 0.75), (Percentile $Ratios 0), (Percentile $Ratios 1)
}

# Alternating pairs of starts of the same pwsh, as issue 15 measures: a bare start and an import, which of the two goes
# first alternating too, so a drift in the machine's load favours neither; the ratio is the median of the pairs' own
# ratios. Then the same for an empty manifest, the floor any module pays.
function Measure-Pairs([string] $PwshDll, [string] $Command) {
    $bare = [Collections.Generic.List[object]]::new(); $other = [Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $StartupRuns; $i++) {
        if ($i % 2) { $other.Add((Time-Pwsh $PwshDll $Command)); $bare.Add((Time-Pwsh $PwshDll '1')) }
        else { $bare.Add((Time-Pwsh $PwshDll '1')); $other.Add((Time-Pwsh $PwshDll $Command)) }
    }
    [pscustomobject]@{
        Bare = [double[]] $bare.Ms; Other = [double[]] $other.Ms
        Ratios = [double[]] (0..($StartupRuns - 1) | ForEach-Object { $other[$_].Ms / $bare[$_].Ms })
        CpuRatios = if ($null -ne $bare[0].CpuMs) { [double[]] (0..($StartupRuns - 1) | ForEach-Object { $other[$_].CpuMs / $bare[$_].CpuMs }) }
        BareCpu = [double[]] $bare.CpuMs; OtherCpu = [double[]] $other.CpuMs
    }
}

function Measure-Import([string] $PwshDll, [string] $Label) {
    $check = Time-Pwsh $PwshDll "Import-Module '$ModulePath' -ErrorAction Stop; (Get-Command -Module GeosChem.PowerShell).Count"
    if ([int] ($check.Output | Select-Object -Last 1) -ne $expected) { throw "Import-Module '$ModulePath' did not make the $expected cmdlets available: $($check.Output)" }
    $null = Time-Pwsh $PwshDll $floorCommand

    Write-Host "`n$Label`n  $PwshDll`n  $StartupRuns alternating pairs each, load average before: $(Get-LoadAverage)"
    $pairs = Measure-Pairs $PwshDll $importCommand
    $floorPairs = Measure-Pairs $PwshDll $floorCommand
    $ratios = $pairs.Ratios; $floorRatios = $floorPairs.Ratios
    $ratio = Median $ratios
    "  {0,-46} {1,8:N0} ms" -f 'pwsh -c 1', (Median $pairs.Bare)
    "  {0,-46} {1,8:N0} ms" -f 'pwsh -c "Import-Module GeosChem.PowerShell; 1"', (Median $pairs.Other)
    "  {0,-46} {1,8:N2}   ({2}): what PowerShell charges any module" -f 'ratio of an empty manifest (own pairs)', (Median $floorRatios), (Format-Spread $floorRatios)
    if ($null -ne $pairs.CpuRatios) {
        "  {0,-46} {1,8:N2}   ({2}; CPU of all threads: {3:N0} ms against {4:N0} ms)" -f 'CPU ratio (module / bare start)', (Median $pairs.CpuRatios), (Format-Spread $pairs.CpuRatios), (Median $pairs.OtherCpu), (Median $pairs.BareCpu)
    }
    # Timed with Stopwatch, not Measure-Command: Measure-Command is a command of the Microsoft.PowerShell.Utility module,
    # whose autoload ran PowerShell's module code first and left the import looking a quarter of what it costs.
    $alone = { param($Path) Median (1..[Math]::Min($StartupRuns, 9) | ForEach-Object {
        [double] @((Time-Pwsh $PwshDll "`$t = [Diagnostics.Stopwatch]::GetTimestamp(); Import-Module '$Path' -ErrorAction Stop; ([Diagnostics.Stopwatch]::GetTimestamp() - `$t) * 1000 / [Diagnostics.Stopwatch]::Frequency").Output)[-1]
    }) }
    "  {0,-46} {1,8:N0} ms   (the empty manifest: {2:N0} ms)" -f 'Import-Module alone, timed inside the start', (& $alone $ModulePath), (& $alone $floorPath)
    $jitBare = Get-JitCount $PwshDll '1'
    "  {0,-46} {1,8:N0}      (the empty manifest: {2:N0}; bare start {3:N0}; fresh cache, median of 3)" -f 'methods JIT-compiled by the import', ((Get-JitCount $PwshDll $importCommand) - $jitBare), ((Get-JitCount $PwshDll $floorCommand) - $jitBare), $jitBare
    "  {0,-46} {1,8:N2}   ({2}; ratio of the medians {3:N2}); target at most 1.25: {4}" -f 'IMPORT RATIO (module / bare start, wall)', $ratio, (Format-Spread $ratios), ((Median $pairs.Other) / (Median $pairs.Bare)), $(if ($ratio -le 1.25) { 'met' } else { 'NOT met' })
    "  load average after: $(Get-LoadAverage)"
}

# An absolute path: pwsh resolves a relative one like 'output/GeosChem.PowerShell' as a module name, fails to find it,
# and (without -ErrorAction Stop) still exits 0, which once made this benchmark time two bare starts.
$ModulePath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
$importCommand = "Import-Module '$ModulePath' -ErrorAction Stop; 1"
$manifest = Get-ChildItem $ModulePath -Recurse -Filter GeosChem.PowerShell.psd1 | Select-Object -First 1
$expected = @((Import-PowerShellDataFile $manifest.FullName).CmdletsToExport).Count
# The floor: a manifest that loads and exports nothing. Every module pays this on the first import of a session.
$floorPath = [IO.Path]::Combine([IO.Directory]::CreateTempSubdirectory('gc-bench-empty-').FullName, 'GcBenchEmpty')
$null = New-Item -ItemType Directory $floorPath
Set-Content ([IO.Path]::Combine($floorPath, 'GcBenchEmpty.psd1')) "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
$floorCommand = "Import-Module '$floorPath' -ErrorAction Stop; 1"
try {
    Measure-Import ([IO.Path]::Combine($PSHOME, 'pwsh.dll')) "pwsh $($PSVersionTable.PSVersion), the dotnet tool (not ReadyToRun)"
    if ($ReadyToRunPwsh) { Measure-Import $ReadyToRunPwsh "pwsh $($PSVersionTable.PSVersion), ReadyToRun as its release packages ship it" }
}
finally { Remove-Item ([IO.Path]::GetDirectoryName($floorPath)) -Recurse -Force }

if ($StartupOnly) { return }

$urlFile = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-bench-$PID.url")
$emulator = Start-Process dotnet -ArgumentList @($EmulatorPath, '--url-file', $urlFile, '--parent-pid', $PID) -PassThru -RedirectStandardOutput "$urlFile.log"
try {
    while (-not (Test-Path $urlFile)) { Start-Sleep -Milliseconds 100 }
    $url = (Get-Content $urlFile -Raw).Trim()
    $env:AWS_ENDPOINT_URL = $url; $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ACCESS_KEY_ID = 'AKIAGCEMULATOR000001'; $env:AWS_SECRET_ACCESS_KEY = 'gc-emulator-secret-key-not-for-aws'
    Import-Module $ModulePath
    $null = Get-GcQuota # first call: JIT, connection set-up
    $one = 1..$Calls | ForEach-Object { (Measure-Command { Get-GcQuota -QuotaCode L-1216C47A }).TotalMilliseconds }
    $three = 1..$Calls | ForEach-Object { (Measure-Command { Get-GcQuota }).TotalMilliseconds }
    $check = 1..$Calls | ForEach-Object { (Measure-Command { Test-GcQuota c7i.48xlarge -Count 2 }).TotalMilliseconds }
    Write-Host "`nLatency against the local emulator, $Calls calls each after one warm-up (ms)"
    "{0,-46} {1,8} {2,8}" -f 'command', 'median', 'p95'
    "{0,-46} {1,8:N1} {2,8:N1}" -f 'Get-GcQuota -QuotaCode L-1216C47A (2 calls)', (Median $one), (Percentile $one 0.95)
    "{0,-46} {1,8:N1} {2,8:N1}" -f 'Get-GcQuota (3 quotas + DescribeInstances)', (Median $three), (Percentile $three 0.95)
    "{0,-46} {1,8:N1} {2,8:N1}" -f 'Test-GcQuota c7i.48xlarge -Count 2', (Median $check), (Percentile $check 0.95)

    # Offline: the first estimate in a session reads the shipped fit (Data/runtime-model-fit.json); it no longer fits the model.
    $first = (Measure-Command { Get-GcCostEstimate GCHP fullchem C90 31 c7i.48xlarge -WarningAction SilentlyContinue }).TotalMilliseconds
    $estimates = 1..$Calls | ForEach-Object { (Measure-Command { Get-GcCostEstimate GCHP fullchem C90 31 c7i.48xlarge -WarningAction SilentlyContinue }).TotalMilliseconds }
    $ranks = 1..20 | ForEach-Object { (Measure-Command { Get-GcInstanceRecommendation GCHP fullchem C180 31 -WarningAction SilentlyContinue }).TotalMilliseconds }
    $classicRanks = 1..20 | ForEach-Object { (Measure-Command { Get-GcInstanceRecommendation GCClassic fullchem 4x5 31 -WarningAction SilentlyContinue }).TotalMilliseconds }
    Write-Host "`nOffline estimates and ranking (ms)"
    "{0,-46} {1,8:N1}" -f 'Get-GcCostEstimate, first in the session', $first
    "{0,-46} {1,8:N1} {2,8:N1}" -f 'Get-GcCostEstimate, after the first', (Median $estimates), (Percentile $estimates 0.95)
    "{0,-46} {1,8:N1} {2,8:N1}   (target: under 50 ms)" -f 'rank the catalog: GCHP C180 (1-32 nodes)', (Median $ranks), (Percentile $ranks 0.95)
    "{0,-46} {1,8:N1} {2,8:N1}   (target: under 50 ms)" -f 'rank the catalog: GCClassic 4x5', (Median $classicRanks), (Percentile $classicRanks 0.95)

    Write-Host "`nAWS Batch against the emulator (50 ms added to each SubmitJob, about an AWS round trip; Batch's 50/s SubmitJob limit enforced)"
    function Emu([string] $Path, $Body, [string] $Method = 'POST') {
        Invoke-RestMethod -Method $Method -Uri "$url/_emulator/$Path" -ContentType 'application/json' -Body $(if ($Method -eq 'POST') { $Body | ConvertTo-Json -Depth 5 -Compress })
    }
    Emu 'batch' @{ region = 'us-east-1'; timings = @{ runningSeconds = 3600 } } | Out-Null
    $def = Register-GcJobDefinition -Name bench -Image 'example/geoschem:bench' -VCpus 4 -MemoryGiB 7 -Spot
    Emu 'faults' @{ latencyMs = 50; operations = @('SubmitJob') } | Out-Null
    $rows = 1..1000 | ForEach-Object { [pscustomobject]@{ Name = "bench-$_"; JobQueue = 'geoschem-spot'; JobDefinition = $def.JobDefinition; RunDirectory = "s3://bench/runs/$_/" } }
    $pipeline = Measure-Command { $script:submitted = $rows | Submit-GcBatchJob }
    $naiveRows = $rows | Select-Object -First 200 | ForEach-Object { $_.PSObject.Copy() } | ForEach-Object { $_.Name = "naive-$($_.Name)"; $_ }
    $naive = Measure-Command { foreach ($row in $naiveRows) { $null = Submit-GcBatchJob -Name $row.Name -JobQueue $row.JobQueue -JobDefinition $row.JobDefinition -RunDirectory $row.RunDirectory } }
    $pipelineRate = $script:submitted.Count / $pipeline.TotalSeconds
    $naiveRate = $naiveRows.Count / $naive.TotalSeconds
    "{0,-58} {1,8:N1} /s  ({2} jobs in {3:N1} s; target: at least 40/s)" -f 'Submit-GcBatchJob, 1,000 rows from the pipeline', $pipelineRate, $script:submitted.Count, $pipeline.TotalSeconds
    "{0,-58} {1,8:N1} /s  ({2} jobs in {3:N1} s)" -f 'naive loop, one Submit-GcBatchJob per job', $naiveRate, $naiveRows.Count, $naive.TotalSeconds
    "{0,-58} {1,8:N1} x" -f 'pipeline / naive', ($pipelineRate / $naiveRate)

    Emu 'faults' @{ throttleRate = 0.20; dropRate = 0.01; dropAfterHandlingRate = 0.01; latencyMs = 50; seed = 11; operations = @('SubmitJob') } | Out-Null
    $faultRows = $rows | ForEach-Object { [pscustomobject]@{ Name = "faulty-$($_.Name)"; JobQueue = 'geoschem-spot'; JobDefinition = $def.JobDefinition } }
    $faulty = Measure-Command { $script:faultJobs = $faultRows | Submit-GcBatchJob -ErrorVariable faultErrors -ErrorAction SilentlyContinue }
    $stats = Invoke-RestMethod "$url/_emulator/stats"
    $counted = Invoke-RestMethod "$url/_emulator/batch/jobs?region=us-east-1&namePrefix=faulty-"
    "{0,-58} {1,8:N1} /s  ({2:N1} s; {3} throttled, {4} cut before and {5} after the job was made)" -f '1,000 rows at 20% throttling, 2% dropped connections', ($faultRows.Count / $faulty.TotalSeconds), $faulty.TotalSeconds, $stats.'fault:Throttle', $stats.'fault:Drop', $stats.'fault:DropAfterHandling'
    "{0,-58} {1,8}     (returned {2}, errors {3}, duplicate submissions {4}; must be 1000, 1000, 0, 0)" -f 'jobs that exist afterwards', $counted.total, $script:faultJobs.Count, $faultErrors.Count, $counted.duplicateSubmissions
    Emu 'faults' @{} | Out-Null

    $seeded = Emu 'batch/seed-jobs' @{ region = 'us-east-1'; queue = 'geoschem-ondemand'; count = 10000; status = 'SUCCEEDED'; namePrefix = 'listed' }
    [GC]::Collect(); $baseline = [GC]::GetTotalMemory($true)
    $watch = [Diagnostics.Stopwatch]::StartNew(); $firstAt = $null; $count = 0; $peak = 0L
    Get-GcBatchJob -JobQueue geoschem-ondemand -Status SUCCEEDED | ForEach-Object {
        if ($null -eq $firstAt) { $firstAt = $watch.Elapsed.TotalMilliseconds }
        $count++
        if ($count % 1000 -eq 0) { $peak = [Math]::Max($peak, [GC]::GetTotalMemory($false) - $baseline) }
    }
    $watch.Stop()
    [GC]::Collect(); $held = [GC]::GetTotalMemory($true)
    $all = @(Get-GcBatchJob -JobQueue geoschem-ondemand -Status SUCCEEDED)
    $heldAll = [GC]::GetTotalMemory($true) - $held
    "{0,-58} {1,8:N0} ms" -f "list $count jobs: time to the first object", $firstAt
    "{0,-58} {1,8:N0} /s  ({2:N1} s in all, 100 per page)" -f 'list 10,000 jobs: objects per second', ($count / $watch.Elapsed.TotalSeconds), $watch.Elapsed.TotalSeconds
    "{0,-58} {1,8:N1} MB  (streamed; collecting all $($all.Count) into an array holds {2:N1} MB)" -f 'list 10,000 jobs: managed memory, peak above start', ($peak / 1MB), ($heldAll / 1MB)
}
finally {
    if (-not $emulator.HasExited) { $emulator.Kill() }
    Remove-Item $urlFile, "$urlFile.log" -ErrorAction SilentlyContinue
}
