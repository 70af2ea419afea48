# The user's calibration file: Add/Get/Remove/Export-GcCalibrationRun, and estimates that say they include the user's runs.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $env:GC_CONFIG_DIR = Join-Path $TestDrive 'config'
    Remove-Item Env:GC_CALIBRATION_FILE -ErrorAction SilentlyContinue
    Import-Module $script:ModulePath -Force
    $script:File = Join-Path $env:GC_CONFIG_DIR 'calibration-runs.csv'
    $script:ShippedCsv = [IO.Path]::Combine($PSScriptRoot, '..', '..', 'src', 'GeosChem.PowerShell.Engine', 'Data', 'calibration-runs.csv')
    # The property names of Get-GcBenchmarkReport's GcBenchmarkResult objects, made by hand (values: a 7-day 4x5 run).
    function New-BenchmarkResult([string] $JobId, [double] $WallSeconds = 9000, [string] $InstanceType = 'c7i.8xlarge', [double] $SimulatedDays = 7, [int] $Cores = 16) {
        [pscustomobject]@{
            Model = 'GCClassic'; Simulation = 'fullchem'; Resolution = '4x5'; InstanceType = $InstanceType; Architecture = 'x86_64'
            NodeCount = 1; CoresPerNode = $Cores; WallSeconds = $WallSeconds; SimulatedDays = $SimulatedDays; EstimatedSeconds = 7000; JobId = $JobId
        }
    }
}
AfterAll { Remove-Item Env:GC_CONFIG_DIR -ErrorAction SilentlyContinue }

Describe 'Add-GcCalibrationRun' {
    BeforeEach { Remove-Item $script:File, ([IO.Path]::ChangeExtension($script:File, '.fit.json')) -ErrorAction SilentlyContinue }

    It 'stores a GcBenchmarkResult-shaped object by property name, beside the configuration, once per job id' {
        $added = New-BenchmarkResult 'job-a' | Add-GcCalibrationRun
        $added.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcCalibrationRun'
        ($added.Id, $added.JobId, $added.InstanceType, $added.CoresPerNode, $added.WallSeconds, $added.EstimatedSeconds, $added.Fitted) |
            Should -Be @(1, 'job-a', 'c7i.8xlarge', 16, 9000, 7000, $true)
        $added.EstimateError | Should -Be ([Math]::Round(7000 / 9000 - 1, 3))
        $script:File | Should -Exist
        $again = New-BenchmarkResult 'job-a' -WallSeconds 9100 | Add-GcCalibrationRun -WarningVariable warned -WarningAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        "$warned" | Should -Match 'not added twice'
        @(Get-GcCalibrationRun).Count | Should -Be 1
        (Get-GcCalibrationRun | Format-Table | Out-String -Width 160) | Should -Match 'EstError'
    }

    It 'refuses an unknown instance type and a run without simulated days, and adds the good rows of the same pipe' {
        $rows = (New-BenchmarkResult 'bad-type' -InstanceType 'c99.huge'), (New-BenchmarkResult 'no-days' -SimulatedDays 0), (New-BenchmarkResult 'good')
        $added = $rows | Add-GcCalibrationRun -ErrorVariable problems -ErrorAction SilentlyContinue
        $added.JobId | Should -Be 'good'
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ -replace ',.*' } | Should -Be @('GcInstanceTypeUnknown', 'GcCalibrationRunInvalid')
        $problems[1].Exception.Message | Should -Match 'no simulated days'
    }

    It 'writes nothing with -WhatIf' {
        New-BenchmarkResult 'what-if' | Add-GcCalibrationRun -WhatIf
        $script:File | Should -Not -Exist
    }

    It 'keeps the file beside the configuration that -ConfigurationPath names' {
        $config = Join-Path $TestDrive 'elsewhere' 'config.json'
        $null = New-BenchmarkResult 'there' | Add-GcCalibrationRun -ConfigurationPath $config
        Join-Path $TestDrive 'elsewhere' 'calibration-runs.csv' | Should -Exist
        $script:File | Should -Not -Exist
        (Get-GcCalibrationRun -ConfigurationPath $config).JobId | Should -Be 'there'
    }
}

Describe 'Estimates that learn' {
    BeforeAll { Remove-Item $script:File -ErrorAction SilentlyContinue }

    It 'say in Basis that they include your runs, and move toward them' {
        $before = Get-GcCostEstimate GCClassic fullchem 4x5 7 c7i.8xlarge -WarningAction SilentlyContinue
        $before.Basis | Should -Not -Match 'of your runs'
        # Synthetic measurements, labelled as such: the user's node is 60% slower than the shipped model says.
        $slow = $before.EstimatedWallTime.TotalSeconds * 1.6
        1..3 | ForEach-Object { New-BenchmarkResult "slow-$_" -WallSeconds ($slow * (1 + 0.01 * $_)) -Cores $before.CoresPerNode } | Add-GcCalibrationRun | Out-Null
        $after = Get-GcCostEstimate GCClassic fullchem 4x5 7 c7i.8xlarge -WarningAction SilentlyContinue
        $after.Basis | Should -Match 'includes 3 of your runs \(3 at GCClassic 4x5'
        $after.EstimatedWallTime.TotalSeconds | Should -BeGreaterThan ($before.EstimatedWallTime.TotalSeconds * 1.3)
        (Get-GcInstanceRecommendation GCClassic fullchem 4x5 7 -Top 1 -WarningAction SilentlyContinue).Basis | Should -Match 'includes 3 of your runs'
        [IO.Path]::ChangeExtension($script:File, '.fit.json') | Should -Exist
    }
}

Describe 'Get-, Remove- and Export-GcCalibrationRun' {
    BeforeAll {
        Remove-Item $script:File -ErrorAction SilentlyContinue
        $null = 'r1', 'r2', 'r3' | ForEach-Object { New-BenchmarkResult $_ } | Add-GcCalibrationRun
    }

    It 'lists the shipped evidence after yours with -IncludeShipped' {
        $all = @(Get-GcCalibrationRun -IncludeShipped)
        $shippedRows = @(Import-Csv $script:ShippedCsv).Count
        $all.Count | Should -Be (3 + $shippedRows)
        $all[0].Origin | Should -Be 'yours'
        ($all | Where-Object Origin -EQ 'shipped' | Where-Object Fitted).Count | Should -BeGreaterThan 20
        (Get-GcCalibrationRun -JobId 'r*').Count | Should -Be 3
    }

    It 'exports in the shipped layout' {
        $target = Join-Path $TestDrive 'mine.csv'
        Export-GcCalibrationRun $target -SourceGroup 'my-lab/2026-11'
        (Get-Content $target -TotalCount 1) | Should -Be (Get-Content $script:ShippedCsv -TotalCount 1)
        $rows = Import-Csv $target
        $rows.source_row | Should -Be @('1', '2', '3')
        $rows[0].source_group | Should -Be 'my-lab/2026-11'
        $rows[0].use | Should -Be 'fit'
        { Export-GcCalibrationRun $target -ErrorAction Stop } | Should -Throw -ErrorId 'GcCalibrationFileUnwritable*'
    }

    It 'completes the ids and job ids of your runs' {
        (Complete 'Remove-GcCalibrationRun -JobId r').CompletionText | Should -Be @('r1', 'r2', 'r3')
        $ids = Complete 'Get-GcCalibrationRun -Id '
        $ids.CompletionText | Should -Be @('1', '2', '3')
        $ids[0].ToolTip | Should -Match 'GCClassic fullchem 4x5 on 1 x c7i.8xlarge'
    }

    It 'removes runs piped from Get-GcCalibrationRun, and names a run that is not there' {
        $removed = Get-GcCalibrationRun -JobId r2 | Remove-GcCalibrationRun -Confirm:$false -PassThru
        $removed.JobId | Should -Be 'r2'
        (Get-GcCalibrationRun).JobId | Should -Be @('r1', 'r3')
        Remove-GcCalibrationRun -Id 99 -Confirm:$false -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing.FullyQualifiedErrorId | Should -BeLike 'GcCalibrationRunNotFound*'
        Remove-GcCalibrationRun -JobId r3 -WhatIf
        (Get-GcCalibrationRun).Count | Should -Be 2
    }
}
