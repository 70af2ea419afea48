# The container entrypoint (dockerfiles/entrypoint) run end to end in bash, with the AWS CLI and gcclassic replaced by
# stand-ins (tests/entrypoint/stand-ins) over a local folder. No Docker engine exists here, so this is the container side of
# the restart contract tested up to that boundary.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Entrypoint = "$($script:Root)/dockerfiles/entrypoint/geoschem-entrypoint.sh"
    $script:Fakes = "$($script:Root)/tests/entrypoint/stand-ins"

    function New-Scenario {
        $dir = Join-Path $TestDrive ([Guid]::NewGuid().ToString('N').Substring(0, 8))
        $s3 = Join-Path $dir 's3'
        $run = Join-Path $s3 'runs/ozone'
        $null = New-Item -ItemType Directory -Force $run, (Join-Path $dir 'work'), (Join-Path $s3 'geos-chem/GEOS_4x5')
        @(
            'simulation:'
            '  name: fullchem'
            '  start_date: [20190601, 000000]'
            '  end_date: [20190602, 000000]'
            '  root_data_dir: /somewhere/ExtData'
        ) | Set-Content (Join-Path $run 'geoschem_config.yml')
        'met' | Set-Content (Join-Path $s3 'geos-chem/GEOS_4x5/met.nc')
        [pscustomobject]@{ Dir = $dir; S3 = $s3; Work = Join-Path $dir 'work' }
    }

    function Invoke-Entrypoint($Scenario, [hashtable] $Environment = @{}, [switch] $Background) {
        $vars = @{
            PATH = "$($script:Fakes):$env:PATH"; FAKE_S3_ROOT = $Scenario.S3; GC_WORK_DIR = $Scenario.Work; GC_BIN_DIR = $script:Fakes
            GC_MODEL = 'GCClassic'; GC_RUN_DIRECTORY = 's3://runs/ozone/'; GC_OUTPUT_PREFIX = 's3://out/ozone/'; GC_RESTART_PREFIX = 's3://out/ozone/Restarts/'
            GC_SIM_START = '20190701 000000'; GC_SIM_END = '20190705 000000'; GC_PUBLIC_DATA_BUCKET = 's3://geos-chem'; GC_RESTART_SYNC_SECONDS = '3600'
            FAKE_REQUIRED_FILES = 'GEOS_4x5/met.nc'; AWS_BATCH_JOB_ID = 'job-1'; AWS_BATCH_JOB_ATTEMPT = '1'
        }
        foreach ($k in $Environment.Keys) { $vars[$k] = $Environment[$k] }
        $info = [Diagnostics.ProcessStartInfo]::new('bash', $script:Entrypoint)
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.UseShellExecute = $false
        foreach ($k in $vars.Keys) { if ($null -eq $vars[$k]) { $null = $info.Environment.Remove($k) } else { $info.Environment[$k] = $vars[$k] } }
        $process = [Diagnostics.Process]::Start($info)
        if ($Background) { return $process }
        $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $out.Result + $err.Result }
    }

    function Get-S3Names($Scenario, [string] $Prefix) {
        $path = Join-Path $Scenario.S3 $Prefix
        if (Test-Path $path) { @(Get-ChildItem $path -File | Sort-Object Name | ForEach-Object Name) } else { @() }
    }
}

Describe 'The GEOS-Chem container entrypoint' {
    It 'runs a fresh simulation, fetches missing input from the public bucket and saves restarts, output and timing' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'no restart under s3://out/ozone/Restarts/; starting at 20190701'
        $result.Output | Should -Match 'input data: fetched 1 file\(s\) from s3://geos-chem; 0 not found there'
        $result.Output | Should -Match 'GEOS-Chem exited with code 0'
        Test-Path (Join-Path $s.Work 'ExtData/GEOS_4x5/met.nc') | Should -BeTrue
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190702_0000z.nc4', 'GEOSChem.Restart.20190703_0000z.nc4', 'GEOSChem.Restart.20190704_0000z.nc4', 'GEOSChem.Restart.20190705_0000z.nc4')
        (Get-S3Names $s 'out/ozone/OutputDir').Count | Should -Be 4
        $summary = Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt1.json') -Raw | ConvertFrom-Json
        ($summary.finished, $summary.exitCode, $summary.simulationStart, $summary.simulatedDaysThisAttempt) | Should -Be @($true, 0, '201907010000', 4)
        Get-Content (Join-Path $s.Work 'rundir/geoschem_config.yml') | Should -Contain '  start_date: [20190701, 000000]'
    }

    It 'resumes from the restart with the latest simulation time, not the latest upload, and ignores empty files' {
        $s = New-Scenario
        $restarts = Join-Path $s.S3 'out/ozone/Restarts'
        $null = New-Item -ItemType Directory -Force $restarts
        'day 3' | Set-Content (Join-Path $restarts 'GEOSChem.Restart.20190703_0000z.nc4')
        Start-Sleep -Milliseconds 20
        'day 2, uploaded later' | Set-Content (Join-Path $restarts 'GEOSChem.Restart.20190702_0000z.nc4')
        $null = New-Item -ItemType File (Join-Path $restarts 'GEOSChem.Restart.20190704_0000z.nc4') # empty: an aborted upload
        'outside the period' | Set-Content (Join-Path $restarts 'GEOSChem.Restart.20190801_0000z.nc4')
        $result = Invoke-Entrypoint $s -Environment @{ AWS_BATCH_JOB_ATTEMPT = '2' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'resuming from s3://out/ozone/Restarts/GEOSChem.Restart.20190703_0000z.nc4'
        $result.Output | Should -Match 'no HEMCO restart at or before 201907030000'
        Get-Content (Join-Path $s.Work 'rundir/geoschem_config.yml') | Should -Contain '  start_date: [20190703, 000000]'
        $summary = Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt2.json') -Raw | ConvertFrom-Json
        ($summary.resumedFrom, $summary.simulatedDaysThisAttempt) | Should -Be @('GEOSChem.Restart.20190703_0000z.nc4', 2)
    }

    It 'exits with the model''s own code on a model error, after saving the restarts it wrote' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s -Environment @{ FAKE_FAIL_AT_DAY = '3' }
        $result.ExitCode | Should -Be 5
        $result.Output | Should -Match 'did not run to 20190705; exited with code 5'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190702_0000z.nc4', 'GEOSChem.Restart.20190703_0000z.nc4')
        (Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt1.json') -Raw | ConvertFrom-Json).finished | Should -BeFalse
    }

    It 'on SIGTERM (a Spot interruption) stops the model, saves what is complete and exits 143' {
        $s = New-Scenario
        $process = Invoke-Entrypoint $s -Environment @{ FAKE_SECONDS_PER_DAY = '1' } -Background
        $out = $process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (Test-Path (Join-Path $s.Work 'rundir/Restarts/GEOSChem.Restart.20190703_0000z.nc4')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        & kill -TERM $process.Id
        $process.WaitForExit(20000) | Should -BeTrue
        $process.ExitCode | Should -Be 143
        $out.Result | Should -Match 'SIGTERM: stopping GEOS-Chem'
        (Get-S3Names $s 'out/ozone/Restarts') | Should -Contain 'GEOSChem.Restart.20190703_0000z.nc4'
        (Get-S3Names $s 'out/ozone/Restarts') | Should -Not -Contain 'GEOSChem.Restart.20190705_0000z.nc4'
    }

    It 'refuses to start without a run directory, saying how to give one' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s -Environment @{ GC_RUN_DIRECTORY = $null }
        $result.ExitCode | Should -Be 2
        $result.Output | Should -Match 'GC_RUN_DIRECTORY is not set; submit with Submit-GcBatchJob -RunDirectory'
    }

    It 'picks the carbon executable for a carbon run directory' {
        $s = New-Scenario
        (Get-Content (Join-Path $s.S3 'runs/ozone/geoschem_config.yml')) -replace 'name: fullchem', 'name: carbon' | Set-Content (Join-Path $s.S3 'runs/ozone/geoschem_config.yml')
        $result = Invoke-Entrypoint $s -Environment @{ GC_FETCH_INPUT = '0' }
        $result.Output | Should -Match 'running gcclassic-carbon from 20190701'
    }
}
