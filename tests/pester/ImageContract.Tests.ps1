# The image contract, tested without a container engine: each Dockerfile's RUN-step scripts run natively in order where
# this machine's toolchain matches (tests/image-contract/Invoke-DockerfileSteps.ps1), every command and file the
# entrypoint calls exists in the runtime stage, the GCHP runtime carries its multi-node launcher, no Intel variant is
# offered without the Intel MPI runtime, and the executables are built with the options the run directories of the same
# release ask for (read from createRunDir.sh's own reminder, and, where the native build exists, by running them).
BeforeDiscovery {
    $script:Models = @(@{ Model = 'GCClassic'; Dir = 'gcclassic' }, @{ Model = 'GCHP'; Dir = 'gchp' })
}

BeforeAll {
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Dockerfiles = Join-Path $script:Root 'dockerfiles'
    $script:Scripts = Join-Path $script:Dockerfiles 'scripts'
    $script:Contract = Join-Path $script:Root 'tests/image-contract'
    $script:Rocky = Import-PowerShellDataFile (Join-Path $script:Contract 'rocky9-commands.psd1')
    $script:Shared = [IO.Path]::GetFullPath((Join-Path $script:Root '../shared/geoschem'))

    # The executables build-geoschem.sh makes for a model, with their CMake options (GC_DESCRIBE: nothing is built).
    function Get-ImageExecutables([string] $Model) {
        $env:GC_DESCRIBE = '1'
        try { $lines = & bash (Join-Path $script:Scripts 'build-geoschem.sh') $Model 14.7.0 }
        finally { Remove-Item env:GC_DESCRIBE }
        foreach ($line in $lines | Where-Object { $_ -match '^(gc\S+): (.*)$' }) {
            $name, $options = $line -split ': ', 2
            [pscustomobject]@{ Name = $name; Options = $options -replace '^-DCMAKE_BUILD_TYPE=Release ', '' }
        }
    }

    # The dnf packages install-runtime.sh installs for a model (the GCHP-only block included for GCHP).
    function Get-RuntimePackages([string] $Model) {
        $text = (Get-Content (Join-Path $script:Scripts 'install-runtime.sh') -Raw) -replace '\\\r?\n', ' '
        $inGchp = $false
        foreach ($line in $text -split '\r?\n') {
            if ($line -match 'if \[ "\$model" = "GCHP" \]') { $inGchp = $true; continue }
            if ($inGchp -and $line -match '^\s*fi\b') { $inGchp = $false; continue }
            if ($line -match 'dnf -y install (.+)$' -and (-not $inGchp -or $Model -eq 'GCHP')) { $Matches[1].Trim() -split '\s+' }
        }
    }

    # Every command on PATH in the runtime stage of a model, and where it comes from.
    function Get-RuntimeCommands([string] $Model) {
        $dockerfile = Get-Content (Join-Path $script:Dockerfiles "$($Model.ToLowerInvariant())/Dockerfile") -Raw
        $runtime = $dockerfile.Substring($dockerfile.LastIndexOf('AS runtime'))
        $commands = @{}
        foreach ($package in @($script:Rocky.BaseImage) + @(Get-RuntimePackages $Model)) {
            foreach ($command in $script:Rocky.Commands[$package]) { $commands[$command] = "package $package" }
        }
        if ((Get-Content (Join-Path $script:Scripts 'install-runtime.sh') -Raw) -match 'aws/install" --bin-dir /usr/local/bin') { $commands['aws'] = 'AWS CLI v2 in /usr/local/bin' }
        if ($runtime -match 'COPY --from=build /opt/geoschem /opt/geoschem') {
            foreach ($exe in Get-ImageExecutables $Model) { $commands[$exe.Name] = "/opt/geoschem/bin (build-geoschem.sh)" }
        }
        # The MPI of build-deps.sh is installed in /opt/deps (bin/mpirun); the runtime keeps it only if it copies all of /opt/deps.
        if ($runtime -match 'COPY --from=build /opt/deps /opt/deps(\s|$)' -and $runtime -match 'PATH=[^\s]*/opt/deps/bin') {
            $commands['mpirun'] = '/opt/deps/bin (build-deps.sh)'; $commands['mpiexec'] = '/opt/deps/bin (build-deps.sh)'
        }
        $commands
    }

    $entry = Join-Path $script:Dockerfiles 'entrypoint'
    $script:EntrypointScripts = @(Join-Path $entry 'geoschem-entrypoint.sh') + @(Get-ChildItem (Join-Path $entry 'lib') -Filter *.sh | Where-Object Name -ne 'multinode.sh' | ForEach-Object FullName)
    $script:MultinodeScript = Join-Path $entry 'lib/multinode.sh'
    # The external commands those scripts run (functions defined anywhere in the entrypoint are not commands).
    $script:EntrypointFunctions = @(Get-ChildItem $entry -Recurse -Filter *.sh | Select-String -Pattern '^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\)' | ForEach-Object { $_.Matches[0].Groups[1].Value })
    function Get-CalledCommands([string[]] $Files) { @(& bash (Join-Path $script:Contract 'list-commands.sh') @Files | Where-Object { $_ -notin $script:EntrypointFunctions }) }
}

Describe 'Dockerfile <Model>: its RUN steps, natively in order' -ForEach $script:Models {
    BeforeAll {
        $script:Steps = @(& (Join-Path $script:Contract 'Invoke-DockerfileSteps.ps1') -Dockerfile (Join-Path $script:Dockerfiles "$Dir/Dockerfile") -Work (Join-Path $TestDrive 'steps'))
    }

    It 'copies every script (and what it sources) into the stage before the step that runs it, and no step fails' {
        $script:Steps.Script | Should -Contain 'build-geoschem.sh'
        $script:Steps | Where-Object Status -eq 'Failed' | ForEach-Object { "$($_.Stage) $($_.Script): $($_.Detail)" } | Should -BeNullOrEmpty
    }

    It 'says why each step it cannot run here is skipped' {
        $script:Steps | Where-Object { $_.Status -eq 'Skipped' -and -not $_.Detail } | Should -BeNullOrEmpty
        $script:Steps | ForEach-Object { Write-Host "    $Model $($_.Stage)/$($_.Script): $($_.Status) $(($_.Detail -split "`n")[-1])" }
    }

    It 'runs the build and collect steps natively on the GEOS-Chem built here' {
        if ($Model -ne 'GCClassic') { Set-ItResult -Skipped -Because 'GCHP needs ESMF and an MPI that build-deps.sh makes only on Rocky Linux'; return }
        if (-not $env:GC_GCCLASSIC_DIR) { Set-ItResult -Skipped -Because 'GC_GCCLASSIC_DIR is not set: run ./build.ps1 -Task GeosChem first (build.ps1 -Task Test sets it when the build exists)'; return }
        ($script:Steps | Where-Object Script -eq 'build-geoschem.sh').Status | Should -Be 'Ran'
        $collect = $script:Steps | Where-Object Script -eq 'collect-runtime.sh'
        $collect.Status | Should -Be 'Ran' -Because $collect.Detail
        $collect.Detail | Should -Match 'every library of 3 executables resolves'
    }
}

Describe 'Runtime stage <Model>' -ForEach $script:Models {
    BeforeAll { $script:Commands = Get-RuntimeCommands $Model }

    It 'has every command the entrypoint runs' {
        $called = Get-CalledCommands $script:EntrypointScripts
        $called | Should -Contain 'aws' -Because 'the command list must come from the real entrypoint'
        $called | Where-Object { -not $script:Commands.ContainsKey($_) } | Should -BeNullOrEmpty
    }

    It 'has the executables the entrypoint starts for each simulation' {
        $text = ($script:EntrypointScripts | ForEach-Object { Get-Content $_ -Raw }) -join "`n"
        $prefix = if ($Model -eq 'GCHP') { 'gchp' } else { 'gcclassic' }
        $named = @([regex]::Matches($text, "\b$prefix(-[a-z]+)?\b") | ForEach-Object Value | Sort-Object -Unique)
        $named | Should -Not -BeNullOrEmpty
        $named | Where-Object { -not $script:Commands.ContainsKey($_) } | Should -BeNullOrEmpty
    }

    It 'runs the entrypoint and the libraries it sources from where the Dockerfile puts them' {
        $dockerfile = Get-Content (Join-Path $script:Dockerfiles "$Dir/Dockerfile") -Raw
        $dockerfile | Should -Match 'COPY entrypoint/ /usr/local/lib/geoschem-entrypoint/'
        $dockerfile | Should -Match 'ENTRYPOINT \["/usr/local/lib/geoschem-entrypoint/geoschem-entrypoint.sh"\]'
        $sourced = [regex]::Matches((Get-Content (Join-Path $script:Dockerfiles 'entrypoint/geoschem-entrypoint.sh') -Raw), 'lib/([a-z-]+\.sh)') | ForEach-Object { $_.Groups[1].Value }
        $sourced | Should -Not -BeNullOrEmpty
        $sourced | Where-Object { -not (Test-Path (Join-Path $script:Dockerfiles "entrypoint/lib/$_")) } | Should -BeNullOrEmpty
    }
}

Describe 'GCHP runtime: multi-node launcher' {
    It 'has mpirun from the MPI it was built with, and the SSH server, client and key tool the nodes meet with' {
        $commands = Get-RuntimeCommands 'GCHP'
        foreach ($needed in 'mpirun', '/usr/sbin/sshd', 'ssh', 'ssh-keygen') { $commands.ContainsKey($needed) | Should -BeTrue -Because "$needed launches GCHP across Batch nodes" }
        Get-CalledCommands @($script:MultinodeScript) | Where-Object { -not $commands.ContainsKey($_) } | Should -BeNullOrEmpty
    }

    It 'is not what GCClassic carries (it has no MPI)' {
        $commands = Get-RuntimeCommands 'GCClassic'
        $commands.ContainsKey('mpirun') | Should -BeFalse
        $commands.ContainsKey('/usr/sbin/sshd') | Should -BeFalse
    }
}

Describe 'Intel variants' {
    It 'are offered only if the runtime ships the Intel MPI runtime (it does not, so there are none)' {
        $variants = (Get-Content (Join-Path $script:Dockerfiles 'variants.json') -Raw | ConvertFrom-Json).variants
        $intel = @($variants | Where-Object { $_.compiler -like 'intel*' -or $_.mpi -eq 'intelmpi' })
        $shipsIntelMpi = @(Get-RuntimePackages 'GCHP') -match '^intel-oneapi-mpi' -and (Get-Content (Join-Path $script:Dockerfiles 'gchp/Dockerfile') -Raw) -match 'I_MPI_'
        $intel | Where-Object { -not $shipsIntelMpi } | ForEach-Object { "$($_.model) $($_.compiler) $($_.mpi) $($_.architecture)" } |
            Should -BeNullOrEmpty -Because 'an Intel variant needs the Intel MPI runtime (intel-oneapi-mpi) in the GCHP runtime stage'
        $variants.Count | Should -BeGreaterThan 0
    }
}

Describe 'Downloads fail closed' {
    BeforeAll {
        $script:Copy = Join-Path $TestDrive 'scripts'
        Copy-Item $script:Scripts $script:Copy -Recurse
        $script:Offline = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'offline')
        function Invoke-Fetch([string] $Name, [string] $Version) {
            $target = Join-Path $TestDrive "fetched-$Name"
            $out = & bash -c 'source "$1/fetch-pinned.sh" && GC_OFFLINE_SOURCES="$2" fetch_pinned "$3" "$4" "$5"' _ $script:Copy $script:Offline $Name $Version $target 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out -join "`n"); Exists = Test-Path $target }
        }
    }

    It 'refuses a name and version that has no pin' {
        $r = Invoke-Fetch 'zlib' '1.3.1'
        ($r.ExitCode, $r.Exists) | Should -Be @(3, $false)
        $r.Output | Should -Match 'not in pinned-downloads.tsv'
    }

    It 'checks the AWS CLI before anything is installed' {
        $install = Get-Content (Join-Path $script:Scripts 'install-runtime.sh')
        ($install | Select-String -Pattern '^fetch_pinned awscli').LineNumber | Should -BeLessThan ($install | Select-String -Pattern 'dnf -y install' | Select-Object -First 1).LineNumber
    }

    It 'rejects and removes an archive whose SHA-256 is not the pinned one' {
        Set-Content (Join-Path $script:Offline 'hdf5-1.14.3.tar.gz') 'not the HDF Group archive'
        $r = Invoke-Fetch 'hdf5' '1.14.3'
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
        $r.Output | Should -Match 'does not match its pinned SHA-256 09cdb287'
    }

    It 'accepts an archive that matches its pin' {
        $archive = Join-Path $script:Offline 'udunits-2.2.28.tar.gz'
        Set-Content $archive 'stand-in archive whose pin this test writes'
        $sha = (Get-FileHash $archive -Algorithm SHA256).Hash.ToLowerInvariant()
        $pins = Join-Path $script:Copy 'pinned-downloads.tsv'
        (Get-Content $pins) -replace '^(udunits\t2\.2\.28\t)sha256:[0-9a-f]{64}', "`${1}sha256:$sha" | Set-Content $pins
        $r = Invoke-Fetch 'udunits' '2.2.28'
        ($r.ExitCode, $r.Exists) | Should -Be @(0, $true)
    }

    It 'lets only the known incomplete 14.7.0 snapshot lack files, and only the two APM/RRTMG sources' {
        $tree = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'GCClassic-x/src/GEOS-Chem')
        $archive = Join-Path $TestDrive 'GCClassic-x.tar.gz'
        & tar -czf $archive -C $TestDrive 'GCClassic-x'
        $env:GC_SOURCE = $archive; $env:GC_BUILD_ROOT = Join-Path $TestDrive 'b'; $env:GC_INSTALL_DIR = Join-Path $TestDrive 'i'; $env:GC_TOOLCHAIN_ENV = Join-Path $TestDrive 'none.env'
        try { $out = & bash (Join-Path $script:Scripts 'build-geoschem.sh') GCClassic 14.7.0 2>&1 }
        finally { Remove-Item env:GC_SOURCE, env:GC_BUILD_ROOT, env:GC_INSTALL_DIR, env:GC_TOOLCHAIN_ENV }
        $LASTEXITCODE | Should -Be 3
        ($out -join "`n") | Should -Match 'not the known 14.7.0 snapshot'
        $tree | Should -Exist
    }
}

Describe 'Signed downloads (the AWS CLI: a PGP signature, no published checksum)' {
    BeforeAll {
        $script:HasGpg = [bool](Get-Command gpg -ErrorAction SilentlyContinue)
        $script:Offline = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'offline')
        $script:ZipName = "awscli-exe-linux-$(& uname -m)-2.15.34.zip"
        $script:Zip = Join-Path $script:Offline $script:ZipName
        # Keys made here for the test (the AWS CLI Team's private key is AWS's): a publisher, an impostor, and a key that
        # expired in 2020 (made and used with gpg's faked clock).
        function New-TestKey([string] $Name, [string[]] $Clock = @()) {
            $homeDir = New-Item -ItemType Directory -Force (Join-Path $TestDrive "gpg-$Name")
            & chmod 700 $homeDir
            $expire = if ($Clock) { '2020-01-02' } else { 'never' }
            & gpg --homedir $homeDir --batch --passphrase '' @Clock --quick-gen-key "$Name (GeosChem.PowerShell test) <$Name@example.org>" ed25519 sign $expire 2>$null
            $fingerprint = (& gpg --homedir $homeDir --batch --with-colons --fingerprint 2>$null | Where-Object { $_ -like 'fpr:*' } | Select-Object -First 1).Split(':')[9]
            & gpg --homedir $homeDir --batch --armor --export $fingerprint 2>$null | Set-Content (Join-Path $TestDrive "$Name.asc")
            [pscustomobject]@{ Home = $homeDir.FullName; Fingerprint = $fingerprint; PublicKey = Join-Path $TestDrive "$Name.asc"; Clock = $Clock }
        }
        function Set-Signature($Key) {
            Remove-Item "$($script:Zip).sig" -ErrorAction SilentlyContinue
            & gpg --homedir $Key.Home --batch --pinentry-mode loopback --passphrase '' @($Key.Clock) --detach-sign --output "$($script:Zip).sig" $script:Zip 2>$null
        }
        # A copy of scripts/ whose awscli row pins $Key (and carries its public key), or the real one when $Key is $null.
        function New-ScriptsCopy([string] $Name, $Key, $KeyFile) {
            $copy = Join-Path $TestDrive "scripts-$Name"
            Copy-Item $script:Scripts $copy -Recurse
            if ($Key) {
                $pins = Join-Path $copy 'pinned-downloads.tsv'
                (Get-Content $pins) -replace '^(awscli\t2\.15\.34\t)pgp:[0-9A-F]{40}', "`${1}pgp:$($Key.Fingerprint)" | Set-Content $pins
                Copy-Item ($KeyFile ?? $Key.PublicKey) (Join-Path $copy 'keys/awscli.asc') -Force
            }
            $copy
        }
        function Invoke-SignedFetch([string] $Scripts) {
            $target = Join-Path $TestDrive 'fetched-awscli.zip'
            Remove-Item $target -ErrorAction SilentlyContinue
            $out = & bash -c 'source "$1/fetch-pinned.sh" && GC_OFFLINE_SOURCES="$2" fetch_pinned awscli 2.15.34 "$3"' _ $Scripts $script:Offline $target 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out -join "`n"); Exists = Test-Path $target }
        }
        if ($script:HasGpg) {
            $script:Publisher = New-TestKey 'publisher'
            $script:Impostor = New-TestKey 'impostor'
            $script:Expired = New-TestKey 'expired' @('--faked-system-time', '20200101T000000!')
            Set-Content $script:Zip 'stand-in for the AWS CLI installer archive'
        }
    }
    AfterAll {
        foreach ($key in @($script:Publisher, $script:Impostor, $script:Expired) | Where-Object { $_ }) { & gpgconf --homedir $key.Home --kill gpg-agent 2>$null }
    }

    It 'refuses, with the real row and AWS key, an archive that AWS did not sign' {
        if (-not $script:HasGpg) { Set-ItResult -Skipped -Because 'gpg is not installed (Debian: apt-get install gnupg)'; return }
        Set-Signature $script:Impostor
        $r = Invoke-SignedFetch (New-ScriptsCopy 'real' $null)
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
        $r.Output | Should -Match 'has no good signature by the pinned key FB5DB77FD5C118B80511ADA8A6310ACC4672475C \(ERRSIG\)'
    }

    It 'refuses an archive without its signature' {
        if (-not $script:HasGpg) { Set-ItResult -Skipped -Because 'gpg is not installed (Debian: apt-get install gnupg)'; return }
        Remove-Item "$($script:Zip).sig" -ErrorAction SilentlyContinue
        $r = Invoke-SignedFetch (New-ScriptsCopy 'nosig' $script:Publisher)
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
    }

    It 'accepts an archive with a good signature by the pinned key, and refuses it once altered' {
        if (-not $script:HasGpg) { Set-ItResult -Skipped -Because 'gpg is not installed (Debian: apt-get install gnupg)'; return }
        $copy = New-ScriptsCopy 'publisher' $script:Publisher
        Set-Signature $script:Publisher
        $r = Invoke-SignedFetch $copy
        ($r.ExitCode, $r.Exists) | Should -Be @(0, $true) -Because $r.Output
        Add-Content $script:Zip 'one more line'
        $r = Invoke-SignedFetch $copy
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
        $r.Output | Should -Match '\(BADSIG\)'
        Set-Content $script:Zip 'stand-in for the AWS CLI installer archive'
    }

    It 'refuses a signature by the pinned key once that key has expired' {
        if (-not $script:HasGpg) { Set-ItResult -Skipped -Because 'gpg is not installed (Debian: apt-get install gnupg)'; return }
        Set-Signature $script:Expired
        $r = Invoke-SignedFetch (New-ScriptsCopy 'expired' $script:Expired)
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
        $r.Output | Should -Match '\(EXPKEYSIG\)'
    }

    It 'refuses a key file that is not the pinned key, even when it made the signature' {
        if (-not $script:HasGpg) { Set-ItResult -Skipped -Because 'gpg is not installed (Debian: apt-get install gnupg)'; return }
        Set-Signature $script:Impostor
        $r = Invoke-SignedFetch (New-ScriptsCopy 'swapped' $script:Publisher $script:Impostor.PublicKey)
        ($r.ExitCode, $r.Exists) | Should -Be @(4, $false)
        $r.Output | Should -Match "is not the key with the pinned fingerprint $($script:Publisher.Fingerprint)"
    }
}

Describe 'Executables match the run directories of their release' {
    BeforeAll {
        $script:RunTree = Join-Path $script:Shared 'geos-chem-14.7.0/run/GCClassic'
        # createRunDir.sh in a copy of the release's layout (a fresh HOME with the non-interactive config the shared
        # README describes), answering its prompts on standard input.
        function New-RunDirectory([string] $RunTree, [string] $Answers, [string] $Name) {
            $home_ = New-Item -ItemType Directory -Force (Join-Path $TestDrive "home-$Name/.geoschem")
            $data = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'ExtData')
            Set-Content (Join-Path $home_ 'config') "export GC_DATA_ROOT=$data`nexport GC_USER_REGISTERED=true"
            $parent = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'rundirs')
            $answersText = ($Answers -f $parent, $Name)
            $log = & bash -c 'cd "$1" && printf "%b" "$2" | HOME="$3" bash ./createRunDir.sh 2>&1' _ $RunTree $answersText (Split-Path $home_)
            [pscustomobject]@{ Dir = Join-Path $parent $Name; Log = ($log -join "`n"); ExitCode = $LASTEXITCODE }
        }
        $script:Cases = @(
            @{ Simulation = 'fullchem'; Executable = 'gcclassic'; Answers = '1\n1\n1\n1\n1\n{0}\n{1}\nn\nn\n' }
            @{ Simulation = 'carbon'; Executable = 'gcclassic-carbon'; Answers = '3\n1\n1\n1\n1\n{0}\n{1}\nn\n' }
            @{ Simulation = 'Hg'; Executable = 'gcclassic-hg'; Answers = '4\n1\n1\n1\n{0}\n{1}\nn\n' }
        )
    }

    It 'builds each mechanism with the CMake options createRunDir.sh tells its run directories to use' {
        if (-not (Test-Path (Join-Path $script:RunTree 'createRunDir.sh'))) { Set-ItResult -Skipped -Because "../shared/geoschem (GEOS-Chem 14.7.0's run/ folder) is absent"; return }
        $built = Get-ImageExecutables 'GCClassic'
        foreach ($case in $script:Cases) {
            $made = New-RunDirectory $script:RunTree $case.Answers "gc_$($case.Simulation)"
            $made.ExitCode | Should -Be 0 -Because $made.Log
            $asked = if ($made.Log -match 'You must compile with options:\s*(.*?)\s*<<<<') { $Matches[1].Trim() } else { '-DMECH=fullchem' }
            ($built | Where-Object Name -eq $case.Executable).Options | Should -Be $asked -Because "the $($case.Simulation) run directory asks for: $asked"
        }
    }

    It 'installs createRunDir.sh where it still finds its science codebase and wrapper, and makes a run directory from there' {
        if (-not $env:GC_GCCLASSIC_DIR) { Set-ItResult -Skipped -Because 'GC_GCCLASSIC_DIR is not set: run ./build.ps1 -Task GeosChem first'; return }
        $installed = Join-Path (Split-Path $env:GC_GCCLASSIC_DIR) 'GCClassic/src/GEOS-Chem/run/GCClassic'
        (Get-Content (Join-Path (Split-Path $env:GC_GCCLASSIC_DIR) 'BUILD-INFO')) | Should -Contain 'create-run-directory: GCClassic/src/GEOS-Chem/run/GCClassic/createRunDir.sh'
        $made = New-RunDirectory $installed $script:Cases[2].Answers 'gc_hg_from_install'
        $made.ExitCode | Should -Be 0 -Because $made.Log
        Join-Path $made.Dir 'geoschem_config.yml' | Should -Exist
        Join-Path $made.Dir 'runScriptSamples' | Should -Exist
    }

    It 'runs gcclassic-hg --dryrun in a fresh Hg run directory, reading the FAST-JX inputs it was built for' {
        if (-not $env:GC_GCCLASSIC_DIR) { Set-ItResult -Skipped -Because 'GC_GCCLASSIC_DIR is not set: run ./build.ps1 -Task GeosChem first'; return }
        if (-not (Test-Path (Join-Path $script:RunTree 'createRunDir.sh'))) { Set-ItResult -Skipped -Because '../shared/geoschem is absent'; return }
        $made = New-RunDirectory $script:RunTree $script:Cases[2].Answers 'gc_hg_dryrun'
        Copy-Item (Join-Path $env:GC_GCCLASSIC_DIR 'gcclassic-hg') $made.Dir
        $out = & bash -c 'cd "$1" && timeout 300 ./gcclassic-hg --dryrun > log.dryrun 2>&1; echo $?' _ $made.Dir
        $log = Get-Content (Join-Path $made.Dir 'log.dryrun') -Raw
        $out | Should -Be '0' -Because (($log -split "`n" | Select-Object -Last 20) -join "`n")
        $log | Should -Match 'REQUIRED FILE NOT FOUND \S+/CHEM_INPUTS/FAST_JX/v2024-05-Hg/'
        $log | Should -Match 'E N D   O F   G E O S -- C H E M'
    }
}
