# The container entrypoint (dockerfiles/entrypoint) run end to end in bash on copies of GEOS-Chem's real run
# directories (../shared/geoschem/rundirs, made by createRunDir.sh), with the AWS CLI, the instance metadata service,
# mpirun and the model executables replaced by stand-ins (tests/entrypoint/stand-ins) over a local folder. The run
# directory files, setCommonRunSettings.sh and setRestartLink.sh are GEOS-Chem's own and run for real. No Docker engine
# exists here, so this is the container side of the restart contract tested up to that boundary.
BeforeDiscovery {
    $script:SharedRunDirs = (Resolve-Path -ErrorAction SilentlyContinue "$PSScriptRoot/../../../shared/geoschem/rundirs")?.Path
    $script:NoShared = -not ($script:SharedRunDirs -and (Test-Path "$($script:SharedRunDirs)/gc_4x5_merra2_fullchem.tar.gz"))
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:RunDirs = [IO.Path]::GetFullPath("$($script:Root)/../shared/geoschem/rundirs")
    $script:Entrypoint = "$($script:Root)/dockerfiles/entrypoint/geoschem-entrypoint.sh"
    $script:Fakes = "$($script:Root)/tests/entrypoint/stand-ins"

    # A scenario: a fake S3 holding the run directory as Publish-GcRunDirectory uploads it (regular files only, and
    # the links listed in .gc-links), the public bucket with the files the run asks for, and an empty work folder.
    function New-Scenario([string] $RunDirectory = 'gc_4x5_merra2_fullchem', [string] $As = 'runs/ozone') {
        $dir = Join-Path $TestDrive ([Guid]::NewGuid().ToString('N').Substring(0, 8))
        $s3 = Join-Path $dir 's3'
        $null = New-Item -ItemType Directory -Force (Join-Path $dir 'made'), (Join-Path $dir 'work'), (Join-Path $s3 'geos-chem/GEOS_4x5/MERRA2')
        & tar -xzf (Join-Path $script:RunDirs "$RunDirectory.tar.gz") -C (Join-Path $dir 'made')
        Publish-Fake (Join-Path $dir "made/$RunDirectory") (Join-Path $s3 $As)
        'met' | Set-Content (Join-Path $s3 'geos-chem/GEOS_4x5/MERRA2/met.nc')
        foreach ($restart in 'GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4', 'GC_14.7.0/GEOSChem.Restart.carbon.20190101_0000z.nc4', 'GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4') {
            $path = Join-Path $s3 "geos-chem/GEOSCHEM_RESTARTS/$restart"
            $null = New-Item -ItemType Directory -Force (Split-Path $path)
            "initial restart $restart" | Set-Content $path
        }
        [pscustomobject]@{ Dir = $dir; S3 = $s3; Work = Join-Path $dir 'work'; Run = Join-Path $dir 'work/rundir'; Made = Join-Path $dir "made/$RunDirectory" }
    }

    function Publish-Fake([string] $From, [string] $To) {
        $null = New-Item -ItemType Directory -Force $To
        $links = [Collections.Generic.List[string]]::new()
        Get-ChildItem -LiteralPath $From -Recurse -Force -Attributes !ReparsePoint | ForEach-Object {
            $relative = [IO.Path]::GetRelativePath($From, $_.FullName)
            if ($_.PSIsContainer) { return }
            $null = New-Item -ItemType Directory -Force (Split-Path (Join-Path $To $relative))
            Copy-Item -LiteralPath $_.FullName (Join-Path $To $relative)
        }
        Get-ChildItem -LiteralPath $From -Recurse -Force | Where-Object LinkTarget | ForEach-Object { $links.Add("$([IO.Path]::GetRelativePath($From, $_.FullName))`t$($_.LinkTarget)") }
        if ($links.Count) { [IO.File]::WriteAllLines((Join-Path $To '.gc-links'), $links) }
    }

    function Invoke-Entrypoint($Scenario, [hashtable] $Environment = @{}, [switch] $Background) {
        $vars = @{
            PATH = "$($script:Fakes):$env:PATH"; FAKE_S3_ROOT = $Scenario.S3; GC_WORK_DIR = $Scenario.Work; GC_BIN_DIR = $script:Fakes
            GC_MODEL = 'GCClassic'; GC_RUN_DIRECTORY = 's3://runs/ozone/'; GC_OUTPUT_PREFIX = 's3://out/ozone/'; GC_RESTART_PREFIX = 's3://out/ozone/Restarts/'
            GC_SIM_START = '20190701 000000'; GC_SIM_END = '20190705 000000'; GC_PUBLIC_DATA_BUCKET = 's3://geos-chem'; GC_RESTART_SYNC_SECONDS = '3600'
            GC_DATA_ROOT = (Join-Path $Scenario.Work 'ExtData'); FAKE_REQUIRED_FILES = 'GEOS_4x5/MERRA2/met.nc'; AWS_BATCH_JOB_ID = 'job-1'; AWS_BATCH_JOB_ATTEMPT = '1'
            GC_UPLOAD_RETRY_SECONDS = '0'; GC_SPOT_POLL_SECONDS = '1'; FAKE_IMDS_DIR = $null
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

    function Get-Setting([string] $File, [string] $Name) { ((Get-Content $File | Where-Object { $_ -match "^$Name=" } | Select-Object -First 1) -split '=', 2)[1] }
}

Describe 'The GEOS-Chem container entrypoint on real GCClassic run directories' -Skip:$script:NoShared {
    It 'rewrites every data-root path, sets daily restarts, fetches the input and the initial restart, and saves restarts, output and timing' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'data root: /home/gcuser/ExtData -> .*/work/ExtData \(3 file\(s\) rewritten, 0 link\(s\) made again\)'
        $result.Output | Should -Match 'no restart under s3://out/ozone/Restarts/; starting at 20190701'
        $result.Output | Should -Match 'input data \(dry run\): staged 1 file\(s\), 0\.00 GB in [0-9.]+ s from s3://geos-chem \(10 at a time\); 0 already present; 0 could not be fetched'
        $result.Output | Should -Match 'initial restart: s3://geos-chem/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4 -> Restarts/GEOSChem.Restart.20190701_0000z.nc4'
        $result.Output | Should -Match 'GEOS-Chem exited with code 0'
        # nothing the model reads still names the machine that made the run directory
        Get-ChildItem $s.Run -File | Where-Object Name -match '\.(yml|rc)' | Select-String -SimpleMatch '/home/gcuser' | Should -BeNullOrEmpty
        (Get-Content (Join-Path $s.Run 'geoschem_config.yml') | Select-String 'root_data_dir:|cloudj_input_dir:|input_dir:').Line.Trim() | Should -Be @(
            "root_data_dir: $($s.Work)/ExtData", "cloudj_input_dir: $($s.Work)/ExtData/CHEM_INPUTS/CLOUD_J/v2025-01/", "input_dir: $($s.Work)/ExtData/CHEM_INPUTS/Aerosol_Optics/v2025-03/")
        (Get-Content (Join-Path $s.Run 'HEMCO_Config.rc.gmao_metfields') | Select-String '^(ROOT|METDIR):').Line | Should -Be @("ROOT:     $($s.Work)/ExtData/HEMCO", "METDIR:   $($s.Work)/ExtData/GEOS_4x5/MERRA2")
        (Get-Content (Join-Path $s.Run 'HISTORY.rc') | Select-String 'Restart\.(frequency|duration):').Line.Trim() -replace '\s+', ' ' | Should -Be @('Restart.frequency: 00000001 000000', 'Restart.duration: 00000001 000000')
        Test-Path (Join-Path $s.Work 'ExtData/GEOS_4x5/MERRA2/met.nc') | Should -BeTrue
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190701_0000z.nc4', 'GEOSChem.Restart.20190702_0000z.nc4', 'GEOSChem.Restart.20190703_0000z.nc4', 'GEOSChem.Restart.20190704_0000z.nc4', 'GEOSChem.Restart.20190705_0000z.nc4')
        (Get-S3Names $s 'out/ozone/OutputDir').Count | Should -Be 4
        $summary = Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt1.json') -Raw | ConvertFrom-Json
        ($summary.finished, $summary.exitCode, $summary.simulationStart, $summary.simulatedDaysThisAttempt, $summary.executable) | Should -Be @($true, 0, '201907010000', 4, 'gcclassic')
        Get-Content (Join-Path $s.Run 'geoschem_config.yml') | Should -Contain '  start_date: [20190701, 000000]'
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
        Get-Content (Join-Path $s.Run 'geoschem_config.yml') | Should -Contain '  start_date: [20190703, 000000]'
        $summary = Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt2.json') -Raw | ConvertFrom-Json
        ($summary.resumedFrom, $summary.simulatedDaysThisAttempt) | Should -Be @('GEOSChem.Restart.20190703_0000z.nc4', 2)
    }

    It 'chains segments: the second starts from the restart the first ended with' {
        $s = New-Scenario
        $first = Invoke-Entrypoint $s -Environment @{ GC_SIM_END = '20190703 000000'; AWS_BATCH_JOB_ID = 'segment-1' }
        $first.ExitCode | Should -Be 0 -Because $first.Output
        Remove-Item -Recurse -Force $s.Work; $null = New-Item -ItemType Directory $s.Work
        $second = Invoke-Entrypoint $s -Environment @{ GC_SIM_START = '20190703 000000'; GC_SIM_END = '20190705 000000'; AWS_BATCH_JOB_ID = 'segment-2' }
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $second.Output | Should -Match 'resuming from s3://out/ozone/Restarts/GEOSChem.Restart.20190703_0000z.nc4'
        $second.Output | Should -Match 'running gcclassic from 20190703 to 20190705'
        Get-Content (Join-Path $s.Run 'Restarts/GEOSChem.Restart.20190703_0000z.nc4') | Should -Be 'restart for 20190703'
    }

    It 'runs each child of a segmented run (Submit-GcBatchJob -SegmentLength) for its own segment, resuming from the one before' {
        $s = New-Scenario
        $segment = @{ GC_SIM_START = '20190701 000000'; GC_SIM_END = '20190715 000000'; GC_SEGMENT_LENGTH = '10d' }
        $first = Invoke-Entrypoint $s -Environment ($segment + @{ AWS_BATCH_JOB_ARRAY_INDEX = '0' })
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match 'segment 1 of a run split into 10d segments: 20190701 to 20190711'
        Remove-Item -Recurse -Force $s.Work; $null = New-Item -ItemType Directory $s.Work
        $second = Invoke-Entrypoint $s -Environment ($segment + @{ AWS_BATCH_JOB_ARRAY_INDEX = '1' })
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $second.Output | Should -Match 'segment 2 of a run split into 10d segments: 20190711 to 20190715'
        $second.Output | Should -Match 'resuming from s3://out/ozone/Restarts/GEOSChem.Restart.20190711_0000z.nc4'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Contain 'GEOSChem.Restart.20190715_0000z.nc4'
    }

    It 'exits with the model''s own code on a model error, after saving the restarts it wrote' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s -Environment @{ FAKE_FAIL_AT_DAY = '3' }
        $result.ExitCode | Should -Be 5
        $result.Output | Should -Match 'did not run to 20190705; exited with code 5'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190701_0000z.nc4', 'GEOSChem.Restart.20190702_0000z.nc4', 'GEOSChem.Restart.20190703_0000z.nc4')
        (Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt1.json') -Raw | ConvertFrom-Json).finished | Should -BeFalse
    }

    It 'fails the job when the final upload of output fails, even though the model finished' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s -Environment @{ FAKE_S3_FAIL_PREFIX = 'out/ozone/OutputDir/' }
        $result.ExitCode | Should -Be 4 -Because $result.Output
        $result.Output | Should -Match 'the final upload \(try 3 of 3\) left files behind'
        $result.Output | Should -Match 'the restarts and output could not all be uploaded; failing the job'
        $result.Output | Should -Not -Match 'GEOS-Chem exited with code 0'
        (Get-Content (Join-Path $s.S3 'out/ozone/timing-summary-attempt1.json') -Raw | ConvertFrom-Json).exitCode | Should -Be 4
    }

    It 'on SIGTERM (a Spot interruption) stops the model, saves what is complete and exits 143' {
        $s = New-Scenario
        $process = Invoke-Entrypoint $s -Environment @{ FAKE_SECONDS_PER_DAY = '1' } -Background
        $out = $process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (Test-Path (Join-Path $s.Run 'Restarts/GEOSChem.Restart.20190703_0000z.nc4')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        & kill -TERM $process.Id
        $process.WaitForExit(20000) | Should -BeTrue
        $process.ExitCode | Should -Be 143
        $out.Result | Should -Match 'SIGTERM: stopping GEOS-Chem'
        (Get-S3Names $s 'out/ozone/Restarts') | Should -Contain 'GEOSChem.Restart.20190703_0000z.nc4'
        (Get-S3Names $s 'out/ozone/Restarts') | Should -Not -Contain 'GEOSChem.Restart.20190705_0000z.nc4'
    }

    It 'saves the restarts at the Spot two-minute notice in instance metadata, before any signal' {
        $s = New-Scenario
        $imds = Join-Path $s.Dir 'imds'
        $null = New-Item -ItemType Directory -Force (Join-Path $imds 'spot')
        'c5.4xlarge' | Set-Content (Join-Path $imds 'instance-type')
        $process = Invoke-Entrypoint $s -Environment @{ FAKE_SECONDS_PER_DAY = '2'; FAKE_IMDS_DIR = $imds; GC_SIM_END = '20190710 000000' } -Background
        $out = $process.StandardOutput.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Test-Path (Join-Path $s.Run 'Restarts/GEOSChem.Restart.20190702_0000z.nc4')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Get-S3Names $s 'out/ozone/Restarts' | Should -Not -Contain 'GEOSChem.Restart.20190702_0000z.nc4' # the periodic sync is an hour away
        '{"action": "terminate", "time": "2019-07-01T12:00:00Z"}' | Set-Content (Join-Path $imds 'spot/instance-action')
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not ((Get-S3Names $s 'out/ozone/Restarts') -contains 'GEOSChem.Restart.20190702_0000z.nc4') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $process.HasExited | Should -BeFalse
        Get-S3Names $s 'out/ozone/Restarts' | Should -Contain 'GEOSChem.Restart.20190702_0000z.nc4'
        & kill -TERM $process.Id
        $process.WaitForExit(20000) | Should -BeTrue
        $out.Result | Should -Match 'Spot interruption notice \(\{"action": "terminate".*\): saving restarts and output now'
        $out.Result | Should -Match 'on c5.4xlarge: GCClassic'
    }

    It 'refuses to start without a run directory, saying how to give one' {
        $s = New-Scenario
        $result = Invoke-Entrypoint $s -Environment @{ GC_RUN_DIRECTORY = $null }
        $result.ExitCode | Should -Be 2
        $result.Output | Should -Match 'GC_RUN_DIRECTORY is not set; submit with Submit-GcBatchJob -RunDirectory'
    }

    It 'runs the carbon build for a carbon run directory, with the carbon initial restart' {
        $s = New-Scenario -RunDirectory gc_4x5_merra2_carbon
        $result = Invoke-Entrypoint $s -Environment @{ GC_SIM_START = '20190101 000000'; GC_SIM_END = '20190103 000000' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'initial restart: s3://geos-chem/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.carbon.20190101_0000z.nc4'
        $result.Output | Should -Match 'running gcclassic-carbon from 20190101'
    }

    It 'gives each array child its own run directory and prefixes' {
        $s = New-Scenario -As 'runs/member1'
        Publish-Fake $s.Made (Join-Path $s.S3 'runs/member0')
        $result = Invoke-Entrypoint $s -Environment @{ AWS_BATCH_JOB_ARRAY_INDEX = '1'; GC_RUN_DIRECTORY = 's3://runs/member{index}/'; GC_OUTPUT_PREFIX = 's3://out/member{index}/'; GC_RESTART_PREFIX = 's3://out/member{index}/Restarts/'; GC_SIM_END = '20190702 000000' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match '\(array child 1\)'
        Get-S3Names $s 'out/member1/Restarts' | Should -Contain 'GEOSChem.Restart.20190702_0000z.nc4'
        Test-Path (Join-Path $s.S3 'out/member0') | Should -BeFalse
    }
}

Describe 'The GEOS-Chem container entrypoint on a real GCHP run directory' -Skip:$script:NoShared {
    BeforeAll {
        function Invoke-Gchp($Scenario, [hashtable] $Environment = @{}) {
            $vars = @{ GC_MODEL = 'GCHP'; GC_MPI_PROCS_PER_NODE = '6'; AWS_BATCH_JOB_NUM_NODES = $null }
            foreach ($k in $Environment.Keys) { $vars[$k] = $Environment[$k] }
            Invoke-Entrypoint $Scenario -Environment $vars
        }
    }

    It 'sets the cores from the job before setCommonRunSettings.sh, links the data again, and ends exactly at the requested end' {
        $s = New-Scenario -RunDirectory gchp_merra2_fullchem
        $result = Invoke-Gchp $s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'data root: /home/gcuser/ExtData -> .*/work/ExtData \(2 file\(s\) rewritten, 8 link\(s\) made again\)'
        $result.Output | Should -Match 'GCHP: TOTAL_CORES=6 NUM_NODES=1 NUM_CORES_PER_NODE=6 Run_Duration="00000004 000000" checkpoints every 240000'
        $result.Output | Should -Match 'initial restart: fetched GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4'
        $result.Output | Should -Match 'GCHP \(stand-in\) on 6 ranks \(NX=1 NY=6\) from 20190701 for 00000004 000000 to 20190705; checkpoints 240000'
        $result.Output | Should -Match 'GCHP reached 20190705 \(cap_restart\); end restart GEOSChem.Restart.20190705_0000z.c24.nc4'
        $settings = Join-Path $s.Run 'setCommonRunSettings.sh'
        (Get-Setting $settings TOTAL_CORES), (Get-Setting $settings NUM_NODES), (Get-Setting $settings NUM_CORES_PER_NODE), (Get-Setting $settings Midrun_Checkpoint) | Should -Be @('6', '1', '6', 'ON')
        Get-Content (Join-Path $s.Run 'cap_restart') | Should -Be '20190705 000000'
        (Get-Item (Join-Path $s.Run 'ChemDir')).LinkTarget | Should -Be "$($s.Work)/ExtData/CHEM_INPUTS"
        (Get-Item (Join-Path $s.Run 'MetDir')).LinkTarget | Should -Be "$($s.Work)/ExtData/GEOS_0.5x0.625/MERRA2"
        Test-Path (Join-Path $s.Run 'CodeDir') | Should -BeFalse
        Get-ChildItem $s.Run -File | Where-Object Name -match '\.(yml|rc)' | Select-String -SimpleMatch '/home/gcuser' | Should -BeNullOrEmpty
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190702_0000z.c24.nc4', 'GEOSChem.Restart.20190703_0000z.c24.nc4', 'GEOSChem.Restart.20190704_0000z.c24.nc4', 'GEOSChem.Restart.20190705_0000z.c24.nc4')
        Get-Content (Join-Path $s.Run 'mpirun.env') | Should -Contain 'OMPI_MCA_btl=vader,tcp,self'
        Get-Content (Join-Path $s.Run 'mpirun.env') | Should -Contain 'OMPI_MCA_btl_vader_single_copy_mechanism=none'
        Get-Content (Join-Path $s.Run 'mpirun.env') | Should -Not -Contain 'FI_PROVIDER=efa'
    }

    It 'resumes a month-long run mid-month with the rest of the month as GEOS-Chem''s YYYYMMDD hhmmss and ends at the requested end' {
        $s = New-Scenario -RunDirectory gchp_merra2_fullchem
        $restarts = Join-Path $s.S3 'out/ozone/Restarts'
        $null = New-Item -ItemType Directory -Force $restarts
        'checkpoint of 15 July' | Set-Content (Join-Path $restarts 'GEOSChem.Restart.20190715_0000z.c24.nc4')
        $result = Invoke-Gchp $s -Environment @{ GC_SIM_END = '20190801 000000'; GC_EFA = '1' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'resuming from s3://out/ozone/Restarts/GEOSChem.Restart.20190715_0000z.c24.nc4'
        $result.Output | Should -Match 'Run_Duration="00000017 000000"'
        Get-Content (Join-Path $s.Run 'cap_restart') | Should -Be '20190801 000000'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Contain 'GEOSChem.Restart.20190801_0000z.c24.nc4'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Not -Contain 'GEOSChem.Restart.20190715_0000z.c24.nc4.tmp'
        Get-Content (Join-Path $s.Run 'mpirun.env') | Should -Contain 'FI_PROVIDER=efa'
        Get-Content (Join-Path $s.Run 'mpirun.env') | Should -Contain 'FI_EFA_ENABLE_SHM_TRANSFER=0'
    }

    It 'does not call a GCHP run finished when cap_restart stops short of the end' {
        $s = New-Scenario -RunDirectory gchp_merra2_fullchem
        $result = Invoke-Gchp $s -Environment @{ FAKE_FAIL_AT_DAY = '3' }
        $result.ExitCode | Should -Be 5
        $result.Output | Should -Match 'did not run to 20190705'
        Get-S3Names $s 'out/ozone/Restarts' | Should -Be @('GEOSChem.Restart.20190702_0000z.c24.nc4', 'GEOSChem.Restart.20190703_0000z.c24.nc4')
    }

    It 'runs the carbon GCHP build for a carbon run directory' {
        $s = New-Scenario -RunDirectory gchp_merra2_fullchem
        $config = Join-Path $s.S3 'runs/ozone/geoschem_config.yml'
        (Get-Content $config) -replace '^  name: fullchem', '  name: carbon' | Set-Content $config
        $result = Invoke-Gchp $s -Environment @{ GC_SIM_END = '20190702 000000' }
        $result.Output | Should -Match 'running gchp-carbon from 20190701'
    }
}

Describe 'Staging a GCHP run''s input from the list Publish-GcRunDirectory uploads (.gc-inputs)' -Skip:$script:NoShared {
    BeforeAll {
        Import-Module $script:ModulePath -Force
        # The list Publish-GcRunDirectory writes, from the same code (Get-GcInputData) on the real GCHP run directory,
        # for the period the run directory was made for (July 2019). InputManifestTests checks the upload holds it.
        $made = Join-Path $TestDrive 'listed'
        $null = New-Item -ItemType Directory $made
        & tar -xzf (Join-Path $script:RunDirs 'gchp_merra2_fullchem.tar.gz') -C $made
        $script:Made = Join-Path $made 'gchp_merra2_fullchem'
        $script:Inputs = @(Get-GcInputData -Path $script:Made -WarningAction SilentlyContinue)
        $script:Listed = @($script:Inputs | ForEach-Object RelativePath)

        # A GCHP scenario whose upload carries .gc-inputs and whose public bucket holds every listed file; -Windows adds
        # to each dated file the model times it is read between, as Publish-GcRunDirectory writes them (InputManifestTests).
        function New-GchpScenario([string] $Period = '20190701 000000 20190801 000000', [switch] $Windows) {
            $s = New-Scenario -RunDirectory gchp_merra2_fullchem
            $entries = if ($Windows) { $script:Inputs | ForEach-Object { if ($_.ReadFrom) { "$($_.RelativePath)`t$($_.ReadFrom.ToString('yyyyMMddHHmm'))`t$($_.ReadUntil.ToString('yyyyMMddHHmm'))" } else { $_.RelativePath } } } else { $script:Listed }
            $lines = @('# Input files this run reads, relative to the data root (Publish-GcRunDirectory; Get-GcInputData lists the same).', '# model: GCHP fullchem C24', "# period: $Period") + $entries
            [IO.File]::WriteAllText((Join-Path $s.S3 'runs/ozone/.gc-inputs'), ($lines -join "`n") + "`n")
            foreach ($relative in $script:Listed) {
                $path = Join-Path $s.S3 "geos-chem/$relative"
                $null = New-Item -ItemType Directory -Force (Split-Path $path)
                [IO.File]::WriteAllText($path, "public copy of $relative")
            }
            $s
        }

        function Invoke-Gchp($Scenario, [hashtable] $Environment = @{}) {
            $vars = @{ GC_MODEL = 'GCHP'; GC_MPI_PROCS_PER_NODE = '6'; AWS_BATCH_JOB_NUM_NODES = $null }
            foreach ($k in $Environment.Keys) { $vars[$k] = $Environment[$k] }
            Invoke-Entrypoint $Scenario -Environment $vars
        }

        # What an FSx for Lustre file system linked to s3://geos-chem shows: every object of the bucket as a file.
        function New-Fsx($Scenario) {
            $fsx = Join-Path $Scenario.Dir 'fsx'
            foreach ($relative in $script:Listed) {
                $path = Join-Path $fsx $relative
                $null = New-Item -ItemType Directory -Force (Split-Path $path)
                [IO.File]::WriteAllText($path, 'lazily loaded by Lustre')
            }
            $fsx
        }

        function Get-Tree([string] $Root) { @(Get-ChildItem -LiteralPath $Root -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($Root, $_.FullName) } | Sort-Object) }
        function Get-Downloads($Scenario) {
            $log = Join-Path $Scenario.S3 '.downloads'
            if (-not (Test-Path $log)) { return @() }
            @(Get-Content $log | ForEach-Object { $key, $from, $to = $_ -split ' '; [pscustomobject]@{ Key = $key; From = [double]$from; To = [double]$to } })
        }
    }

    It 'lists hundreds of files for the real run directory''s month, with the initial restart' {
        $script:Listed.Count | Should -BeGreaterThan 300 -Because 'a month of 0.5x0.625 met fields and the HEMCO inputs the run reads'
        $script:Listed | Should -Contain 'GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4'
    }

    It 'stages every listed file into the job''s data root, and nothing else, before the model starts' {
        $s = New-GchpScenario
        $result = Invoke-Gchp $s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "input data \(\.gc-inputs, 201907010000 to 201908010000\): staged $($script:Listed.Count) file\(s\), 0\.00 GB in [0-9.]+ s from s3://geos-chem \(10 at a time\); 0 already present; 0 could not be fetched"
        $data = Join-Path $s.Work 'ExtData'
        Get-Tree $data | Should -Be ($script:Listed | Sort-Object)
        foreach ($relative in $script:Listed) { [IO.File]::ReadAllText((Join-Path $data $relative)) | Should -Be "public copy of $relative" }
        (Get-Downloads $s | Where-Object Key -like 'geos-chem/*').Count | Should -Be $script:Listed.Count
        $staged = $result.Output.IndexOf('input data (.gc-inputs'); $ran = $result.Output.IndexOf('running gchp from')
        $staged | Should -BeLessThan $ran
        # the Restarts/ link made again into the job's data root now finds the staged initial restart
        [IO.File]::ReadAllText((Join-Path $s.Run 'Restarts/GEOSChem.Restart.20190701_0000z.c24.nc4')) | Should -Be 'public copy of GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4'
    }

    It 'does not fetch a file already in the data root again' {
        $s = New-GchpScenario
        $present = $script:Listed | Select-Object -First 25
        foreach ($relative in $present) {
            $path = Join-Path $s.Work "ExtData/$relative"
            $null = New-Item -ItemType Directory -Force (Split-Path $path)
            [IO.File]::WriteAllText($path, 'already here')
        }
        $result = Invoke-Gchp $s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "staged $($script:Listed.Count - 25) file\(s\), .*; 25 already present; 0 could not be fetched"
        foreach ($relative in $present) { [IO.File]::ReadAllText((Join-Path $s.Work "ExtData/$relative")) | Should -Be 'already here' }
        $fetched = @(Get-Downloads $s | ForEach-Object { $_.Key.Substring('geos-chem/'.Length) })
        $fetched | Where-Object { $present -contains $_ } | Should -BeNullOrEmpty
        $fetched.Count | Should -Be ($script:Listed.Count - 25)
    }

    It 'fetches nothing from a data root that already holds the data (an FSx for Lustre file system linked to s3://geos-chem)' {
        $s = New-GchpScenario
        $fsx = New-Fsx $s
        $result = Invoke-Gchp $s -Environment @{ GC_DATA_ROOT = $fsx }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "staged 0 file\(s\), 0\.00 GB .*; $($script:Listed.Count) already present; 0 could not be fetched"
        Get-Downloads $s | Should -BeNullOrEmpty
        (Get-Item (Join-Path $s.Run 'MetDir')).LinkTarget | Should -Be "$fsx/GEOS_0.5x0.625/MERRA2"
    }

    It 'with GC_FETCH_INPUT=0 (data on FSx) neither stages nor checks the list''s period' {
        $s = New-GchpScenario -Period '20200101 000000 20200201 000000'
        $result = Invoke-Gchp $s -Environment @{ GC_FETCH_INPUT = '0'; GC_DATA_ROOT = (New-Fsx $s) }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Not -Match 'input data'
        Get-Downloads $s | Should -BeNullOrEmpty
    }

    It 'fails the job, naming the file, before the model starts when a listed file is not in the bucket' {
        $s = New-GchpScenario
        $gone = $script:Listed | Where-Object { $_ -like 'HEMCO/*' } | Select-Object -First 1
        Remove-Item (Join-Path $s.S3 "geos-chem/$gone")
        $result = Invoke-Gchp $s
        $result.ExitCode | Should -Be 6 -Because $result.Output
        $result.Output | Should -Match "staged $($script:Listed.Count - 1) file\(s\), .*; 1 could not be fetched"
        $result.Output | Should -Match ([regex]::Escape("missing: s3://geos-chem/$gone"))
        $result.Output | Should -Match 'error: required input data is not in s3://geos-chem \(above\)'
        $result.Output | Should -Not -Match 'running gchp'
        Test-Path (Join-Path $s.Work "ExtData/$gone") | Should -BeFalse
        Test-Path (Join-Path $s.Work "ExtData/$gone.partial") | Should -BeFalse
    }

    It 'refuses a job whose period lies outside the one the list was made for, before staging anything' {
        $s = New-GchpScenario
        $result = Invoke-Gchp $s -Environment @{ GC_SIM_END = '20190805 000000' }
        $result.ExitCode | Should -Be 2 -Because $result.Output
        $result.Output | Should -Match '\.gc-inputs lists the input for 201907010000 to 201908010000, but this job runs 201907010000 to 201908050000; publish the run directory again with Publish-GcRunDirectory -SimulationStart/-SimulationEnd'
        Get-Downloads $s | Should -BeNullOrEmpty
    }

    It 'stages for a segment of a longer run only the files its own period reads, as the list made for that period alone holds them' {
        $s = New-GchpScenario -Windows
        # what Get-GcInputData lists for the second 10-day segment alone: the same run directory with that period
        $segmentDir = Join-Path $s.Dir 'segment-copy'
        & cp -a $script:Made $segmentDir # links kept as links (they dangle here)
        '20190711 000000' | Set-Content (Join-Path $segmentDir 'cap_restart')
        $settings = Join-Path $segmentDir 'setCommonRunSettings.sh'
        (Get-Content $settings) -replace '^Run_Duration=.*', 'Run_Duration="00000010 000000"' | Set-Content $settings
        $expected = @(Get-GcInputData -Path $segmentDir -WarningAction SilentlyContinue | ForEach-Object RelativePath | Sort-Object)
        $restarts = Join-Path $s.S3 'out/ozone/Restarts'
        $null = New-Item -ItemType Directory -Force $restarts
        'end of segment 1' | Set-Content (Join-Path $restarts 'GEOSChem.Restart.20190711_0000z.c24.nc4')

        $result = Invoke-Gchp $s -Environment @{ GC_SEGMENT_LENGTH = '10d'; AWS_BATCH_JOB_ARRAY_INDEX = '1'; GC_SIM_END = '20190801 000000' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'segment 2 of a run split into 10d segments: 20190711 to 20190721'
        $result.Output | Should -Match "\.gc-inputs: $($expected.Count) of $($script:Listed.Count) listed file\(s\) are read from 201907110000 to 201907210000"
        $expected.Count | Should -BeLessThan ($script:Listed.Count - 100) -Because 'ten days read far fewer files than the month'
        Get-Tree (Join-Path $s.Work 'ExtData') | Should -Be $expected
        $expected | Where-Object { $_ -like 'GEOSCHEM_RESTARTS/*' } | Should -BeNullOrEmpty -Because 'a later segment resumes from the restart the one before it ended with'
        $result.Output | Should -Match 'resuming from s3://out/ozone/Restarts/GEOSChem.Restart.20190711_0000z.c24.nc4'
    }

    It 'stages several files at once, never more than GC_STAGING_PARALLEL' {
        $s = New-GchpScenario
        $result = Invoke-Gchp $s -Environment @{ GC_STAGING_PARALLEL = '4'; FAKE_S3_GET_SECONDS = '0.05' }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match '\(4 at a time\)'
        $downloads = Get-Downloads $s
        $downloads.Count | Should -Be $script:Listed.Count
        $events = @($downloads | ForEach-Object { [pscustomobject]@{ T = $_.From; D = 1 }; [pscustomobject]@{ T = $_.To; D = -1 } }) | Sort-Object T, D
        $running = 0; $most = 0
        foreach ($e in $events) { $running += $e.D; if ($running -gt $most) { $most = $running } }
        $most | Should -BeLessOrEqual 4
        $most | Should -BeGreaterThan 1 -Because 'downloads overlap'
    }
    Context 'on the nodes of a multi-node job without a shared file system (two entrypoints at once: node 0 main, node 1 another)' {
        BeforeAll {
            # Each simulated node has its own disk (work folder, data root, home); the nodes share only the fake S3.
            function Start-Node($Scenario, [int] $Index, [hashtable] $Environment = @{}) {
                $node = Join-Path $Scenario.Dir "node$Index"
                $null = New-Item -ItemType Directory -Force (Join-Path $node 'work'), (Join-Path $node 'home')
                $vars = @{
                    GC_MODEL = 'GCHP'; GC_MPI_PROCS_PER_NODE = '6'; AWS_BATCH_JOB_NUM_NODES = '2'; AWS_BATCH_JOB_NODE_INDEX = "$Index"; AWS_BATCH_JOB_MAIN_NODE_INDEX = '0'
                    AWS_BATCH_JOB_ID = "mnp-1#$Index"; GC_WORK_DIR = "$node/work"; GC_DATA_ROOT = "$node/work/ExtData"; HOME = "$node/home"
                    GC_MPI_HOSTFILE = "$node/mpi-hosts"; GC_SSHD = "$($script:Fakes)/sshd"; FAKE_NODE_ADDRESS = "10.0.0.1$Index"; GC_NODE_POLL_SECONDS = '0.2'
                    FAKE_NODES = "10.0.0.10=$($Scenario.Dir)/node0/work 10.0.0.11=$($Scenario.Dir)/node1/work"
                }
                foreach ($k in $Environment.Keys) { $vars[$k] = $Environment[$k] }
                $process = Invoke-Entrypoint $Scenario -Environment $vars -Background
                [pscustomobject]@{ Process = $process; Out = $process.StandardOutput.ReadToEndAsync(); Err = $process.StandardError.ReadToEndAsync(); Home = "$node/home"; Run = "$node/work/rundir"; Data = "$node/work/ExtData" }
            }

            function Wait-Node($Node, [int] $Seconds = 600) {
                if (-not $Node.Process.WaitForExit($Seconds * 1000)) { $Node.Process.Kill($true); throw "a node did not end within $Seconds s" }
                $Node.Process.WaitForExit()
                [pscustomobject]@{ ExitCode = $Node.Process.ExitCode; Output = $Node.Out.Result + $Node.Err.Result }
            }

            # The sshd processes a node started (the stand-in notes each) that are still running (a killed one not yet
            # reaped by its new parent is a zombie: it has ended).
            function Get-RunningSshd($Node) {
                $started = Join-Path $Node.Home '.ssh-node/sshd.started'
                if (-not (Test-Path $started)) { return @() }
                @(Get-Content $started | Where-Object {
                        $stat = "/proc/$_/stat"
                        (Test-Path $stat) -and ((Get-Content $stat -ErrorAction SilentlyContinue) -replace '^\d+ \(.*?\) ', '')[0] -ne 'Z'
                    })
            }

            $script:Meeting = 'out/ozone/.mpi/mnp-1/attempt1'
        }

        It 'prepares the run directory and stages every listed input on every node before mpirun starts ranks there, and uploads what each node wrote' {
            $s = New-GchpScenario
            $main = Start-Node $s 0; $other = Start-Node $s 1
            $r0 = Wait-Node $main; $r1 = Wait-Node $other
            $r0.ExitCode | Should -Be 0 -Because $r0.Output
            $r1.ExitCode | Should -Be 0 -Because $r1.Output
            # node 1 did the same preparation on its own disk: run directory, data root rewritten to its own, cores, input
            $r1.Output | Should -Match 'data root: /home/gcuser/ExtData -> .*/node1/work/ExtData \(2 file\(s\) rewritten, 8 link\(s\) made again\)'
            $r1.Output | Should -Match 'GCHP: TOTAL_CORES=12 NUM_NODES=2 NUM_CORES_PER_NODE=6'
            $r1.Output | Should -Match "input data \(\.gc-inputs, 201907010000 to 201908010000\): staged $($script:Listed.Count) file\(s\)"
            $r1.Output | Should -Match 'node 1 is ready: run directory prepared and input staged'
            Get-Tree $other.Data | Should -Be ($script:Listed | Sort-Object)
            Get-Tree $main.Data | Should -Be ($script:Listed | Sort-Object)
            (Get-Setting (Join-Path $other.Run 'setCommonRunSettings.sh') TOTAL_CORES) | Should -Be '12'
            Test-Path (Join-Path $s.S3 "$($script:Meeting)/ready/1") | Should -BeTrue
            # the main node launched only once node 1 was ready, node 0 first (rank 0 reads the restart, writes checkpoints)
            $r0.Output | Should -Match 'all 2 nodes ready: 10\.0\.0\.10 slots=6 10\.0\.0\.11 slots=6'
            $r0.Output.IndexOf('all 2 nodes ready') | Should -BeLessThan $r0.Output.IndexOf('running gchp from')
            $r0.Output | Should -Match 'GCHP \(stand-in\) on 12 ranks \(NX=2 NY=6\)'
            # what the stand-in mpirun found on each host before starting ranks there
            $hosts = @(Get-Content (Join-Path $main.Run 'mpirun.hosts'))
            $hosts | Should -HaveCount 2
            $hosts[0] | Should -Match "^10\.0\.0\.10 slots=6 .*/node0/work/rundir $($script:Listed.Count) input file\(s\) present$"
            $hosts[1] | Should -Match "^10\.0\.0\.11 slots=6 .*/node1/work/rundir $($script:Listed.Count) input file\(s\) present$"
            # the daemons on the other node are told where OpenMPI is, where to run and what environment to pass on
            $mpiArgs = Get-Content (Join-Path $main.Run 'mpirun.args')
            $mpiArgs | Should -Contain "prefix=$([IO.Path]::GetDirectoryName($script:Fakes))"
            $mpiArgs | Should -Contain "wdir=$($main.Run)"
            (($mpiArgs | Where-Object { $_ -like 'forwarded=*' }) -replace '^forwarded=', '') -split ' ' | Should -Contain 'PATH'
            (Get-Content (Join-Path $main.Run 'mpirun.env')) | Should -Contain 'OMPI_MCA_oob_tcp_if_exclude=lo,docker0,virbr0,ecs-eth0'
            # History: MAPL had node 1 write the second collection; node 1 uploaded it, node 0 its own and the restarts
            $days = '20190702', '20190703', '20190704', '20190705'
            @(Get-ChildItem (Join-Path $other.Run 'OutputDir') -File | ForEach-Object Name) | Should -Be @($days | ForEach-Object { "GEOSChem.Emissions.$($_)_0000z.nc4" })
            Test-Path (Join-Path $main.Run 'OutputDir/GEOSChem.Emissions.20190702_0000z.nc4') | Should -BeFalse
            $uploaded = Get-S3Names $s 'out/ozone/OutputDir'
            foreach ($day in $days) { $uploaded | Should -Contain "GEOSChem.Emissions.$($day)_0000z.nc4"; $uploaded | Should -Contain "GEOSChem.SpeciesConc.$($day)_0000z.nc4" }
            $r1.Output | Should -Match 'node 1 uploaded 4 output file\(s\): ok'
            $r0.Output | Should -Match 'output of every node uploaded \(1 other node\(s\)\)'
            Get-S3Names $s 'out/ozone/Restarts' | Should -Contain 'GEOSChem.Restart.20190705_0000z.c24.nc4'
            [IO.File]::ReadAllText((Join-Path $s.S3 "$($script:Meeting)/done")).Trim() | Should -Be 'ran'
            # nothing left running: each node stopped the sshd it started
            (Get-Content (Join-Path $main.Home '.ssh-node/sshd.started')).Count | Should -Be 1
            (Get-Content (Join-Path $other.Home '.ssh-node/sshd.started')).Count | Should -Be 1
            Get-RunningSshd $main | Should -BeNullOrEmpty
            Get-RunningSshd $other | Should -BeNullOrEmpty
        }

        It 'fails the main node with the other node''s reason and exit code as soon as that node fails to prepare, and stops it before mpirun' {
            $s = New-GchpScenario
            $empty = Join-Path $s.Dir 'no-binaries'
            $null = New-Item -ItemType Directory $empty
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $main = Start-Node $s 0 -Environment @{ GC_NODE_READY_SECONDS = '600' }
            $other = Start-Node $s 1 -Environment @{ GC_BIN_DIR = $empty }
            $r1 = Wait-Node $other; $r0 = Wait-Node $main
            $clock.Stop()
            $r1.ExitCode | Should -Be 2 -Because $r1.Output
            $r0.ExitCode | Should -Be 2 -Because $r0.Output
            $r0.Output | Should -Match 'error: node 1 could not prepare its run directory or input \(exit 2\): this image has no gchp'
            $r0.Output | Should -Not -Match 'running gchp'
            Test-Path (Join-Path $main.Run 'mpirun.env') | Should -BeFalse
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 600 -Because 'the main node stops at the failure, not at GC_NODE_READY_SECONDS'
            [IO.File]::ReadAllText((Join-Path $s.S3 "$($script:Meeting)/done")).Trim() | Should -Be 'aborted'
            Get-RunningSshd $main | Should -BeNullOrEmpty
            Get-RunningSshd $other | Should -BeNullOrEmpty
        }

        It 'fails the main node after GC_NODE_READY_SECONDS when another node never reports' {
            $s = New-Scenario -RunDirectory gchp_merra2_fullchem
            $r0 = Wait-Node (Start-Node $s 0 -Environment @{ GC_NODE_READY_SECONDS = '1' })
            $r0.ExitCode | Should -Be 3 -Because $r0.Output
            $r0.Output | Should -Match 'error: only 0 of 1 other nodes were ready within 1 s \(GC_NODE_READY_SECONDS\)'
            $r0.Output | Should -Not -Match 'running gchp'
        }

        It 'refuses several checkpoint writers, which would spread one checkpoint file over the nodes' {
            $s = New-Scenario -RunDirectory gchp_merra2_fullchem
            $rc = Join-Path $s.S3 'runs/ozone/GCHP.rc'
            (Get-Content $rc) -replace '^NUM_WRITERS: 1', 'NUM_WRITERS: 6' | Set-Content $rc
            $r0 = Wait-Node (Start-Node $s 0)
            $r0.ExitCode | Should -Be 2 -Because $r0.Output
            $r0.Output | Should -Match 'needs GCHP.rc NUM_WRITERS: 1 and WRITE_RESTART_BY_OSERVER: NO \(found 6 and NO\)'
        }

        It 'fails the job when a History file was written in parts on two nodes' {
            $s = New-Scenario -RunDirectory gchp_merra2_fullchem
            $main = Start-Node $s 0 -Environment @{ FAKE_SPLIT_HISTORY = '1' }; $other = Start-Node $s 1
            $r0 = Wait-Node $main; $r1 = Wait-Node $other
            $r1.ExitCode | Should -Be 0 -Because $r1.Output
            $r0.ExitCode | Should -Be 4 -Because $r0.Output
            $r0.Output | Should -Match 'error: output written in parts on several nodes .*GEOSChem\.Emissions\.20190701_0000z\.nc4'
            Get-RunningSshd $main | Should -BeNullOrEmpty
        }
    }
}

Describe 'Staging input with the real gcclassic dry run' -Skip:$script:NoShared {
    It 'runs the real gcclassic --dryrun in the copy of the real run directory and fetches what it lists, the initial restart included' {
        if (-not $env:GC_GCCLASSIC_DIR -or -not (Test-Path "$env:GC_GCCLASSIC_DIR/gcclassic")) {
            Set-ItResult -Skipped -Because "GC_GCCLASSIC_DIR is not set: build the real binaries with './build.ps1 -Task GeosChem' (or point GC_GCCLASSIC_DIR at a folder holding gcclassic)"
            return
        }
        $s = New-Scenario
        $fastj = Join-Path $s.S3 'geos-chem/CHEM_INPUTS/FastJ_201204/fastj.jv_atms_dat.nc'
        $null = New-Item -ItemType Directory -Force (Split-Path $fastj)
        'stand-in content' | Set-Content $fastj
        $result = Invoke-Entrypoint $s -Environment @{ GC_BIN_DIR = $env:GC_GCCLASSIC_DIR; GC_SIM_END = '20190702 000000'; OMP_NUM_THREADS = '2' }
        $result.Output | Should -Match 'input data \(dry run\): staged 1 file\(s\), .* from s3://geos-chem \(10 at a time\); 0 already present; [1-9][0-9]* could not be fetched'
        $result.Output | Should -Match 'initial restart: s3://geos-chem/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4 -> Restarts/GEOSChem.Restart.20190701_0000z.nc4'
        Test-Path (Join-Path $s.Work 'ExtData/CHEM_INPUTS/FastJ_201204/fastj.jv_atms_dat.nc') | Should -BeTrue
        $dryrun = Get-Content (Join-Path $s.Run 'log.dryrun') -Raw
        $dryrun | Should -Match 'Data Directory\s+: .*/work/ExtData/'
        $dryrun | Should -Not -Match '/home/gcuser'
        # Everything else the dry run labels REQUIRED is missing from this bucket: the job stops before the model does.
        $result.ExitCode | Should -Be 6
        $result.Output | Should -Match 'required, not in the bucket: s3://geos-chem/CHEM_INPUTS/'
        $result.Output | Should -Match '[1-9][0-9]* file\(s\) the model stops without are not in s3://geos-chem'
        $result.Output | Should -Not -Match 'required, not in the bucket: .*FastJ_201204/fastj.jv_atms_dat.nc'
    }

    It 'goes on to the model when only daily VOLCANO files are missing beside their climatology, as HEMCO falls back to it' {
        if (-not $env:GC_GCCLASSIC_DIR -or -not (Test-Path "$env:GC_GCCLASSIC_DIR/gcclassic")) {
            Set-ItResult -Skipped -Because "GC_GCCLASSIC_DIR is not set: build the real binaries with './build.ps1 -Task GeosChem' (or point GC_GCCLASSIC_DIR at a folder holding gcclassic)"
            return
        }
        $s = New-Scenario
        $environment = @{ GC_BIN_DIR = $env:GC_GCCLASSIC_DIR; GC_SIM_END = '20190702 000000'; OMP_NUM_THREADS = '2' }
        $first = Invoke-Entrypoint $s -Environment $environment
        $first.ExitCode | Should -Be 6
        # The bucket gets every file GEOS-Chem's own dry run labels REQUIRED, except the daily VOLCANO files, plus the
        # VOLCANO climatology; the OPTIONAL ones stay missing too.
        $dataRoot = (Join-Path $s.Work 'ExtData') + '/'
        $lines = Get-Content (Join-Path $s.Run 'log.dryrun') | ForEach-Object { $_ -replace '//', '/' }
        $required = @($lines | Where-Object { $_ -match ' (REQUIRED|CLIMATOLOGY) FILE NOT FOUND ' -and $_ -notmatch '^HEMCO \(VOLCANO\): REQUIRED' } |
            ForEach-Object { ($_ -split ' ')[-1] } | Where-Object { $_.StartsWith($dataRoot) } | Sort-Object -Unique)
        $volcanoDaily = @($lines | Where-Object { $_ -match '^HEMCO \(VOLCANO\): REQUIRED FILE NOT FOUND ' } | ForEach-Object { ($_ -split ' ')[-1] } | Sort-Object -Unique)
        $required.Count | Should -BeGreaterThan 100
        $volcanoDaily.Count | Should -BeGreaterThan 0
        foreach ($path in $required) {
            $target = Join-Path $s.S3 ('geos-chem/' + $path.Substring($dataRoot.Length))
            $null = New-Item -ItemType Directory -Force (Split-Path $target)
            'stand-in content' | Set-Content $target
        }

        $second = Invoke-Entrypoint $s -Environment $environment
        $second.Output | Should -Not -Match 'the model stops without'
        foreach ($daily in $volcanoDaily) { Test-Path $daily | Should -BeFalse }
        # the placeholder input is not real netCDF, so the model itself then stops: the job must not succeed, and not at staging
        $second.ExitCode | Should -Not -Be 0
        $second.ExitCode | Should -Not -Be 6
    }
}
