# Start-GcBenchmark, Get-GcRunTiming -Job and Get-GcBenchmarkReport against the emulator, whose finished Batch jobs
# print GEOS-Chem's own timer table with times from the runtime model for the instance they ran on.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    $script:X86 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gcclassic-14.7.0-gnu12-openmpi-x86_64'
    $script:Arm = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gcclassic-14.7.0-gnu12-openmpi-arm64'
    $script:RunDir = 's3://my-geoschem-runs/fullchem-4x5/'
    function Set-BatchTimings([object[]] $Scenarios = @()) {
        Invoke-Emulator 'batch' @{ region = 'us-east-1'; timings = @{ submittedSeconds = 0.1; runnableSeconds = 0.2; startingSeconds = 0.2; runningSeconds = 1 }; scenarios = $Scenarios } | Out-Null
    }
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Start-GcBenchmark' {
    BeforeAll { Invoke-Emulator 'reset' | Out-Null; Set-BatchTimings }

    It '-WhatIf lists every plan with its estimate and submits nothing' {
        $before = Get-EmulatorCount 'handled:SubmitJob'
        # -WhatIf writes to the host, so it is read from a child pwsh's output.
        $said = Invoke-FreshPwsh @"
Import-Module '$($script:ModulePath)'
Start-GcBenchmark $($script:RunDir) -InstanceType c7i.8xlarge, c7g.8xlarge -Cores 16, 32 -Image '$($script:X86)', '$($script:Arm)' -WhatIf
"@ | Out-String
        $said | Should -Match 'c7i\.8xlarge x16 \(geoschem-ondemand; estimated [\d.]+ h, [\d.]+ USD On-Demand\)'
        $said | Should -Match 'c7g\.8xlarge x32 \(geoschem-arm64;'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before
    }

    It 'refuses a sweep over -MaxCost before submitting anything' {
        $before = Get-EmulatorCount 'handled:SubmitJob'
        { Start-GcBenchmark $script:RunDir -InstanceType c7i.8xlarge -Cores 16, 32 -Image $script:X86 -MaxCost 0.01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'GcBenchmarkOverBudget,*'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before
    }

    It 'needs an image for each architecture of its plans' {
        { Start-GcBenchmark $script:RunDir -InstanceType c7i.8xlarge, c7g.8xlarge -Image $script:X86 -ErrorAction Stop } | Should -Throw -ErrorId 'GcBenchmarkImageMissing,*'
    }

    It 'reports a plan GEOS-Chem cannot run and benchmarks the others' {
        $bench = Start-GcBenchmark $script:RunDir -InstanceType c7i.8xlarge -Cores 16, 999 -Image $script:X86 -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused | Should -Not -BeNullOrEmpty
        $bench.Plans.Plan | Should -Be @('c7i.8xlarge x16')
    }

    It 'submits one tagged job per plan, each on a queue that offers its instance type, sized for the whole instance' {
        $script:Bench = Start-GcBenchmark $script:RunDir -InstanceType c7i.8xlarge, c7g.8xlarge -Cores 16, 32 -Image $script:X86, $script:Arm
        $script:Bench.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBenchmark'
        $script:Bench.JobId.Count | Should -Be 4
        $script:Bench.SimulationDays | Should -Be 7
        ($script:Bench.Plans | Where-Object Architecture -eq 'arm64').JobQueue | Should -Be @('geoschem-arm64', 'geoschem-arm64')
        ($script:Bench.Plans | Where-Object Architecture -eq 'x86_64').JobQueue | Should -Be @('geoschem-ondemand', 'geoschem-ondemand')
        $job = Get-GcBatchJob -JobId $script:Bench.Plans[0].JobId
        $job.Tags['geoschem:benchmark-id'] | Should -Be $script:Bench.Id
        $job.Tags['geoschem:cores-per-node'] | Should -Be '16'
        $job.RestartPrefix | Should -BeLike "$($script:RunDir)benchmarks/$($script:Bench.Id)/*/Restarts/"
    }
}

Describe 'Get-GcRunTiming and Get-GcBenchmarkReport on the finished jobs' {
    BeforeAll {
        $script:Finished = $script:Bench | Wait-GcBatchJob -PollInterval '00:00:00.5' -Timeout '00:03:00'
    }

    It 'reads one timing per finished job, with its job id and the instance it ran on' {
        $timings = $script:Finished | Get-GcRunTiming
        $timings.Count | Should -Be 4
        $timings.JobId | Sort-Object | Should -Be ($script:Bench.JobId | Sort-Object)
        $timings.InstanceType | Sort-Object -Unique | Should -Be @('c7g.8xlarge', 'c7i.8xlarge')
        $timings | ForEach-Object { $_.SimulatedDays | Should -Be 7; $_.WallSeconds | Should -BeGreaterThan 0; $_.Finished | Should -BeTrue }
    }

    It 'reports each plan beside the smallest one and beside our estimate, and writes the HTML page' {
        $html = Join-Path $TestDrive 'bench.html'
        $results = $script:Bench | Get-GcBenchmarkReport -HtmlPath $html
        $results.Count | Should -Be 4
        $results[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBenchmarkResult'
        $results.Architecture | Should -Be @('arm64', 'arm64', 'x86_64', 'x86_64')
        foreach ($r in $results) {
            $r.SimulatedDaysPerDay | Should -Be ([math]::Round($r.SimulatedDays / ($r.WallSeconds / 86400), 2))
            $r.EstimateError | Should -Not -BeNullOrEmpty
            [math]::Abs($r.EstimateError) | Should -BeLessThan 0.25 # the emulator's noise is a few percent
            $r.Components.Keys | Should -Contain 'HEMCO'
        }
        # The error is rounded to 0.1 %, and the emulator's noise (about 5 %, seeded by the random job id) falls inside
        # that for one job in a hundred or so: one run in thirty had a 0 here. Not all four at once.
        @($results | Where-Object { $_.EstimateError -ne 0 }).Count | Should -BeGreaterThan 0
        ($results | Where-Object { $_.TotalCores -eq 16 } | Select-Object -First 1).SpeedUp | Should -BeGreaterThan 0
        $html | Should -Exist
        Get-Content $html -Raw | Should -Match 'data:image/svg\+xml;base64,'
    }

    It 'binds by name the properties the calibration cmdlets take' {
        $result = $script:Bench | Get-GcBenchmarkReport | Select-Object -First 1
        foreach ($name in 'Model', 'Simulation', 'Resolution', 'InstanceType', 'Architecture', 'NodeCount', 'CoresPerNode', 'WallSeconds', 'SimulatedDays', 'EstimatedSeconds', 'JobId') {
            $result.PSObject.Properties.Name | Should -Contain $name
        }
        ($result.Model, $result.Simulation, $result.Resolution) | Should -Be @('GCClassic', 'fullchem', '4x5')
        $result.JobId | Should -BeIn $script:Bench.JobId
    }

    It 'gives a clear error for a job whose log is truncated or corrupt and still reports the others' {
        Set-BatchTimings -Scenarios @(@{ namePattern = '*c7i-8xlarge-x16'; timerLog = 'truncated' }, @{ namePattern = '*c7g-8xlarge-x16'; timerLog = 'corrupt' })
        $bench = Start-GcBenchmark $script:RunDir -InstanceType c7i.8xlarge, c7g.8xlarge -Cores 16, 32 -Image $script:X86, $script:Arm
        $null = $bench | Wait-GcBatchJob -PollInterval '00:00:00.5' -Timeout '00:03:00'
        $results = $bench | Get-GcBenchmarkReport -ErrorVariable failed -ErrorAction SilentlyContinue
        $results.Plan | Sort-Object | Should -Be @('c7g.8xlarge x32', 'c7i.8xlarge x32')
        $failed.Count | Should -Be 2
        $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'GcRunTimingIncomplete,*' }
        ($failed.Exception.Message -join "`n") | Should -Match 'truncated'
        $failed[0].ErrorDetails.RecommendedAction + $failed[0].Exception.Message | Should -Match 'Receive-GcBatchJobLog'
        Set-BatchTimings
    }
}
