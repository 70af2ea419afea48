<#
.SYNOPSIS
    Runs a Dockerfile's RUN-step scripts natively, in the Dockerfile's order, where this machine's toolchain matches,
    and says for every other step why it cannot run here.
.DESCRIPTION
    Without a container engine this is as close to building the image as this machine gets. Each RUN step's scripts
    (/usr/local/sbin/<script>.sh, COPY'd from dockerfiles/scripts) are checked to be copied into the stage before the
    step, then:
      install-toolchain.sh, install-cmake.sh, build-deps.sh, install-runtime.sh
          need Rocky Linux 9's dnf and the pinned source archives: skipped with that reason (unless on Rocky 9).
      build-geoschem.sh
          GCClassic: run natively in offline mode by `./build.ps1 -Task GeosChem` (a 15-minute compile: not repeated
          here). The step counts as run when the cached build (GC_GCCLASSIC_DIR) was made by this script with the
          options it uses in the image (GC_DESCRIBE), and its executables are copied into the step's install folder.
          GCHP: skipped (needs ESMF and an MPI built by build-deps.sh).
      collect-runtime.sh
          run natively on that install folder: every library of every executable must resolve.
    Returns one object per script step: Stage, Script, Arguments, Status (Ran, Skipped, Failed), Detail.
#>
param(
    [Parameter(Mandatory)] [string] $Dockerfile,
    [string] $Work = (Join-Path ([IO.Path]::GetTempPath()) "gc-steps-$PID")
)
$ErrorActionPreference = 'Stop'
$dockerfiles = Split-Path (Split-Path $Dockerfile)
$scripts = Join-Path $dockerfiles 'scripts'
$model = if ((Split-Path (Split-Path $Dockerfile) -Leaf) -eq 'gchp') { 'GCHP' } else { 'GCClassic' }
$install = Join-Path $Work 'opt-geoschem'
$deps = Join-Path $Work 'opt-deps'
$null = New-Item -ItemType Directory -Force $install, $deps
$onRocky = (Test-Path /etc/rocky-release) -and [bool](Get-Command dnf -ErrorAction SilentlyContinue)

# Joined continuation lines, then stages with what each COPY brings in and each RUN runs.
$lines = (Get-Content $Dockerfile -Raw) -replace '\\\r?\n', ' ' -split '\r?\n'
$stages = [ordered]@{}
$stage = $null
$steps = foreach ($line in $lines) {
    if ($line -match '^FROM\s+(\S+)\s+AS\s+(\S+)') {
        $parent = $stages[$Matches[1]]
        $stage = [pscustomobject]@{ Name = $Matches[2]; Copied = [Collections.Generic.HashSet[string]]::new([string[]]@(if ($parent) { $parent.Copied })) }
        $stages[$stage.Name] = $stage
        continue
    }
    if ($line -match '^COPY\s+(?!--from)(.+)$') {
        $words = $Matches[1].Trim() -split '\s+'
        foreach ($source in $words[0..($words.Count - 2)]) { $null = $stage.Copied.Add((Split-Path $source -Leaf)) }
        continue
    }
    if ($line -match '^RUN\s+(.+)$') {
        foreach ($command in $Matches[1] -split '&&') {
            if ($command.Trim() -match '^/usr/local/sbin/(\S+)\s*(.*)$') {
                [pscustomobject]@{ Stage = $stage.Name; Script = $Matches[1]; Arguments = $Matches[2]; CopiedBefore = $stage.Copied.Contains($Matches[1]); Needs = @() }
            }
        }
    }
}

function Get-SourcedFiles([string] $Script) {
    # What a script reads from its own folder: fetch-pinned.sh (sourced) and pinned-downloads.tsv.
    $text = Get-Content (Join-Path $scripts $Script) -Raw
    @(if ($text -match 'fetch-pinned\.sh') { 'fetch-pinned.sh'; 'pinned-downloads.tsv' }
      if ($text -match 'pinned-downloads\.tsv') { 'pinned-downloads.tsv' }) | Sort-Object -Unique
}

foreach ($step in $steps) {
    $result = [pscustomobject]@{ Stage = $step.Stage; Script = $step.Script; Arguments = $step.Arguments; Status = 'Skipped'; Detail = '' }
    $missing = @(@($step.Script) + (Get-SourcedFiles $step.Script) | Where-Object { -not $stages[$step.Stage].Copied.Contains($_) })
    if ($missing) {
        $result.Status = 'Failed'
        $result.Detail = "not copied into stage $($step.Stage) before it runs: $($missing -join ', ')"
        $result
        continue
    }
    switch ($step.Script) {
        'build-geoschem.sh' {
            if ($model -ne 'GCClassic') { $result.Detail = 'GCHP needs ESMF and an MPI built by build-deps.sh: not built here'; break }
            if (-not $env:GC_GCCLASSIC_DIR) { $result.Detail = 'no native build (./build.ps1 -Task GeosChem sets GC_GCCLASSIC_DIR)'; break }
            $info = Get-Content (Join-Path (Split-Path $env:GC_GCCLASSIC_DIR) 'BUILD-INFO')
            $env:GC_DESCRIBE = '1'
            try { $options = & bash (Join-Path $scripts 'build-geoschem.sh') GCClassic 14.7.0 | Where-Object { $_ -match '^gcclassic' } }
            finally { Remove-Item env:GC_DESCRIBE }
            $differ = foreach ($option in $options) {
                $name, $cmake = $option -split ': ', 2
                $built = $info | Where-Object { $_ -like "${name}: cmake *" }
                if (-not $built -or ($built -split ' \| ')[0] -ne "${name}: cmake $($cmake -replace '^-DCMAKE_BUILD_TYPE=Release ', '')") { $name }
            }
            if ($differ) { $result.Status = 'Failed'; $result.Detail = "the cached build was not made with the image's options for: $($differ -join ', ')"; break }
            Copy-Item (Join-Path $env:GC_GCCLASSIC_DIR '*') (New-Item -ItemType Directory -Force (Join-Path $install 'bin'))
            $result.Status = 'Ran'
            $result.Detail = "natively by ./build.ps1 -Task GeosChem with the same options ($((Split-Path $env:GC_GCCLASSIC_DIR)))"
        }
        'collect-runtime.sh' {
            if (-not (Get-ChildItem (Join-Path $install 'bin') -ErrorAction SilentlyContinue)) { $result.Detail = 'nothing built to collect (the build step did not run here)'; break }
            $env:GC_INSTALL_DIR = $install; $env:GC_DEPS_PREFIX = $deps; $env:GC_TOOLCHAIN_ENV = Join-Path $Work 'no-toolchain.env'
            try { $out = & bash (Join-Path $scripts 'collect-runtime.sh') 2>&1 }
            finally { Remove-Item env:GC_INSTALL_DIR, env:GC_DEPS_PREFIX, env:GC_TOOLCHAIN_ENV }
            $result.Status = if ($LASTEXITCODE -eq 0) { 'Ran' } else { 'Failed' }
            $result.Detail = ($out -join "`n")
        }
        default {
            if ($onRocky) { $result.Detail = 'Rocky Linux here, but this runner does not install system packages on the machine it runs on' }
            else { $result.Detail = "needs Rocky Linux 9 (dnf, gcc-toolset) and, for downloads, the pinned archives; this machine is $((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace 'PRETTY_NAME=|"', '')" }
        }
    }
    $result
}
