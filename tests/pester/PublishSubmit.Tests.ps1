# A real run directory from local disk to a submitted Batch job, against the emulator:
# Get-GcRunDirectory <copy of GEOS-Chem's own run directory> | Publish-GcRunDirectory -Destination s3://... | Submit-GcBatchJob
# (from the pipeline the one positional value binds -Destination, position 0; -Path binds from the piped object).
# What lands in S3 is compared file by file with the local copy (content by MD5, the ETag S3 gives a single-part
# upload); links are never followed and are listed in .gc-links; the job's container starts with its restart-contract
# variables pointing at the upload.
BeforeDiscovery {
    $script:NoShared = -not (Test-Path "$PSScriptRoot/../../../shared/geoschem/rundirs/gchp_merra2_fullchem.tar.gz")
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    $env:GC_CONFIG_DIR = Join-Path $TestDrive 'config'
    Import-Module $script:ModulePath -Force
    $script:Shared = [IO.Path]::GetFullPath("$PSScriptRoot/../../../shared/geoschem")
    $script:Image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gchp-14.7.1-gnu12-openmpi4-x86_64'

    function Expand-RunDirectory([string] $Name) {
        $dir = Join-Path $TestDrive ([Guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory $dir
        & tar -xzf (Join-Path $script:Shared "rundirs/$Name.tar.gz") -C $dir
        Join-Path $dir $Name
    }

    # Regular files (relative path -> MD5) and links (relative path -> target) of a local run directory, links not entered.
    function Get-LocalTree([string] $Root) {
        $files = @{}; $links = @{}
        $pending = [Collections.Generic.Stack[string]]::new(); $pending.Push($Root)
        while ($pending.Count -gt 0) {
            foreach ($item in Get-ChildItem -LiteralPath $pending.Pop() -Force) {
                $relative = [IO.Path]::GetRelativePath($Root, $item.FullName).Replace('\', '/')
                if ($item.LinkTarget) { $links[$relative] = $item.LinkTarget }
                elseif ($item.PSIsContainer) { $pending.Push($item.FullName) }
                else { $files[$relative] = (Get-FileHash -LiteralPath $item.FullName -Algorithm MD5).Hash.ToLowerInvariant() }
            }
        }
        [pscustomobject]@{ Files = $files; Links = $links }
    }
}

AfterAll { Stop-TestEmulator $script:Emulator; Remove-Item Env:GC_CONFIG_DIR -ErrorAction SilentlyContinue }

Describe 'Get-GcRunDirectory | Publish-GcRunDirectory | Submit-GcBatchJob' -Skip:$script:NoShared {
    BeforeAll {
        Invoke-Emulator 'reset' | Out-Null
        $script:Dir = Expand-RunDirectory gchp_merra2_fullchem
        $script:Local = Get-LocalTree $script:Dir
        $definition = Register-GcJobDefinition -Name gchp-publish -Image $script:Image -VCpus 8 -MemoryGiB 15 -Spot
        $script:Job = Get-GcRunDirectory $script:Dir |
            Publish-GcRunDirectory s3://gc-results/runs/gchp-july/ |
            Submit-GcBatchJob -Name gchp-july -JobQueue geoschem-spot -JobDefinition $definition.JobDefinition
        # Invoke-RestMethod writes a JSON array as one object: enumerate it.
        $script:Objects = @(Invoke-Emulator -Path 's3/objects?bucket=gc-results&prefix=runs/gchp-july/' -Method GET | ForEach-Object { $_ })
        $script:Keys = $script:Objects | ForEach-Object { $_.key.Substring('runs/gchp-july/'.Length) }
    }

    It 'submits one job' {
        @($script:Job).Count | Should -Be 1
        $script:Job.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcBatchJob'
        $script:Job.JobName | Should -Be 'gchp-july'
    }

    It 'uploads every regular file of the run directory, byte for byte, and nothing else but .gc-links and .gc-inputs' {
        $script:Local.Files.Count | Should -BeGreaterThan 20 -Because 'GEOS-Chem''s GCHP run directory has its configuration, scripts and utils'
        ($script:Keys | Where-Object { $_ -notin '.gc-links', '.gc-inputs' } | Sort-Object) | Should -Be ($script:Local.Files.Keys | Sort-Object)
        foreach ($object in $script:Objects | Where-Object { $_.key -notlike '*/.gc-links' -and $_.key -notlike '*/.gc-inputs' }) {
            $object.eTag | Should -Be $script:Local.Files[$object.key.Substring('runs/gchp-july/'.Length)] -Because $object.key
        }
    }

    It 'follows no link: nothing behind ChemDir, HcoDir, MetDir, CodeDir or the Restarts/ links is uploaded' {
        $script:Local.Links.Count | Should -Be 10 -Because 'ChemDir, HcoDir, MetDir, CodeDir, runScriptSamples and five Restarts/ links'
        foreach ($link in $script:Local.Links.Keys) {
            $script:Keys | Where-Object { $_ -eq $link -or $_ -like "$link/*" } | Should -BeNullOrEmpty -Because "$link is a link"
        }
        $script:Keys | Where-Object { $_ -like 'Restarts/*' } | Should -BeNullOrEmpty
    }

    It 'writes .gc-links with each link and its target, for the entrypoint to make again' {
        $manifest = ($script:Objects | Where-Object { $_.key -eq 'runs/gchp-july/.gc-links' }).text
        $manifest | Should -Not -BeNullOrEmpty
        $entries = @{}
        foreach ($line in $manifest.TrimEnd("`n") -split "`n") { $path, $target = $line -split "`t", 2; $entries[$path] = $target }
        ($entries.Keys | Sort-Object) | Should -Be ($script:Local.Links.Keys | Sort-Object)
        foreach ($path in $entries.Keys) { $entries[$path] | Should -Be $script:Local.Links[$path] }
        $entries['MetDir'] | Should -Be '/home/gcuser/ExtData/GEOS_0.5x0.625/MERRA2'
    }

    It 'writes .gc-inputs with the files Get-GcInputData lists for the run''s period, for the entrypoint to stage' {
        $manifest = ($script:Objects | Where-Object { $_.key -eq 'runs/gchp-july/.gc-inputs' }).text
        $manifest | Should -Not -BeNullOrEmpty
        $lines = $manifest.TrimEnd("`n") -split "`n"
        $lines | Should -Contain '# period: 20190701 000000 20190801 000000'
        $listed = @(Get-GcInputData -Path $script:Dir -WarningAction SilentlyContinue | ForEach-Object RelativePath)
        $listed.Count | Should -BeGreaterThan 300
        @($lines | Where-Object { -not $_.StartsWith('#') } | ForEach-Object { ($_ -split "`t")[0] }) | Should -Be $listed
        # a dated file carries the model times it is read between, for a segment to stage only its own
        $lines | Should -Contain "GEOS_0.5x0.625/MERRA2/2019/07/MERRA2.20190715.A1.05x0625.nc4`t201907150000`t201907152300"
    }

    It 'lists the input for the period asked with -SimulationStart/-SimulationEnd, and passes that period on' {
        $upload = Publish-GcRunDirectory -Path $script:Dir -Destination s3://gc-results/runs/gchp-days/ -SimulationStart 2019-07-01 -SimulationEnd 2019-07-03
        ($upload.SimulationStart, $upload.SimulationEnd) | Should -Be @([datetime]'2019-07-01', [datetime]'2019-07-03')
        $manifest = (@(Invoke-Emulator -Path 's3/objects?bucket=gc-results&prefix=runs/gchp-days/.gc-inputs' -Method GET | ForEach-Object { $_ }) | Select-Object -First 1).text
        $lines = $manifest.TrimEnd("`n") -split "`n"
        $lines | Should -Contain '# period: 20190701 000000 20190703 000000'
        $upload.InputFiles | Should -Be @($lines | Where-Object { -not $_.StartsWith('#') }).Count
        $month = @(Get-GcInputData -Path $script:Dir -WarningAction SilentlyContinue).Count
        $upload.InputFiles | Should -BeLessThan $month -Because 'two days read fewer files than the month the run directory was made for'
        $lines | Where-Object { $_ -like 'GEOS_0.5x0.625/MERRA2/2019/07/MERRA2.20190715.*' } | Should -BeNullOrEmpty
        $lines | Where-Object { $_ -like 'GEOS_0.5x0.625/MERRA2/2019/07/MERRA2.20190701.*' } | Should -Not -BeNullOrEmpty
    }

    It 'refuses to submit a job running past the period its input list was made for, saying how to publish for it, and submits the rows inside it' {
        $null = Publish-GcRunDirectory -Path $script:Dir -Destination s3://gc-results/runs/gchp-week/ -SimulationStart 2019-07-01 -SimulationEnd 2019-07-08
        $rows = @(
            [pscustomobject]@{ Name = 'gchp-week-1'; SimulationStart = '2019-07-01'; SimulationEnd = '2019-07-08' }
            [pscustomobject]@{ Name = 'gchp-week-long'; SimulationStart = '2019-07-01'; SimulationEnd = '2019-07-15' }
            [pscustomobject]@{ Name = 'gchp-week-tail'; SimulationStart = '2019-07-04'; SimulationEnd = '2019-07-08' }
        )
        $jobs = @($rows | Submit-GcBatchJob -JobQueue geoschem-spot -JobDefinition gchp-publish -RunDirectory s3://gc-results/runs/gchp-week/ -ErrorVariable failures -ErrorAction SilentlyContinue)
        $jobs.JobName | Sort-Object | Should -Be @('gchp-week-1', 'gchp-week-tail')
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'GcInputListPeriodMismatch,GeosChem.PowerShell.Commands.SubmitGcBatchJobCommand'
        $failures[0].TargetObject | Should -Be 'gchp-week-long'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($failures[0])" | Should -Match 's3://gc-results/runs/gchp-week/\.gc-inputs was made for 2019-07-01 00:00 to 2019-07-08 00:00, but this job runs 2019-07-01 00:00 to 2019-07-15 00:00'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Publish-GcRunDirectory -Path <run directory> -Destination s3://gc-results/runs/gchp-week/ -SimulationStart 2019-07-01 -SimulationEnd 2019-07-15'
        Get-GcBatchJob -Name 'gchp-week-long' -Status All | Should -BeNullOrEmpty
    }

    It 'binds a positional S3 URI to -Destination from the pipeline, and takes run directory and URI positionally in either order' {
        $piped = Get-GcRunDirectory $script:Dir | Publish-GcRunDirectory s3://gc-results/runs/order-piped/ -WarningAction SilentlyContinue
        $piped.RunDirectory | Should -Be 's3://gc-results/runs/order-piped/'
        $local = Publish-GcRunDirectory $script:Dir s3://gc-results/runs/order-local/ -WarningAction SilentlyContinue
        $local.RunDirectory | Should -Be 's3://gc-results/runs/order-local/'
        $reversed = Publish-GcRunDirectory s3://gc-results/runs/order-reversed/ $script:Dir -WarningAction SilentlyContinue
        $reversed.RunDirectory | Should -Be 's3://gc-results/runs/order-reversed/'
        $folder = Get-Item $script:Dir | Publish-GcRunDirectory s3://gc-results/runs/order-folder/ -WarningAction SilentlyContinue
        $folder.RunDirectory | Should -Be 's3://gc-results/runs/order-folder/'
        foreach ($prefix in 'order-piped', 'order-local', 'order-reversed', 'order-folder') {
            $keys = @(Invoke-Emulator -Path "s3/objects?bucket=gc-results&prefix=runs/$prefix/" -Method GET | ForEach-Object { $_.key.Substring("runs/$prefix/".Length) })
            ($keys | Where-Object { $_ -notin '.gc-links', '.gc-inputs' } | Sort-Object) | Should -Be ($script:Local.Files.Keys | Sort-Object) -Because $prefix
        }
    }

    It 'refuses a period that ends before it starts, uploading nothing' {
        { Publish-GcRunDirectory -Path $script:Dir -Destination s3://gc-results/runs/gchp-bad/ -SimulationStart 2019-07-03 -SimulationEnd 2019-07-01 -ErrorAction Stop } |
            Should -Throw -ErrorId 'GcSimulationPeriodInvalid,GeosChem.PowerShell.Commands.PublishGcRunDirectoryCommand'
        @(Invoke-Emulator -Path 's3/objects?bucket=gc-results&prefix=runs/gchp-bad/' -Method GET | ForEach-Object { $_ }) | Should -BeNullOrEmpty
    }

    It 'starts the job with the run directory, restart prefix and period pointing at the upload' {
        $environment = Invoke-Emulator -Path "batch/job-environment?region=us-east-1&jobId=$($script:Job.JobId)" -Method GET
        $environment.GC_RUN_DIRECTORY | Should -Be 's3://gc-results/runs/gchp-july/'
        $environment.GC_RESTART_PREFIX | Should -Be 's3://gc-results/runs/gchp-july/Restarts/'
        ($environment.GC_SIM_START, $environment.GC_SIM_END) | Should -Be @('20190701 000000', '20190801 000000')
        $script:Job.RestartPrefix | Should -Be 's3://gc-results/runs/gchp-july/Restarts/'
    }
}
