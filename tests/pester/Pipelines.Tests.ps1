# Every pipe README.md and the help pages show that no other suite drives, with the real objects the cmdlets emit
# (never hashtables), and the first-hour problems a new user met, each checked against the behaviour that was wrong.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    $env:GC_CONFIG_DIR = Join-Path $TestDrive 'config'
    Import-Module $script:ModulePath -Force
    $script:Fast = '00:00:00.2'
    $script:Image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:14.5.0-gnu-openmpi-x86_64'
    function Set-BatchTimings([double] $Run = 1) {
        Invoke-Emulator 'batch' @{ region = 'us-east-1'; timings = @{ submittedSeconds = 0.1; runnableSeconds = 0.2; startingSeconds = 0.2; runningSeconds = $Run } } | Out-Null
    }
}
AfterAll { Stop-TestEmulator $script:Emulator; Remove-Item Env:GC_CONFIG_DIR -ErrorAction SilentlyContinue }

Describe 'Documented pipes' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1
    }

    It 'Get-GcInstanceRecommendation | Register-GcJobDefinition | Submit-GcBatchJob submits one job' {
        $before = Get-EmulatorCount 'handled:SubmitJob'
        $jobs = @(Get-GcInstanceRecommendation GCClassic fullchem 4x5 31 -Top 1 |
            Register-GcJobDefinition -Name rec-chain -Image $script:Image |
            Submit-GcBatchJob -Name chain-1 -JobQueue geoschem-spot)
        $jobs.Count | Should -Be 1
        $jobs[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBatchJob'
        $jobs[0].JobDefinition | Should -BeLike '*rec-chain:1'
        (Get-EmulatorCount 'handled:SubmitJob') - $before | Should -Be 1
    }

    It 'Get-GcRunTiming <log> | Add-GcCalibrationRun -InstanceType ... stores the timing with the hardware given' {
        # The fixture is GEOS-Chem 14.7.0's own timer table (busy-wait times, not a simulation) and prints no dates,
        # so the simulated days come as a parameter; everything else binds from the real GcRunTiming.
        $log = [IO.Path]::Combine($PSScriptRoot, '..', 'fixtures', 'timing', 'gcclassic-14.7.0.timers.log')
        $timing = Get-GcRunTiming $log -WarningAction SilentlyContinue
        $added = $timing | Add-GcCalibrationRun -Simulation fullchem -Resolution 4x5 -InstanceType c7i.8xlarge -Cores 8 -SimulatedDays 1
        $added.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcCalibrationRun'
        ($added.Model, $added.WallSeconds, $added.CoresPerNode, $added.LogPath) | Should -Be @('GCClassic', $timing.WallSeconds, 8, $timing.Path)
        $again = $timing | Add-GcCalibrationRun -Simulation fullchem -Resolution 4x5 -InstanceType c7i.8xlarge -Cores 8 -SimulatedDays 1 -WarningAction SilentlyContinue
        $again | Should -BeNullOrEmpty # the same log is not added twice
        $added | Remove-GcCalibrationRun -Confirm:$false
        Get-GcCalibrationRun | Should -BeNullOrEmpty
    }

    It 'Get-GcInstanceRecommendation | Start-GcBenchmark | Wait-GcBatchJob | Get-GcRunTiming | Get-GcBenchmarkReport gives one result per plan' {
        $x86 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gcclassic-14.7.0-gnu12-openmpi-x86_64'
        # Two of the recommended plans the emulator's On-Demand environment offers (c7i).
        $bench = Get-GcInstanceRecommendation GCClassic fullchem 4x5 7 -Architecture x86_64 -Top 500 -WarningAction SilentlyContinue |
            Where-Object InstanceType -in 'c7i.4xlarge', 'c7i.8xlarge', 'c7i.16xlarge' | Select-Object -First 2 |
            Start-GcBenchmark s3://my-geoschem-runs/pipe/ -Image $x86 -JobQueue geoschem-ondemand -ErrorAction SilentlyContinue
        $bench.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBenchmark'
        $bench.JobId.Count | Should -Be 2
        $finished = @($bench | Wait-GcBatchJob -PollInterval $script:Fast -Timeout '00:03:00')
        $finished.Count | Should -Be $bench.JobId.Count
        $timings = @($finished | Get-GcRunTiming)
        $timings[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcRunTiming'
        $results = @($timings | Get-GcBenchmarkReport)
        $results.Count | Should -Be $bench.JobId.Count
        $results.JobId | Sort-Object | Should -Be ($bench.JobId | Sort-Object)
        # The same report from the jobs straight away, and from the benchmark itself.
        @($finished | Get-GcBenchmarkReport).Count | Should -Be $results.Count
        @($bench | Get-GcBenchmarkReport).Count | Should -Be $results.Count
    }

    It '$job | Get-GcBatchJob looks the job up by JobId instead of listing its queue' {
        $one = Submit-GcBatchJob -Name lookup-a -JobQueue geoschem-spot -JobDefinition rec-chain
        $null = Submit-GcBatchJob -Name lookup-b -JobQueue geoschem-spot -JobDefinition rec-chain
        $found = @($one | Get-GcBatchJob)
        $found.Count | Should -Be 1
        $found[0].JobId | Should -Be $one.JobId
        # Only a lookup by id gives attempts (a listing does not carry them).
        $found[0].Attempts | Should -Not -BeNullOrEmpty -Because 'DescribeJobs answered, not ListJobs'
    }

    It 'Import-Csv | Submit-GcBatchJob | Wait-GcBatchJob, then Get-GcBatchJob -Status | Get-GcBatchJob and | Stop-GcBatchJob' {
        $csv = Join-Path $TestDrive 'pipe-sweep.csv'
        @('Name,RunDirectory,SimulationStart,SimulationEnd'
          'pipe-2019-07,s3://gc-runs/p/2019-07/,2019-07-01,2019-08-01'
          'pipe-2019-08,s3://gc-runs/p/2019-08/,2019-08-01,2019-09-01') | Set-Content $csv
        $final = @(Import-Csv $csv | Submit-GcBatchJob -JobDefinition rec-chain -JobQueue geoschem-spot | Wait-GcBatchJob -PollInterval $script:Fast)
        $final.Status | Should -Be @('SUCCEEDED', 'SUCCEEDED')
        $detailed = @(Get-GcBatchJob -JobQueue geoschem-spot -Status SUCCEEDED -Name 'pipe-*' | Get-GcBatchJob)
        ($detailed.JobName | Sort-Object) | Should -Be @('pipe-2019-07', 'pipe-2019-08')
        $detailed.Attempts | Should -Be @(1, 1)

        Set-BatchTimings -Run 600
        $null = Submit-GcBatchJob -Name stopme-1 -JobQueue geoschem-spot -JobDefinition rec-chain
        $stopped = @(Get-GcBatchJob -JobQueue geoschem-spot -Name 'stopme-*' | Stop-GcBatchJob -Reason 'sweep withdrawn' -Force -PassThru)
        $stopped.Count | Should -Be 1
        Set-BatchTimings -Run 1
    }

    It 'Get-GcImageVariant | Start-GcImageBuild, then Get-GcImage | Register-GcJobDefinition registers the built image' {
        Invoke-Emulator 'ssm' @{ region = 'us-east-1'; commandSeconds = 0.5 } | Out-Null
        $where = @{ SubnetId = 'subnet-0abc'; SecurityGroupId = 'sg-0builder'; InstanceProfile = 'geoschem-builder'; ArtifactBucket = 'gc-artifacts' }
        $build = Get-GcImageVariant GCClassic -Compiler gnu12 -Architecture x86_64 | Start-GcImageBuild @where -Wait -PollInterval $script:Fast 6>$null
        $build.Status | Should -Be 'Succeeded'
        $image = Get-GcImage -Tag 'gcclassic-14.7.1-gnu12-none-x86_64'
        $image.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcImage'
        $def = $image | Register-GcJobDefinition -Name from-image -VCpus 2 -MemoryGiB 4
        $def.Image | Should -Be $image.ImageUri
    }

    It 'a bare Get-GcBatchJob that lists nothing says where the finished jobs are' {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 0.3
        $job = Register-GcJobDefinition -Name quick -Image $script:Image -VCpus 2 -MemoryGiB 4 | Submit-GcBatchJob -Name quick-1 -JobQueue geoschem-spot
        $null = $job | Wait-GcBatchJob -PollInterval $script:Fast
        $listed = Get-GcBatchJob -WarningVariable w -WarningAction SilentlyContinue
        $listed | Should -BeNullOrEmpty
        "$w" | Should -Match '-Status SUCCEEDED,FAILED'
        (Get-GcBatchJob -Status All).JobName | Should -Contain 'quick-1'
    }
}

Describe 'First hour: a job bigger than the platform' {
    BeforeAll { Invoke-Emulator 'reset' | Out-Null }

    It 'refuses at Register a 16-node c7i.48xlarge GCHP plan no compute environment can hold, and registers nothing' {
        $before = Get-EmulatorCount 'handled:RegisterJobDefinition'
        Register-GcJobDefinition -Name gchp-huge -Image $script:Image -Model GCHP -VCpus 192 -MemoryGiB 350 -InstanceType c7i.48xlarge -NodeCount 16 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcJobTooLargeForPlatform,*'
        $e[0].Exception.Message | Should -Match '3072 vCPUs'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'maxVCpus'
        Get-EmulatorCount 'handled:RegisterJobDefinition' | Should -Be $before
    }

    It 'refuses at Submit a node count the queue can never run' {
        $def = Register-GcJobDefinition -Name gchp-4 -Image $script:Image -Model GCHP -VCpus 192 -MemoryGiB 350 -InstanceType c7i.48xlarge -NodeCount 4
        Submit-GcBatchJob -Name too-many -JobQueue geoschem-ondemand -JobDefinition $def.JobDefinition -NodeCount 16 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcJobTooLargeForPlatform,*'
        (Submit-GcBatchJob -Name fits -JobQueue geoschem-ondemand -JobDefinition $def.JobDefinition).JobName | Should -Be 'fits'
    }
}

Describe 'First hour: durations' {
    BeforeAll { Invoke-Emulator 'reset' | Out-Null }

    It 'reads -Timeout 24:00:00 as 24 hours, not 24 days, and says so with -Verbose' {
        $script:Said = @()
        $def = Register-GcJobDefinition -Name day -Image $script:Image -VCpus 2 -MemoryGiB 4 -Timeout 24:00:00 -Verbose 4>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $script:Said += "$_" } else { $_ } }
        $def.TimeoutSeconds | Should -Be 86400
        $script:Said -match '1d.*24 h.*86400 s' | Should -Not -BeNullOrEmpty
    }

    It 'reads 1d, 90m, 2h and 36:00:00' -TestCases @(
        @{ Text = '1d'; Seconds = 86400 }, @{ Text = '90m'; Seconds = 5400 }, @{ Text = '2h'; Seconds = 7200 }, @{ Text = '36:00:00'; Seconds = 129600 }
    ) {
        (Register-GcJobDefinition -Name "t$Seconds" -Image $script:Image -VCpus 2 -MemoryGiB 4 -Timeout $Text).TimeoutSeconds | Should -Be $Seconds
    }

    It 'refuses a bare number and minutes above 59 with the forms it reads' -TestCases @(@{ Text = '24' }, @{ Text = '1:75:00' }) {
        { Register-GcJobDefinition -Name bad -Image $script:Image -VCpus 2 -MemoryGiB 4 -Timeout $Text -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*hh:mm:ss*'
    }
}

Describe 'First hour: CSV dates' {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        Set-BatchTimings -Run 1
        $null = Register-GcJobDefinition -Name dates -Image $script:Image -VCpus 2 -MemoryGiB 4
    }

    It 'submits an exact date and makes a date that does not exist or reads either way an error for its row' {
        $csv = Join-Path $TestDrive 'dates.csv'
        @('Name,SimulationStart,SimulationEnd'
          'good,2019-07-01,2019-08-01'
          'feb30,2019-02-30,2019-03-01'
          'daymonth,01/06/2019,2019-07-01') | Set-Content $csv
        $jobs = @(Import-Csv $csv | Submit-GcBatchJob -JobDefinition dates -JobQueue geoschem-spot -ErrorVariable e -ErrorAction SilentlyContinue)
        $jobs.JobName | Should -Be @('good')
        $e.Count | Should -Be 2
        $e | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'GcSimulationDateInvalid,*' }
        ($e.TargetObject | Sort-Object) | Should -Be @('daymonth', 'feb30')
        ($e.Exception.Message | Sort-Object) -join "`n" | Should -Match "'01/06/2019'(.|\n)*'2019-02-30'"
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'yyyy-MM-dd'
    }
}

Describe 'First hour: the configuration region' {
    It 'Get-GcQuota and Test-GcQuota use the configuration''s region when nothing else names one' {
        $saved = $env:AWS_REGION
        Remove-Item Env:AWS_REGION
        try {
            $null = New-GcConfiguration eu-west-1 -WarningAction SilentlyContinue
            $quota = Get-GcQuota -QuotaCode L-1216C47A -ErrorAction Stop
            $quota.Region | Should -Be 'eu-west-1'
            (Test-GcQuota -InstanceType c7i.4xlarge -ErrorAction Stop).Region | Should -Be 'eu-west-1'
        }
        finally { $env:AWS_REGION = $saved }
    }

    It 'Register-GcJobDefinition uses the deployed job role and log group, and warns when there is no job role' {
        Remove-Item (Join-Path $env:GC_CONFIG_DIR '*') -ErrorAction SilentlyContinue
        Register-GcJobDefinition -Name no-role -Image $script:Image -VCpus 2 -MemoryGiB 4 -Region us-east-1 -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        "$w" | Should -Match 'No job role'
        $null = New-GcConfiguration us-east-1 -WarningAction SilentlyContinue
        $file = Get-ChildItem $env:GC_CONFIG_DIR -Filter *.json | Select-Object -First 1
        $json = Get-Content $file.FullName -Raw | ConvertFrom-Json
        $json | Add-Member deployed ([pscustomobject]@{ region = 'us-east-1'; jobRoleArn = 'arn:aws:iam::123456789012:role/geoschem-job'; logGroup = '/aws/batch/geoschem' }) -Force
        $json | ConvertTo-Json -Depth 8 | Set-Content $file.FullName
        Register-GcJobDefinition -Name with-role -Image $script:Image -VCpus 2 -MemoryGiB 4 -Region us-east-1 -WarningVariable w2 -WarningAction SilentlyContinue | Out-Null
        "$w2" | Should -Not -Match 'No job role'
        # The job's log group comes from the registered definition's awslogs options.
        (Submit-GcBatchJob -Name role-check -JobQueue geoschem-spot -JobDefinition with-role -Region us-east-1).LogGroupName | Should -Be '/aws/batch/geoschem'
    }
}
