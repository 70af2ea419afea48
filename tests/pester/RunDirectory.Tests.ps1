# The run directory cmdlets as a user meets them: GEOS-Chem's own run directories (../shared/geoschem) in, objects
# that bind by name out, ErrorRecords with stable ids for bad input, completers. No AWS call is made here.
BeforeDiscovery {
    $script:NoShared = -not (Test-Path "$PSScriptRoot/../../../shared/geoschem/rundirs/gc_4x5_merra2_fullchem.tar.gz")
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $script:ModulePath -Force
    $script:Shared = [IO.Path]::GetFullPath("$PSScriptRoot/../../../shared/geoschem")

    function Expand-RunDirectory([string] $Name) {
        $dir = Join-Path $TestDrive ([Guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory $dir
        & tar -xzf (Join-Path $script:Shared "rundirs/$Name.tar.gz") -C $dir
        Join-Path $dir $Name
    }
}

Describe 'Get-GcRunDirectory' -Skip:$script:NoShared {
    It 'reads a real GCClassic run directory and binds into Get-GcCostEstimate by property name' {
        $run = Get-GcRunDirectory (Expand-RunDirectory gc_4x5_merra2_carbon)
        $run.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcRunDirectory'
        ($run.Model, $run.Simulation, $run.Resolution, $run.SimulationDays, $run.Executable) | Should -Be @('GCClassic', 'carbon', '4x5', 31, 'gcclassic-carbon')
        $estimate = $run | Get-GcCostEstimate -InstanceType c7i.8xlarge -WarningAction SilentlyContinue
        ($estimate.Model, $estimate.Simulation, $estimate.Resolution, $estimate.SimulationDays, $estimate.NodeCount) | Should -Be @('GCClassic', 'carbon', '4x5', 31, 1)
        ($run | Format-Table | Out-String -Width 250) | Should -Match 'gcclassic-carbon'
    }

    It 'binds a GCHP run directory''s grid, nodes and cores into the estimate' {
        $estimate = Get-GcRunDirectory (Expand-RunDirectory gchp_merra2_fullchem) | Get-GcCostEstimate -InstanceType c7i.24xlarge -WarningAction SilentlyContinue
        ($estimate.Model, $estimate.Resolution, $estimate.NodeCount, $estimate.CoresPerNode) | Should -Be @('GCHP', 'C24', 2, 48)
    }

    It 'takes folders from Get-ChildItem and reports one that is not a run directory without stopping' {
        $parent = Split-Path (Expand-RunDirectory gc_4x5_merra2_TransportTracers)
        $null = New-Item -ItemType Directory (Join-Path $parent 'notes')
        $runs = Get-ChildItem $parent -Directory | Get-GcRunDirectory -ErrorVariable problems -ErrorAction SilentlyContinue
        @($runs).Simulation | Should -Be @('TransportTracers')
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcNotARunDirectory,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'createRunDir.sh'
    }
}

Describe 'Test-GcRunDirectory' -Skip:$script:NoShared {
    It 'passes GEOS-Chem''s own run directory and fails one with mismatched GCHP cores, naming the fix' {
        $dir = Expand-RunDirectory gchp_merra2_fullchem
        Test-GcRunDirectory $dir -Quiet | Should -BeTrue
        (Get-Content (Join-Path $dir 'setCommonRunSettings.sh')) -replace '^TOTAL_CORES=96', 'TOTAL_CORES=72' | Set-Content (Join-Path $dir 'setCommonRunSettings.sh')
        Test-GcRunDirectory $dir -Quiet | Should -BeFalse
        $issue = Test-GcRunDirectory $dir | Where-Object Severity -eq Error
        $issue.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcRunDirectoryIssue'
        $issue.Fix | Should -Match 'TOTAL_CORES=96'
    }

    It 'checks a run directory against a job definition from the pipeline' {
        $dir = Expand-RunDirectory gchp_merra2_fullchem
        $issues = [pscustomobject]@{ InstanceType = 'c5.12xlarge'; NodeCount = 2; VCpus = 48 } | Test-GcRunDirectory -Path $dir
        ($issues | Where-Object Setting -eq MemoryPerRank).Severity | Should -Be 'Error'
    }
}

Describe 'Input size, staging time and the job''s disk' -Skip:$script:NoShared {
    It 'estimates what a GCHP month reads, how long staging takes and the disk it needs' {
        $estimate = Get-GcRunDirectory (Expand-RunDirectory gchp_merra2_fullchem) | Get-GcCostEstimate -InstanceType c7i.24xlarge -WarningAction SilentlyContinue
        # 31 days of about 1,174 GB a year of global 0.5x0.625 MERRA-2; 85 MB/s per request x 10 requests.
        ($estimate.InputGB, $estimate.StagingSeconds, $estimate.ScratchGiB) | Should -Be @(99.65, 117, 125)
        $estimate.InputBasis | Should -Match 'derived, not published'
    }

    It 'takes a measured input size' {
        $estimate = Get-GcRunDirectory (Expand-RunDirectory gc_4x5_merra2_fullchem) | Get-GcCostEstimate -InstanceType c7i.8xlarge -InputGB 85 -WarningAction SilentlyContinue
        ($estimate.InputGB, $estimate.StagingSeconds) | Should -Be @(85, 100)
        $estimate.InputBasis | Should -Match '^measured'
    }

    It 'fails a run whose disk does not fit the instances'' root volume, naming the size needed' {
        $dir = Expand-RunDirectory gchp_merra2_fullchem
        Test-GcRunDirectory $dir -RootVolumeGiB 100 -Quiet | Should -BeFalse
        $issue = Test-GcRunDirectory $dir -RootVolumeGiB 100 | Where-Object Setting -eq Scratch
        $issue.Severity | Should -Be 'Error'
        $issue.Fix | Should -Match 'compute.rootVolumeGiB 155'
    }

    It 'reads the root volume from the configuration' {
        $config = Join-Path $TestDrive 'scratch-config.json'
        New-GcConfiguration us-east-1 -ConfigurationPath $config | Out-Null
        Set-GcConfiguration compute.rootVolumeGiB 60 -ConfigurationPath $config | Out-Null
        $issue = Test-GcRunDirectory (Expand-RunDirectory gchp_merra2_fullchem) -ConfigurationPath $config | Where-Object Setting -eq Scratch
        $issue.Severity | Should -Be 'Error'
        $issue.Problem | Should -Match "60 GiB root volume \(compute.rootVolumeGiB in .*scratch-config.json\)"
    }
}

Describe 'New-GcRunDirectory' {
    It 'refuses a combination GEOS-Chem does not offer, naming the valid choices, before running anything' {
        $target = Join-Path $TestDrive 'never'
        New-GcRunDirectory -Model GCHP -Simulation Hg -Resolution C24 -Path $target -SourcePath $TestDrive -ErrorVariable problem -ErrorAction SilentlyContinue
        $problem[0].FullyQualifiedErrorId | Should -BeLike 'GcRunDirectoryChoiceInvalid,*'
        $problem[0].Exception.Message | Should -Match 'fullchem, TransportTracers, carbon, tagO3'
        Test-Path $target | Should -BeFalse
    }

    It 'makes nothing with -WhatIf' -Skip:$script:NoShared {
        $target = Join-Path $TestDrive 'whatif'
        New-GcRunDirectory GCClassic fullchem 4x5 -Path $target -SourcePath "$($script:Shared)/geos-chem-14.7.0" -WhatIf
        Test-Path $target | Should -BeFalse
    }

    It 'makes a run directory with the real createRunDir.sh, without registering anyone' -Skip:$script:NoShared {
        $target = Join-Path $TestDrive 'made/tt_4x5'
        $userHome = $env:HOME
        $env:HOME = (New-Item -ItemType Directory (Join-Path $TestDrive 'user-home')).FullName
        try {
            $run = New-GcRunDirectory GCClassic TransportTracers 4x5 -SimulationStart 2019-03-01 -SimulationEnd 2019-03-08 -Path $target -SourcePath "$($script:Shared)/geos-chem-14.7.0"
            Test-Path (Join-Path $env:HOME '.geoschem') | Should -BeFalse -Because 'the user''s own ~/.geoschem is never written'
        } finally { $env:HOME = $userHome }
        ($run.Model, $run.Simulation, $run.Resolution, $run.SimulationDays, $run.DataRoot) | Should -Be @('GCClassic', 'TransportTracers', '4x5', 7, '/ExtData')
        Get-Content (Join-Path $target 'geoschem_config.yml') | Should -Contain '  start_date: [20190301, 000000]'
        Get-Content (Join-Path $target 'CreateRunDirLogs/createRunDir.transcript.txt') -Raw | Should -Not -Match '(?i)registration|e-mail'
    }
}

Describe 'Get-GcInputData' -Skip:$script:NoShared {
    It 'lists the 588 required files of the real dry-run log, the optional one and the initial restart' {
        $files = Get-GcInputData "$($script:Shared)/dryruns/gc_4x5_merra2_fullchem.log.dryrun"
        $files.Count | Should -Be 590
        @($files | Where-Object { $_.Kind -eq 'Input' -and $_.Required }).Count | Should -Be 588
        ($files | Where-Object Kind -eq InitialRestart).S3Uri | Should -Be 's3://geos-chem/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4'
        $files[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcInputFile'
    }

    It 'lists a GCHP run''s ExtData inputs for its period under the data root, and says what it leaves out' {
        $files = Get-GcInputData (Expand-RunDirectory gchp_merra2_fullchem) -WarningVariable warnings -WarningAction SilentlyContinue
        # Six MERRA-2 collections for 1 July to 1 August 2019 (the last right bracket) and the constants file.
        @($files | Where-Object RelativePath -like 'GEOS_0.5x0.625/MERRA2/*').Count | Should -Be (6 * 32 + 1)
        $files.RelativePath | Should -Contain 'HEMCO/CEDS/v2024-06/2019/CEDS_NO_0.1x0.1_2019.nc'
        $files.RelativePath | Where-Object { $_ -like 'HEMCO/APEI/*' } | Should -BeNullOrEmpty -Because 'the APEI collection is off in HEMCO_Config.rc'
        ($files | Where-Object Kind -eq InitialRestart).S3Uri | Should -Be 's3://geos-chem/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4'
        $files.S3Uri | Where-Object { $_ -notlike 's3://geos-chem/*' -or $_ -match 'gcuser|%' } | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'DynHeating'
    }

    It 'says how to make a dry run when a run directory has none' {
        Get-GcInputData (Expand-RunDirectory gc_4x5_merra2_fullchem) -ErrorVariable problem -ErrorAction SilentlyContinue
        $problem[0].FullyQualifiedErrorId | Should -BeLike 'GcDryRunNeeded,*'
        $problem[0].ErrorDetails.RecommendedAction | Should -Match 'gcclassic --dryrun > log.dryrun'
    }
}

Describe 'Publish-GcRunDirectory' -Skip:$script:NoShared {
    It 'uploads nothing from a run directory with errors, and nothing with -WhatIf' {
        $dir = Expand-RunDirectory gchp_merra2_fullchem
        Publish-GcRunDirectory $dir s3://bucket/runs/a/ -WhatIf | Should -BeNullOrEmpty
        (Get-Content (Join-Path $dir 'setCommonRunSettings.sh')) -replace '^TOTAL_CORES=96', 'TOTAL_CORES=95' | Set-Content (Join-Path $dir 'setCommonRunSettings.sh')
        Publish-GcRunDirectory $dir s3://bucket/runs/a/ -ErrorVariable problem -ErrorAction SilentlyContinue -Region us-east-1 -EndpointUrl 'http://127.0.0.1:9'
        $problem[0].FullyQualifiedErrorId | Should -BeLike 'GcRunDirectoryHasErrors,*'
        $problem[0].Exception.Message | Should -Match 'TOTAL_CORES'
    }
}

Describe 'Run directory completers' {
    It 'completes executables with the simulations they run' {
        $match = Complete 'Test-GcRunDirectory -Path . -Executable gcclassic-c' | Select-Object -First 1
        $match.CompletionText | Should -Be 'gcclassic-carbon'
        $match.ToolTip | Should -Match 'GCClassic carbon'
    }
    It 'completes met fields' { (Complete 'New-GcRunDirectory -MetField GEOS').CompletionText | Should -Be @('GEOSFP', 'GEOSIT') }
}
