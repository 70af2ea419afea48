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
        Start-Sleep -Milliseconds 900
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
        $async = $ps.BeginInvoke()
        Start-Sleep -Seconds 2
        $async.IsCompleted | Should -BeFalse
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
        $def = Register-GcJobDefinition -Name gchp-mnp -Image $script:Image -Model GCHP -VCpus 64 -MemoryGiB 115 -InstanceType hpc7g.16xlarge -NodeCount 2
        ($def.Type, $def.Efa) | Should -Be @('multinode', $true)
        Submit-GcBatchJob -Name mnp -JobQueue geoschem-spot -JobDefinition $def.JobDefinition -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcMultiNodeOnSpot,*'
        $job = Submit-GcBatchJob -Name mnp -JobQueue geoschem-ondemand -JobDefinition $def.JobDefinition -NodeCount 3 -Wait -PollInterval $script:Fast
        ($job.Status, $job.NodeCount) | Should -Be @('SUCCEEDED', 3)
        (Get-GcBatchJob -JobId $job.JobId -IncludeChildren).JobId | Should -Contain "$($job.JobId)#2"
        ($job | Receive-GcBatchJobLog -Tail 1).Message | Should -Match 'exited with code 0'
        ($job | Get-GcJobCost).Count | Should -Be 3 # one row per node
    }
}
