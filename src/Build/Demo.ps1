# The README demo: plan a GEOS-Chem run, build its image, and run a sweep on AWS Batch, against the local AWS emulator (no AWS account needed).
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)
$ErrorActionPreference = 'Stop'

function Step([string] $Text) { Write-Host "`n### $Text" -ForegroundColor Yellow }

$urlFile = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-demo-$PID.url")
$emulator = Start-Process dotnet -ArgumentList @($EmulatorPath, '--url-file', $urlFile, '--parent-pid', $PID) -PassThru -RedirectStandardOutput "$urlFile.log"
try {
    while (-not (Test-Path $urlFile)) { if ($emulator.HasExited) { throw 'The emulator did not start.' }; Start-Sleep -Milliseconds 100 }
    $url = (Get-Content $urlFile -Raw).Trim()
    Write-Host "Local AWS emulator at $url (SigV4-checked; not real AWS)"

    # Point this session at the emulator exactly as a user points it at AWS: environment variables.
    $env:AWS_ENDPOINT_URL = $url
    $env:AWS_ACCESS_KEY_ID = 'AKIAGCEMULATOR000001'
    $env:AWS_SECRET_ACCESS_KEY = 'gc-emulator-secret-key-not-for-aws'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_CONFIG_FILE = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-demo-$PID-config")
    $env:AWS_SHARED_CREDENTIALS_FILE = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-demo-$PID-credentials")

    # Something is already running in the account: two On-Demand c7i.16xlarge and a Spot c6i.8xlarge.
    $seed = @{ region = 'us-east-1'; instances = @(@{ instanceType = 'c7i.16xlarge' }, @{ instanceType = 'c7i.16xlarge' }, @{ instanceType = 'c6i.8xlarge'; spot = $true }) }
    Invoke-RestMethod -Method Post -Uri "$url/_emulator/ec2/instances" -ContentType 'application/json' -Body ($seed | ConvertTo-Json -Depth 4) | Out-Null

    # The demo's own configuration and terraform working copy, so a user's real ones are never touched.
    $env:GC_CONFIG_DIR = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-demo-$PID-config")
    $env:XDG_DATA_HOME = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-demo-$PID-data")
    # No terraform runs against the emulator: the stand-in answers as terraform would and makes what it would make.
    $env:GC_TERRAFORM_PATH = [IO.Path]::Combine((Split-Path (Split-Path $PSScriptRoot)), 'tests', 'terraform-stand-in', 'terraform')

    Import-Module $ModulePath

    Step 'First run: Initialize-GcPlatform -NonInteractive checks credentials and quotas, writes the configuration and deploys'
    Initialize-GcPlatform -NonInteractive -Region us-east-1 -MaxVCpus 128 -MonthlyBudgetUsd 500 -Deploy 6>$null | Out-Host
    Test-GcPlatform | Out-Host
    Write-Host "Platform healthy: $(Test-GcPlatform -Quiet) (terraform here is a stand-in; real terraform was not run)"

    Step 'The EC2 vCPU quotas that limit GEOS-Chem runs, and what is using them'
    Get-GcQuota | Format-Table | Out-Host

    Step 'Can I run GCHP C180 on two hpc7a.96xlarge nodes? (HPC quota)'
    Test-GcQuota -InstanceType hpc7a.96xlarge -Count 2 | Format-List InstanceType, Count, RequiredVCpus, QuotaCode, Available, Sufficient, Advice | Out-Host

    Step 'A sweep of GCClassic runs on Spot: four c7i.24xlarge'
    Test-GcQuota -InstanceType c7i.24xlarge -Count 4 -Spot | Format-Table | Out-Host

    Step 'Ask for what is missing: first -WhatIf, then for real'
    $short = Test-GcQuota -InstanceType hpc7a.96xlarge -Count 2
    $short | Request-GcQuotaIncrease -WhatIf
    $short | Request-GcQuotaIncrease -Force | Format-Table | Out-Host

    Step 'Open requests'
    Get-GcQuotaIncreaseRequest -Status PENDING | Format-Table | Out-Host

    Step 'Which instance for a month of GCClassic full chemistry at 4x5? (offline: catalog + runtime model)'
    Get-GcInstanceRecommendation -Model GCClassic -Simulation fullchem -Resolution 4x5 -SimulationDays 31 -Top 3 -WarningAction SilentlyContinue |
        Format-Table Rank, InstanceType, @{ n = 'Hours'; e = { $_.EstimatedWallHours } }, @{ n = 'Range'; e = { '{0}-{1}' -f $_.LowWallHours, $_.HighWallHours } },
            @{ n = 'Cost $'; e = { $_.EstimatedCost } }, Confidence | Out-Host

    Step 'The fastest GCHP C180 plans this platform can run (128 vCPUs, no EFA multi-node environment), checked against the quota'
    Get-GcInstanceRecommendation GCHP fullchem C180 31 -Priority Time -Top 3 -CheckQuota -WarningVariable platformWarnings -WarningAction SilentlyContinue |
        Format-Table Rank, InstanceType, @{ n = 'Nodes'; e = { $_.NodeCount } }, @{ n = 'Hours'; e = { $_.EstimatedWallHours } },
            @{ n = 'Cost $'; e = { $_.EstimatedCost } }, @{ n = 'Quota ok'; e = { $_.QuotaSufficient } } | Out-Host
    $platformWarnings | ForEach-Object { Write-Host "warning: $_" }

    Step 'One estimate in full: GCHP C24 fullchem for a month on c7i.16xlarge'
    Get-GcCostEstimate GCHP fullchem C24 31 c7i.16xlarge -WarningVariable estimateWarnings -WarningAction SilentlyContinue |
        Format-List EstimatedWallTime, LowWallHours, HighWallHours, HourlyPrice, EstimatedCost, PriceAsOf, Confidence, Basis | Out-Host
    $estimateWarnings | ForEach-Object { Write-Host "warning: $_" }

    Step 'The GEOS-Chem image matrix (dockerfiles/variants.json)'
    Get-GcImageVariant | Format-Table Tag, Support, BuilderInstanceType | Out-Host

    Step 'Build the GCClassic reference image on an EC2 builder driven by SSM (emulated build: 4 seconds)'
    Invoke-RestMethod -Method Post -Uri "$url/_emulator/ssm" -ContentType 'application/json' -Body (@{ region = 'us-east-1'; commandSeconds = 4 } | ConvertTo-Json) | Out-Null
    $build = Get-GcImageVariant GCClassic -Compiler gnu12 -Architecture x86_64 |
        Start-GcImageBuild -Wait -PollInterval '00:00:01' # subnet, security group, profile and bucket from the configuration
    $build | Format-List BuildId, Variant, Status, ImageUri, ImageDigest, InstanceId, LogLocation | Out-Host
    $builders = Invoke-RestMethod "$url/_emulator/ec2/instances?region=us-east-1" | ForEach-Object { $_ } | Where-Object { $_.tags.'geoschem:build-id' }
    Write-Host "Builder $($builders.instanceId): $($builders.state) (IMDSv2 $($builders.httpTokens), no key pair, shutdown behaviour $($builders.shutdownBehavior))"
    Get-GcImage | Format-Table | Out-Host

    # The emulator runs Batch jobs on a quick clock: each job runs for 4 seconds. The Spot queue reclaims the
    # 'ozone-2019-09' job on every attempt, to show the On-Demand fallback.
    $batchSettings = @{ region = 'us-east-1'; timings = @{ submittedSeconds = 0.5; runnableSeconds = 0.5; startingSeconds = 0.5; runningSeconds = 4 }
        scenarios = @(@{ namePattern = 'ozone-2019-09'; spotReclaims = 10 }) }
    Invoke-RestMethod -Method Post -Uri "$url/_emulator/batch" -ContentType 'application/json' -Body ($batchSettings | ConvertTo-Json -Depth 4) | Out-Null

    Step 'Register a job definition sized from the best Spot plan for GCClassic 4x5'
    $image = $build.ImageUri
    $definition = Get-GcInstanceRecommendation GCClassic fullchem 4x5 31 -Spot -Top 1 -WarningAction SilentlyContinue |
        Register-GcJobDefinition -Name gc-classic-4x5 -Image $image -Timeout '12:00:00'
    $definition | Format-Table | Out-Host

    Step 'Submit a sweep of three monthly runs from CSV, with On-Demand fallback after two Spot reclaims'
    $sweep = @'
Name,RunDirectory,SimulationStart,SimulationEnd
ozone-2019-07,s3://my-geoschem-runs/ozone/2019-07/,2019-07-01,2019-08-01
ozone-2019-08,s3://my-geoschem-runs/ozone/2019-08/,2019-08-01,2019-09-01
ozone-2019-09,s3://my-geoschem-runs/ozone/2019-09/,2019-09-01,2019-10-01
'@ | ConvertFrom-Csv
    $jobs = $sweep | Submit-GcBatchJob -JobDefinition $definition.JobDefinition -FallbackToOnDemand -MaxSpotReclaims 2 # the queue: the platform's Spot queue
    $jobs | Format-Table JobName, Status, JobQueue, JobId | Out-Host

    Step 'Wait for them (progress bar), moving the reclaimed one On-Demand'
    $final = $jobs | Wait-GcBatchJob -PollInterval '00:00:01'
    $final | Format-Table JobName, Status, Attempts, SpotReclaims, JobQueue, @{ n = 'ResubmittedAs'; e = { if ($_.ResubmittedAs) { $_.ResubmittedAs.Substring(0, 8) + '...' } } } | Out-Host

    Step 'The log of the run that moved On-Demand (it resumed from its last restart file)'
    $final | Where-Object { $_.PreviousJobId } | Receive-GcBatchJobLog | Format-Table | Out-Host

    Step 'What each attempt cost, in EMULATED time (the emulator''s clock is compressed: see the notes below the table)'
    $costs = $final | Get-GcJobCost
    $costs | Format-Table JobName, @{ n = 'Try'; e = { $_.Attempt } }, InstanceType, @{ n = 'Pricing'; e = { $_.PricingModel } },
        @{ n = 'EmulatedHours'; e = { '{0:0.####}' -f $_.Hours } }, @{ n = 'Share'; e = { '{0:0.##}' -f $_.Share } },
        @{ n = '$/h'; e = { $_.HourlyPrice } }, @{ n = 'EmulatedCost $'; e = { '{0:0.####}' -f $_.Cost } } | Out-Host
    $real = Get-GcCostEstimate GCClassic fullchem 4x5 31 $definition.InstanceType -WarningAction SilentlyContinue # On-Demand: the catalog has no Spot prices
    Write-Host ("Emulated total for the sweep: {0:N4} USD (Measure-Object -Property Cost -Sum)." -f ($costs | Measure-Object -Property Cost -Sum).Sum)
    Write-Host @"
EmulatedHours and EmulatedCost $ are NOT what these runs would cost on AWS: the emulator ran each attempt for a few
seconds of its compressed clock, where a real month of GEOS-Chem runs for hours. Only the hourly prices are real
(catalog prices). On AWS, each month of this sweep is estimated at about $('{0:0.#}' -f $real.EstimatedWallHours) h and, at the On-Demand
price (Spot usually costs less), $(if ($null -ne $real.EstimatedCost) { '{0:0.00} USD' -f $real.EstimatedCost } else { 'an unknown amount (no catalog price)' }) on $($real.InstanceType), the plan the job definition was sized from
(Get-GcCostEstimate), before reclaims.
Share is the part of the instance charged to the job: its vCPUs over the instance's vCPUs, since AWS Batch may place
several jobs on one instance (Share 1: the job held the whole instance). Cost = Hours x $/h x Share.
"@

    # The emulator's finished jobs print GEOS-Chem's own timer table, with times from the runtime model for the
    # instance they ran on plus a few percent of noise, so the report below reads the real layout.
    Step 'Benchmark x86_64 against arm64: a 7-day run on c7i.8xlarge and c7g.8xlarge with 16 and 32 threads each'
    $images = @($image, ($image -replace 'x86_64$', 'arm64'))
    # This emulated account runs GEOS-Chem 40% slower than the shipped model predicts (as a slower build, file system or
    # input data would): the emulator's timers are the model's times x 1.4 plus noise, so the learning step shows.
    $batchSettings.scenarios += @{ namePattern = 'bench-*'; runtimeFactor = 1.4 }
    Invoke-RestMethod -Method Post -Uri "$url/_emulator/batch" -ContentType 'application/json' -Body ($batchSettings | ConvertTo-Json -Depth 4) | Out-Null
    $benchmark = Start-GcBenchmark s3://my-geoschem-runs/ozone/2019-07/ -Simulation fullchem -Resolution 4x5 `
        -InstanceType c7i.8xlarge, c7g.8xlarge -Cores 16, 32 -Image $images -MaxCost 50
    $benchmark.Plans | Format-Table Plan, Architecture, JobQueue, JobDefinition, EstimatedSeconds, EstimatedCost | Out-Host

    Step 'Wait for the benchmark, then the report: measured against the smallest plan and against our estimate'
    $null = $benchmark | Wait-GcBatchJob -PollInterval '00:00:01'
    $htmlPath = Join-Path ([IO.Path]::GetTempPath()) "geoschem-benchmark-$($benchmark.Id).html"
    $report = $benchmark | Get-GcBenchmarkReport -HtmlPath $htmlPath
    $report | Format-Table | Out-Host
    Write-Host "HTML report (plots embedded, no external requests): $htmlPath"

    Step 'Teach the model: the benchmark''s runs go into your calibration, and the next estimate uses them'
    $before = Get-GcCostEstimate GCClassic fullchem 4x5 7 c7i.8xlarge -WarningAction SilentlyContinue
    $report | Add-GcCalibrationRun | Format-Table | Out-Host
    $after = Get-GcCostEstimate GCClassic fullchem 4x5 7 c7i.8xlarge -WarningAction SilentlyContinue
    @(
        [pscustomobject]@{ Model = 'shipped evidence only'; Hours = '{0:0.###}' -f $before.EstimatedWallHours; Basis = $before.Basis }
        [pscustomobject]@{ Model = 'with your runs'; Hours = '{0:0.###}' -f $after.EstimatedWallHours; Basis = $after.Basis }
    ) | Format-Table -Wrap | Out-Host
    Write-Host ("The 7-day estimate on c7i.8xlarge moved from {0:0.###} h to {1:0.###} h. The emulated runs were 40% slower than the shipped model (the scenario set above), and the model moved towards them; on AWS your runs carry what the published timings cannot: your build, your data, your instances. arm64 runs are stored but not fitted (no published Graviton timings to anchor them)." -f $before.EstimatedWallHours, $after.EstimatedWallHours)
}
finally {
    if (-not $emulator.HasExited) { $emulator.Kill(); $emulator.WaitForExit(5000) | Out-Null }
    Remove-Item $urlFile, "$urlFile.log" -ErrorAction SilentlyContinue
    foreach ($dir in $env:GC_CONFIG_DIR, $env:XDG_DATA_HOME) { if ($dir) { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue } }
    Write-Host "`nEmulator stopped."
}
