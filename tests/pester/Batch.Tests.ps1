BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    $script:Fast = '00:00:00.2'
    function Set-BatchTimings([double] $Run = 2, [object[]] $Scenarios = @()) {
        Invoke-Emulator 'batch' @{ region = 'us-east-1'; timings = @{ submittedSeconds = 0.1; runnableSeconds = 0.2; startingSeconds = 0.2; runningSeconds = $Run }; scenarios = $Scenarios } | Out-Null
    }
    $script:Image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:14.5.0-gnu-openmpi-x86_64'
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Register-GcJobDefinition' {
    BeforeAll { Invoke-Emulator 'reset' | Out-Null }

    It 'registers once and reuses the revision while nothing changes' {
        $first = Register-GcJobDefinition -Name gc-classic -Image $script:Image -VCpus 8 -MemoryGiB 15 -Spot -Timeout '06:00:00'
        $first.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcJobDefinition'
        ($first.JobDefinition, $first.Registered, $first.TimeoutSeconds) | Should -Be @('gc-classic:1', $true, 21600)
        $again = Register-GcJobDefinition -Name gc-classic -Image $script:Image -VCpus 8 -MemoryGiB 15 -Spot -Timeout '06:00:00'
        ($again.JobDefinition, $again.Registered) | Should -Be @('gc-classic:1', $false)
        $changed = Register-GcJobDefinition -Name gc-classic -Image $script:Image -VCpus 16 -MemoryGiB 30 -Spot -Timeout '06:00:00'
        ($changed.JobDefinition, $changed.Registered) | Should -Be @('gc-classic:2', $true)
    }

    It 'takes vCPUs, memory and instance type from a recommendation on the pipeline' {
        $rec = Get-GcInstanceRecommendation -Model GCHP -Simulation fullchem -Resolution C90 -SimulationDays 31 -Top 1
        $def = $rec | Register-GcJobDefinition -Name gchp-c90 -Image $script:Image
        $def.VCpus | Should -Be $rec.VCpus
        $def.InstanceType | Should -Be $rec.InstanceType
        $def.MemoryGiB | Should -BeLessThan $rec.MemoryGiB
        $def.Model | Should -Be 'GCHP'
        $def.Type | Should -Be $(if ($rec.NodeCount -gt 1) { 'multinode' } else { 'container' })
    }

    It 'refuses multi-node on Spot with a clear error and registers nothing' {
        $before = Get-EmulatorCount 'handled:RegisterJobDefinition'
        Register-GcJobDefinition -Name gchp-spot -Image $script:Image -Model GCHP -VCpus 64 -MemoryGiB 120 -InstanceType hpc7g.16xlarge -NodeCount 4 -Spot -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcMultiNodeOnSpot,*'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'On-Demand'
        Get-EmulatorCount 'handled:RegisterJobDefinition' | Should -Be $before
    }

    It 'refuses a timeout under 60 seconds and honours -WhatIf' {
        Register-GcJobDefinition -Name short -Image $script:Image -VCpus 2 -MemoryGiB 4 -Timeout '00:00:30' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcBatchTimeoutTooShort,*'
        $before = Get-EmulatorCount 'handled:RegisterJobDefinition'
        Register-GcJobDefinition -Name whatif -Image $script:Image -VCpus 2 -MemoryGiB 4 -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorCount 'handled:RegisterJobDefinition' | Should -Be $before
    }
}

Describe 'A sweep from a CSV: submit, wait, logs, cost' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 2 -Scenarios @(@{ namePattern = 'broken*'; exitCode = 7 })
        $script:Def = Register-GcJobDefinition -Name gc-sweep -Image $script:Image -VCpus 8 -MemoryGiB 15 -Spot
        $csv = Join-Path $TestDrive 'sweep.csv'
        @(
            'Name,JobQueue,RunDirectory,SimulationStart,SimulationEnd'
            'ozone-2019-07,geoschem-spot,s3://gc-runs/ozone/2019-07/,2019-07-01,2019-08-01'
            'ozone-2019-08,geoschem-spot,s3://gc-runs/ozone/2019-08/,2019-08-01,2019-09-01'
            'broken-2019-09,geoschem-spot,s3://gc-runs/ozone/2019-09/,2019-09-01,2019-10-01'
            'bad-dir,geoschem-spot,/home/me/run,2019-09-01,2019-10-01'
        ) | Set-Content $csv
        $script:Submitted = Import-Csv $csv | Submit-GcBatchJob -JobDefinition $script:Def.JobDefinition -ErrorVariable submitErrors -ErrorAction SilentlyContinue
        $script:SubmitErrors = $submitErrors
        $script:Final = $script:Submitted | Wait-GcBatchJob -PollInterval $script:Fast -ErrorVariable waitErrors -ErrorAction SilentlyContinue
        $script:WaitErrors = $waitErrors
    }

    It 'submits one job per good row and reports the bad row without losing the rest' {
        $script:Submitted.JobName | Should -Be @('ozone-2019-07', 'ozone-2019-08', 'broken-2019-09')
        $script:Submitted[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBatchJob'
        $script:Submitted | ForEach-Object { $_.JobId | Should -Match '^[0-9a-f-]{36}$'; $_.Region | Should -Be 'us-east-1' }
        $script:SubmitErrors.Count | Should -Be 1
        $script:SubmitErrors[0].FullyQualifiedErrorId | Should -BeLike 'GcS3UriInvalid,*'
        $script:SubmitErrors[0].TargetObject | Should -Be 'bad-dir' # the row, by its name
        $script:SubmitErrors[0].Exception.Message | Should -Match "'/home/me/run' is not an s3:// URI"
        $script:Submitted[0].RestartPrefix | Should -Be 's3://gc-runs/ozone/2019-07/Restarts/'
    }

    It 'waits to the end and surfaces the failure with its exit code and log stream' {
        ($script:Final | Sort-Object JobName).Status | Should -Be @('FAILED', 'SUCCEEDED', 'SUCCEEDED')
        $script:WaitErrors.Count | Should -Be 1
        $script:WaitErrors[0].FullyQualifiedErrorId | Should -BeLike 'GcBatchJobFailed,*'
        $script:WaitErrors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $script:WaitErrors[0].Exception.Message | Should -Match 'exit code 7; log stream /aws/batch/job/gc-sweep/default/'
        $script:WaitErrors[0].ErrorDetails.RecommendedAction | Should -Match 'Receive-GcBatchJobLog -JobId'
    }

    It 'prints the log of each job with the simulated dates' {
        $log = $script:Final | Where-Object JobName -eq 'ozone-2019-07' | Receive-GcBatchJobLog
        $log[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcJobLogEvent'
        # The entrypoint's two start lines, ten progress lines and its exit line, and between them GEOS-Chem's own output
        # of a run that ended well: its header, one date line per simulated day, its timer table and closing banner.
        $log.Count | Should -BeGreaterThan 13
        $log.Message | Should -Contain '     - Simulated date: 2019/08/01 00:00 (100% of this run)'
        @($log.Message -like '---> DATE: 2019/07/*').Count | Should -Be 31
        $log.Message | Should -Contain 'G E O S - C H E M   T I M E R S'
        $log[-1].Message | Should -Be '[geoschem-entrypoint] GEOS-Chem exited with code 0'
        ($script:Final | Where-Object JobName -eq 'broken-2019-09' | Receive-GcBatchJobLog -Tail 1).Message | Should -Be '[geoschem-entrypoint] GEOS-Chem exited with code 7'
    }

    It 'costs each attempt and totals with Measure-Object' {
        $costs = $script:Final | Get-GcJobCost
        $costs.Count | Should -Be 3
        $costs | ForEach-Object {
            $_.InstanceType | Should -Be 'c7i.4xlarge'
            $_.Share | Should -Be 0.5
            $_.Method | Should -Match 'from ECS'
        }
        $total = ($costs | Measure-Object -Property Cost -Sum).Sum
        $total | Should -BeGreaterThan 0
        $total | Should -Be (($costs | ForEach-Object { [math]::Round($_.Hours * $_.HourlyPrice * $_.Share, 4) }) | Measure-Object -Sum).Sum
    }

    It 'lists the finished jobs by status and name wildcard' {
        (Get-GcBatchJob -JobQueue geoschem-spot -Status SUCCEEDED).JobName | Sort-Object | Should -Be @('ozone-2019-07', 'ozone-2019-08')
        (Get-GcBatchJob -Name 'ozone-*-08' -Status All).JobName | Should -Be 'ozone-2019-08'
        Get-GcBatchJob -JobQueue geoschem-spot | Should -BeNullOrEmpty # nothing active any more
        (Get-GcBatchJob -JobId $script:Submitted[0].JobId).Attempts | Should -Be 1
    }
}

Describe 'Submission options and bad input' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 600
        $script:Def = Register-GcJobDefinition -Name gc-opts -Image $script:Image -VCpus 4 -MemoryGiB 7
    }

    It 'names the queues that exist when the queue is unknown' {
        Submit-GcBatchJob -Name x -JobQueue geoschem-spto -JobDefinition $script:Def.JobDefinition -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcBatchJobQueueNotFound,*'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'geoschem-ondemand, geoschem-spot'
    }

    It 'refuses an out-of-range array, a malformed or missing dependency, before any submission' {
        $before = Get-EmulatorCount 'received:SubmitJob'
        Submit-GcBatchJob -Name a -JobQueue geoschem-spot -JobDefinition $script:Def.JobDefinition -ArraySize 10001 -ErrorVariable e1 -ErrorAction SilentlyContinue
        Submit-GcBatchJob -Name b -JobQueue geoschem-spot -JobDefinition $script:Def.JobDefinition -DependsOn 'job-1' -ErrorVariable e2 -ErrorAction SilentlyContinue
        Submit-GcBatchJob -Name c -JobQueue geoschem-spot -JobDefinition $script:Def.JobDefinition -DependsOn '8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f' -ErrorVariable e3 -ErrorAction SilentlyContinue
        ($e1[0].FullyQualifiedErrorId, $e2[0].FullyQualifiedErrorId, $e3[0].FullyQualifiedErrorId) -replace ',.*' | Should -Be @('GcBatchArraySizeInvalid', 'GcBatchJobIdInvalid', 'GcBatchDependencyNotFound')
        Get-EmulatorCount 'received:SubmitJob' | Should -Be $before
    }

    It 'submits arrays with sequential children and N_TO_N dependencies' {
        $first = Submit-GcBatchJob -Name prep -JobQueue geoschem-ondemand -JobDefinition $script:Def.JobDefinition -ArraySize 3 -Sequential
        $second = Submit-GcBatchJob -Name main -JobQueue geoschem-ondemand -JobDefinition $script:Def.JobDefinition -ArraySize 3 -DependsOn $first.JobId -DependencyType N_TO_N
        $children = Get-GcBatchJob -JobId $second.JobId -IncludeChildren
        $children.Count | Should -Be 4
        $children[1].JobId | Should -Be "$($second.JobId):0"
        $second.ArraySize | Should -Be 3
    }

    It 'does nothing under -WhatIf' {
        $before = Get-EmulatorCount 'received:SubmitJob'
        Submit-GcBatchJob -Name w -JobQueue geoschem-spot -JobDefinition $script:Def.JobDefinition -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorCount 'received:SubmitJob' | Should -Be $before
    }

    It 'cancels queued and terminates running jobs with Stop-GcBatchJob' {
        $running = Submit-GcBatchJob -Name to-terminate -JobQueue geoschem-ondemand -JobDefinition $script:Def.JobDefinition
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Get-GcBatchJob -JobId $running.JobId).Status -ne 'RUNNING' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-GcBatchJob -JobId $running.JobId).Status | Should -Be 'RUNNING'
        $stopped = $running | Stop-GcBatchJob -Reason 'testing stop' -Force -PassThru
        ($stopped.Status, $stopped.StatusReason) | Should -Be @('FAILED', 'testing stop')
        $stopped | Stop-GcBatchJob -Force -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Match 'already FAILED'
    }

    It 'leaves the jobs running when waiting is stopped (Ctrl+C), and says how to stop them' {
        $job = Submit-GcBatchJob -Name long-run -JobQueue geoschem-ondemand -JobDefinition $script:Def.JobDefinition
        if (-not ('GeosChemTests.ScriptedHost' -as [type])) { Add-Type -Path "$PSScriptRoot/tools/ScriptedHost.cs" }
        $scripted = [GeosChemTests.ScriptedHost]::new([string[]] @())
        $runspace = [runspacefactory]::CreateRunspace($scripted); $runspace.Open()
        $ps = [powershell]::Create(); $ps.Runspace = $runspace
        $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; Wait-GcBatchJob -JobId $($job.JobId) -PollInterval '00:00:00.2'")
        $polled = Get-EmulatorCount 'received:DescribeJobs'
        $async = $ps.BeginInvoke()
        # Stop only once the watcher is inside its polling loop (two polls seen), however slow the import is under load.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-EmulatorCount 'received:DescribeJobs') -lt $polled + 2 -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $async.IsCompleted | Should -BeFalse
        Get-EmulatorCount 'received:DescribeJobs' | Should -BeGreaterOrEqual ($polled + 2)
        $ps.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose(); $runspace.Dispose()
        ($scripted.Written -join "`n") | Should -Match ([regex]::Escape("WARNING: Stopped waiting. The 1 job(s) keep running. To stop them: Stop-GcBatchJob -JobId $($job.JobId)"))
        (Get-GcBatchJob -JobId $job.JobId).Status | Should -BeIn @('STARTING', 'RUNNING')
        Get-EmulatorCount 'handled:TerminateJob' | Should -Be 1 # only the Stop-GcBatchJob test's
    }

    It 'completes job queues and definitions from the account' {
        (Complete 'Submit-GcBatchJob -JobQueue geoschem-s').CompletionText | Should -Be @('geoschem-spot')
        (Complete 'Submit-GcBatchJob -JobDefinition gc-o').CompletionText | Should -Be @('gc-opts')
        (Complete 'Get-GcBatchJob -Status SU').CompletionText | Should -Be @('SUBMITTED', 'SUCCEEDED')
    }
}

Describe 'Spot fallback and multi-node jobs' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1 -Scenarios @(@{ namePattern = 'fragile*'; spotReclaims = 10 })
    }

    It 'moves a job reclaimed twice to On-Demand and returns the chain' {
        $def = Register-GcJobDefinition -Name gc-fb -Image $script:Image -VCpus 4 -MemoryGiB 7 -Spot
        $final = Submit-GcBatchJob -Name fragile-1 -JobQueue geoschem-spot -JobDefinition $def.JobDefinition -RunDirectory s3://gc-runs/f/ `
            -FallbackToOnDemand -MaxSpotReclaims 2 -Wait -PollInterval $script:Fast -WarningVariable w -WarningAction SilentlyContinue
        $final.Count | Should -Be 2
        $spot, $onDemand = $final
        ($spot.Status, $spot.SpotReclaims, $spot.ResubmittedAs) | Should -Be @('FAILED', 2, $onDemand.JobId)
        ($onDemand.Status, $onDemand.JobQueue, $onDemand.PreviousJobId) | Should -Be @('SUCCEEDED', 'geoschem-ondemand', $spot.JobId)
        $onDemand.RestartPrefix | Should -Be 's3://gc-runs/f/Restarts/'
        $w | Should -Match 'resubmitted On-Demand'
        # two reclaims, each halfway through what was left of July: restarts up to 16 July, then 24 July
        ($onDemand | Receive-GcBatchJobLog).Message | Should -Contain '[geoschem-entrypoint] resuming from s3://gc-runs/f/Restarts/GEOSChem.Restart.20190724_0000z.nc4'
    }

    It 'runs a multi-node GCHP job On-Demand and refuses it on a Spot queue' {
        $def = Register-GcJobDefinition -Name gchp-mnp -Image $script:Image -Model GCHP -VCpus 64 -MemoryGiB 115 -InstanceType hpc7a.96xlarge -NodeCount 2
        ($def.Type, $def.Efa) | Should -Be @('multinode', $true)
        Submit-GcBatchJob -Name mnp -JobQueue geoschem-spot -JobDefinition $def.JobDefinition -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcMultiNodeOnSpot,*'
        $job = Submit-GcBatchJob -Name mnp -JobQueue geoschem-ondemand -JobDefinition $def.JobDefinition -NodeCount 3 -Wait -PollInterval $script:Fast
        ($job.Status, $job.NodeCount) | Should -Be @('SUCCEEDED', 3)
        (Get-GcBatchJob -JobId $job.JobId -IncludeChildren).JobId | Should -Contain "$($job.JobId)#2"
        ($job | Receive-GcBatchJobLog -Tail 1).Message | Should -Match 'exited with code 0'
        ($job | Get-GcJobCost).Count | Should -Be 3 # one row per node
    }

    It 'maps EFA devices only where the compute environment launches EFA interfaces, and warns of TCP otherwise' {
        # c7i.48xlarge supports EFA, but the emulated On-Demand environment offering it launches from the plain Batch
        # launch template (as terraform/batch.tf does); only the multi-node environment's template has an EFA interface.
        $def = Register-GcJobDefinition -Name gchp-tcp -Image $script:Image -Model GCHP -VCpus 96 -MemoryGiB 300 -InstanceType c7i.48xlarge -NodeCount 2 -WarningVariable w 3>$null
        ($def.Type, $def.Efa) | Should -Be @('multinode', $false)
        $w -join "`n" | Should -Match "no EFA device: .*geoschem-ondemand-ce.* without an EFA interface.*TCP"
    }
}

Describe 'A sweep stopped by an error that would fail every row' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 60
        $script:DrainDef = Register-GcJobDefinition -Name gc-drain -Image $script:Image -VCpus 2 -MemoryGiB 4 -Spot
    }
    AfterAll { Invoke-Emulator 'faults' @{} | Out-Null; Remove-Item Env:AWS_MAX_ATTEMPTS -ErrorAction SilentlyContinue }

    It 'lets rows in flight settle, sends no more, reports every row''s fate, then stops' {
        $names = 1..12 | ForEach-Object { 'drain-{0:D2}' -f $_ }
        $rows = $names | ForEach-Object { [pscustomobject]@{ Name = $_; RunDirectory = "s3://gc-runs/$_/" } }
        # Seed 10 draws 0.95 0.75 0.76 0.69 0.72 0.30: the first five SubmitJob calls pass, the sixth is throttled, and
        # with AWS_MAX_ATTEMPTS=1 throttled is throttled beyond retries.
        $env:AWS_MAX_ATTEMPTS = '1'
        Invoke-Emulator 'faults' @{ throttleRate = 0.35; seed = 10; operations = @('SubmitJob') } | Out-Null
        $out = [Collections.Generic.List[object]]::new()
        $stop = $null
        try {
            $rows | Submit-GcBatchJob -JobQueue geoschem-spot -JobDefinition $script:DrainDef.JobDefinition -MaxSubmitRate 4 -ErrorVariable errs -ErrorAction SilentlyContinue |
                ForEach-Object { $out.Add($_) }
        }
        catch { $stop = $_ }
        Invoke-Emulator 'faults' @{} | Out-Null
        Remove-Item Env:AWS_MAX_ATTEMPTS

        $stop | Should -Not -BeNullOrEmpty -Because 'the sweep stops'
        $stop.FullyQualifiedErrorId | Should -BeLike 'GcBatchSweepStopped,*'
        $stop.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $rowErrors = @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'GcBatchSubmit*' })
        $failed = @($rowErrors | Where-Object FullyQualifiedErrorId -like 'GcBatchSubmitFailed,*')
        $unsent = @($rowErrors | Where-Object FullyQualifiedErrorId -like 'GcBatchSubmitNotAttempted,*')
        $failed.Count | Should -Be 1
        $unsent.Count | Should -BeGreaterThan 0
        $unsent[0].CategoryInfo.Category | Should -Be 'OperationStopped'
        # Every row has exactly one fate: a job, a failure, or not sent; each error names its row.
        @($out.JobName) + @($rowErrors.TargetObject) | Sort-Object | Should -Be $names
        @($errs).Count | Should -Be ($rowErrors.Count + 1) -Because 'the only other error is the one that stopped the command'
        $stop.Exception.Message | Should -Match "$($out.Count) were submitted, 1 failed and $($unsent.Count) were not sent"
        $stop.Exception.Message | Should -Match ([regex]::Escape($unsent[0].TargetObject))
        $stop.ErrorDetails.RecommendedAction | Should -Match 'run the same command again'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $out.Count
        Start-Sleep -Seconds 2
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $out.Count -Because 'nothing left behind goes on submitting after the command stopped'

        # Run again without the fault: exactly the rows that were not submitted go out.
        $again = $rows | Submit-GcBatchJob -JobQueue geoschem-spot -JobDefinition $script:DrainDef.JobDefinition -WarningAction SilentlyContinue
        $again.Count | Should -Be 12
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be 12
    }
}

Describe 'Wait-GcBatchJob acts only when allowed, and once across sessions' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1 -Scenarios @(@{ namePattern = 'reclaimed*'; spotReclaims = 10 })
        $script:FbDef = Register-GcJobDefinition -Name gc-fb-watch -Image $script:Image -VCpus 4 -MemoryGiB 7 -Spot
        # Listings carry no tags: look each On-Demand job up to read the successor tag.
        function Get-Successors([string] $JobId) {
            $ids = @(Get-GcBatchJob -JobQueue geoschem-ondemand -Status SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED).JobId
            @(if ($ids) { Get-GcBatchJob -JobId $ids | Where-Object PreviousJobId -eq $JobId })
        }
    }

    It 'with -WhatIf watches a reclaimed job to its end and resubmits nothing' {
        $job = Submit-GcBatchJob -Name reclaimed-whatif -JobQueue geoschem-spot -JobDefinition $script:FbDef.JobDefinition -RunDirectory s3://gc-runs/w/ -FallbackToOnDemand -MaxSpotReclaims 2
        $before = Get-EmulatorCount 'handled:SubmitJob'
        $final = Wait-GcBatchJob -JobId $job.JobId -PollInterval $script:Fast -WhatIf -ErrorAction SilentlyContinue
        ($final.JobId, $final.Status, $final.SpotReclaims, $final.ResubmittedAs) | Should -Be @($job.JobId, 'FAILED', 2, $null)
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before
        # Without -WhatIf the same wait moves it On-Demand.
        $chain = Wait-GcBatchJob -JobId $job.JobId -PollInterval $script:Fast -WarningAction SilentlyContinue
        $chain[-1].JobQueue | Should -Be 'geoschem-ondemand'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be ($before + 1)
    }

    It 'two sessions waiting on one reclaimed job leave exactly one On-Demand successor' {
        $job = Submit-GcBatchJob -Name reclaimed-twice -JobQueue geoschem-spot -JobDefinition $script:FbDef.JobDefinition -RunDirectory s3://gc-runs/t/ -FallbackToOnDemand -MaxSpotReclaims 2
        $watch = {
            param($ModulePath, $JobId)
            Import-Module $ModulePath
            Wait-GcBatchJob -JobId $JobId -PollInterval '00:00:00.1' -WarningAction SilentlyContinue
        }
        $sessions = 1..2 | ForEach-Object { Start-ThreadJob -ScriptBlock $watch -ArgumentList $script:ModulePath, $job.JobId }
        $results = $sessions | ForEach-Object { , @(Receive-Job $_ -Wait -AutoRemoveJob) }
        $successors = Get-Successors $job.JobId
        @($successors | Where-Object Status -ne 'FAILED').Count | Should -Be 1
        $kept = $successors | Where-Object Status -ne 'FAILED'
        $kept.Status | Should -Be 'SUCCEEDED'
        foreach ($r in $results) { $r[-1].JobId | Should -Be $kept.JobId -Because 'both sessions follow the same On-Demand job' }
        # Whether the second session found the first one's successor before submitting, or both submitted at the same
        # moment and one copy was terminated, depends on timing; a terminated copy says why.
        foreach ($copy in @($successors | Where-Object Status -eq 'FAILED')) { $copy.StatusReason | Should -Match 'Duplicate On-Demand successor' }
    }
}

Describe 'Submit-GcBatchJob on the deployed platform: -ConfigurationPath and results/' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1
        $script:Role = 'arn:aws:iam::123456789012:role/geoschem-job'
        $script:PlatformConfig = Join-Path $TestDrive 'platform.json'
        @{ schemaVersion = 1; region = 'us-east-1'; deployed = @{ resultsBucket = 'gc-results-123'; jobRoleArn = $script:Role; spotJobQueue = 'geoschem-spot'; onDemandJobQueue = 'geoschem-ondemand' } } |
            ConvertTo-Json -Depth 4 | Set-Content $script:PlatformConfig
        $script:RoleDef = Register-GcJobDefinition -Name gc-role -Image $script:Image -VCpus 2 -MemoryGiB 4 -Spot -JobRoleArn $script:Role
    }

    It 'defaults the output and restart prefixes to the results bucket''s results/ prefix and the queue to the deployed one' {
        $job = Submit-GcBatchJob -Name res-default -JobDefinition $script:RoleDef.JobDefinition -RunDirectory s3://gc-results-123/runs/a/ -ConfigurationPath $script:PlatformConfig
        $job.JobQueue | Should -Be 'geoschem-spot'
        # The restart prefix follows the output prefix (<output>/Restarts/), which is the job's own folder under results/.
        $job.RestartPrefix | Should -Be 's3://gc-results-123/results/res-default/Restarts/'
    }

    It 'refuses a prefix the job role cannot write before anything is submitted' {
        $before = Get-EmulatorCount 'handled:SubmitJob'
        Submit-GcBatchJob -Name res-bad -JobDefinition $script:RoleDef.JobDefinition -OutputPrefix s3://someone-else/out/ -ConfigurationPath $script:PlatformConfig -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcOutputPrefixNotWritable,*'
        $e[0].TargetObject | Should -Be 'res-bad'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 's3://gc-results-123/results/'
        Submit-GcBatchJob -Name res-runs -JobDefinition $script:RoleDef.JobDefinition -RunDirectory s3://gc-results-123/runs/b/ -RestartPrefix s3://gc-results-123/runs/b/Restarts/ -ConfigurationPath $script:PlatformConfig -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'GcOutputPrefixNotWritable,*'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before
    }

    It 'names a missing -ConfigurationPath file instead of ignoring it' {
        { Submit-GcBatchJob -Name res-x -JobDefinition $script:RoleDef.JobDefinition -ConfigurationPath (Join-Path $TestDrive 'absent.json') } |
            Should -Throw -ErrorId 'GcConfigurationNotFound,GeosChem.PowerShell.Commands.SubmitGcBatchJobCommand'
    }
}

Describe 'Spend and quota before anything runs' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1
        $script:BudgetConfig = Join-Path $TestDrive 'budget.json'
        @{ schemaVersion = 1; region = 'us-east-1'; budget = @{ monthlyUsd = 100; perJobUsd = 30 }; defaults = @{ jobQueue = 'geoschem-spot' } } |
            ConvertTo-Json -Depth 4 | Set-Content $script:BudgetConfig
        $script:BudgetDef = Register-GcJobDefinition -Name gc-budget -Image $script:Image -VCpus 2 -MemoryGiB 4 -Spot
    }

    It 'warns about a job above budget.perJobUsd and refuses a sweep above the monthly budget unless -Force' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "pricey-$_"; EstimatedCost = 40 } }
        $before = Get-EmulatorCount 'handled:SubmitJob'
        { $rows | Submit-GcBatchJob -JobDefinition $script:BudgetDef.JobDefinition -ConfigurationPath $script:BudgetConfig -WarningVariable w -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'GcSweepOverBudget,GeosChem.PowerShell.Commands.SubmitGcBatchJobCommand'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before -Because 'a refused sweep sends nothing'
        try { $rows | Submit-GcBatchJob -JobDefinition $script:BudgetDef.JobDefinition -ConfigurationPath $script:BudgetConfig -WarningAction SilentlyContinue } catch { $refusal = $_ }
        $refusal.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $refusal.Exception.Message | Should -Match 'estimated at 120.00 USD in total, more than the 100.00 USD that remains this month: the month''s spend could not be read \(the configuration records no deployed AWS Budgets budget'

        $refusal.ErrorDetails.RecommendedAction | Should -Match '-Force'
        $jobs = $rows | Submit-GcBatchJob -JobDefinition $script:BudgetDef.JobDefinition -ConfigurationPath $script:BudgetConfig -Force -WarningVariable w2 -WarningAction SilentlyContinue
        $jobs.Count | Should -Be 3
        @($w2 | Where-Object { "$_" -match 'above budget.perJobUsd \(30.00 USD\)' }).Count | Should -Be 3
        # Within the budget the rows go out without -Force.
        $cheap = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "cheap-$_"; EstimatedCost = 20 } } |
            Submit-GcBatchJob -JobDefinition $script:BudgetDef.JobDefinition -ConfigurationPath $script:BudgetConfig -WarningVariable w3
        $cheap.Count | Should -Be 3
        @($w3).Count | Should -Be 1 -Because 'the one warning is that the spend was not read'
        "$($w3[0])" | Should -Match '^The month''s spend was not read: the configuration records no deployed AWS Budgets budget.*The whole of budget.monthlyUsd counts as what remains'
    }

    It 'falls back to the whole monthly budget, saying so, when AWS Budgets denies reading the deployed budget' {
        $config = Join-Path $TestDrive 'budget-deployed.json'
        @{ schemaVersion = 1; region = 'us-east-1'; budget = @{ monthlyUsd = 100 }; defaults = @{ jobQueue = 'geoschem-spot' }; deployed = @{ region = 'us-east-1'; budgetName = 'geoschem-monthly' } } |
            ConvertTo-Json -Depth 4 | Set-Content $config
        Invoke-Emulator 'budgets' @{ name = 'geoschem-monthly'; limitUsd = 100; actualUsd = 90 } | Out-Null
        Invoke-Emulator 'deny' @{ actions = @('budgets:ViewBudget') } | Out-Null
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "denied-$_"; EstimatedCost = 20 } } # 60 USD: above the real 10 USD remainder, within 100
        $jobs = $rows | Submit-GcBatchJob -JobDefinition $script:BudgetDef.JobDefinition -ConfigurationPath $config -WarningVariable w -WarningAction SilentlyContinue
        $jobs.Count | Should -Be 3
        "$w" | Should -Match 'access to AWS Budgets budget ''geoschem-monthly'' was denied \(AccessDeniedException\); the identity running Submit-GcBatchJob needs budgets:ViewBudget'
    }

    It 'carries a recommendation''s estimate through Register-GcJobDefinition to Submit-GcBatchJob' {
        # On-Demand: offline there is no Spot price, so a Spot recommendation has no cost to pass on.
        $rec = Get-GcInstanceRecommendation -Model GCClassic -Simulation fullchem -Resolution 4x5 -SimulationDays 31 -Top 1
        $def = $rec | Register-GcJobDefinition -Name gc-budget-rec -Image $script:Image
        $def.EstimatedCost | Should -Be $rec.EstimatedCost
        $def.EstimatedCost | Should -BeGreaterThan 0
    }

    It 'warns at Register and at Submit when a plan needs more vCPUs than the account''s quota, naming it and Request-GcQuotaIncrease' {
        Invoke-Emulator 'quotas' @{ region = 'us-east-1'; quotaCode = 'L-34B43A08'; value = 32 } | Out-Null
        try {
            $def = Register-GcJobDefinition -Name gc-over-quota -Image $script:Image -VCpus 64 -MemoryGiB 120 -Spot -WarningVariable rw -WarningAction SilentlyContinue
            ($rw -join "`n") | Should -Match "'gc-over-quota' needs 64 vCPUs at once, more than this account's quota 'All Standard \(A, C, D, H, I, M, R, T, Z\) Spot Instance Requests' \(L-34B43A08\) of 32"
            ($rw -join "`n") | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-34B43A08 -DesiredValue 64'
            $job = Submit-GcBatchJob -Name over-quota -JobQueue geoschem-spot -JobDefinition $def.JobDefinition -WarningVariable sw -WarningAction SilentlyContinue
            $job.JobId | Should -Not -BeNullOrEmpty -Because 'a quota can be raised: it is a warning, not a refusal'
            ($sw -join "`n") | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-34B43A08'
            Register-GcJobDefinition -Name gc-under-quota -Image $script:Image -VCpus 16 -MemoryGiB 30 -Spot -WarningVariable ok -WarningAction SilentlyContinue | Out-Null
            ($ok -join "`n") | Should -Not -Match 'quota'
        }
        finally { Invoke-Emulator 'quotas' @{ region = 'us-east-1'; quotaCode = 'L-34B43A08'; value = 128 } | Out-Null }
    }
}
