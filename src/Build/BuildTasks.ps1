# Task functions for build.ps1. Plain functions, no build framework: nothing beyond the .NET SDK is needed.

$script:Results = [ordered]@{}

function Get-BuildPaths([string] $Root) {
    $manifest = Import-PowerShellDataFile ([IO.Path]::Combine($Root, 'module', 'GeosChem.PowerShell.psd1'))
    $version = $manifest.ModuleVersion
    $output = [IO.Path]::Combine($Root, 'output')
    [pscustomobject]@{
        Root          = $Root
        Version       = $version
        Output        = $output
        ModuleBase    = [IO.Path]::Combine($output, 'GeosChem.PowerShell')
        ModuleDir     = [IO.Path]::Combine($output, 'GeosChem.PowerShell', $version)
        BinDir        = [IO.Path]::Combine($output, 'GeosChem.PowerShell', $version, 'bin', 'net8.0')
        EmulatorDir   = [IO.Path]::Combine($output, 'emulator')
        TestResults   = [IO.Path]::Combine($output, 'test-results')
        Tools         = [IO.Path]::Combine($output, 'tools')
        PackageDir    = [IO.Path]::Combine($output, 'package')
    }
}

# A simple function on purpose: its arguments (-o, -c, ...) pass through to dotnet untouched.
function Invoke-DotNet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Clean($Paths) {
    if (Test-Path $Paths.Output) { Remove-Item $Paths.Output -Recurse -Force }
    Invoke-DotNet clean ([IO.Path]::Combine($Paths.Root, 'GeosChem.PowerShell.sln')) --nologo -v q
}

function Invoke-Build($Paths, [string] $Configuration) {
    if (Test-Path $Paths.ModuleDir) { Remove-Item $Paths.ModuleDir -Recurse -Force }
    $project = [IO.Path]::Combine($Paths.Root, 'src', 'GeosChem.PowerShell', 'GeosChem.PowerShell.csproj')
    Invoke-DotNet publish $project -c $Configuration -f net8.0 "-p:Version=$($Paths.Version)" -o $Paths.BinDir --nologo -v q
    Copy-Item ([IO.Path]::Combine($Paths.Root, 'module', '*')) $Paths.ModuleDir -Recurse -Force
    $emulator = [IO.Path]::Combine($Paths.Root, 'tests', 'GeosChem.AwsEmulator', 'GeosChem.AwsEmulator.csproj')
    Invoke-DotNet publish $emulator -c $Configuration -o $Paths.EmulatorDir --nologo -v q
    Invoke-Docs $Paths $Configuration
    Write-Host "Module: $($Paths.ModuleDir)"
}

function Invoke-Docs($Paths, [string] $Configuration) {
    $helpGen = [IO.Path]::Combine($Paths.Root, 'src', 'GeosChem.PowerShell.HelpGen', 'GeosChem.PowerShell.HelpGen.csproj')
    $docs = [IO.Path]::Combine($Paths.Root, 'docs', 'en-US')
    $target = [IO.Path]::Combine($Paths.ModuleDir, 'en-US')
    Invoke-DotNet run --project $helpGen -c $Configuration -- $docs $target
}

function Add-Result([string] $Suite, [int] $Passed, [int] $Failed, [int] $Skipped) {
    $script:Results[$Suite] = [pscustomobject]@{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped }
}

function Invoke-UnitTests($Paths, [string] $Configuration) {
    Set-GeosChemTestEnvironment $Paths
    $resultsDir = [IO.Path]::Combine($Paths.TestResults, 'xunit')
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    $project = [IO.Path]::Combine($Paths.Root, 'tests', 'GeosChem.PowerShell.Tests', 'GeosChem.PowerShell.Tests.csproj')
    & dotnet test $project -c $Configuration --nologo --logger 'trx;LogFileName=xunit.trx' --results-directory $resultsDir | Out-Host
    $trx = [IO.Path]::Combine($resultsDir, 'xunit.trx')
    if (-not (Test-Path $trx)) {
        Add-Result 'xUnit' 0 1 0
        Write-Warning 'xUnit produced no results file: the test project did not build or run.'
        return
    }
    [xml] $doc = Get-Content $trx -Raw
    $counters = $doc.TestRun.ResultSummary.Counters
    $skipped = [int] $counters.notExecuted
    Add-Result 'xUnit' ([int] $counters.passed) ([int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted) $skipped
}

function Install-Pester($Paths) {
    $pester = [IO.Path]::Combine($Paths.Tools, 'pester', '5.9.1', 'tools', 'Pester.psd1')
    if (-not (Test-Path $pester)) {
        $restore = [IO.Path]::Combine($Paths.Root, 'tests', 'pester', 'tools', 'PesterRestore.csproj')
        Invoke-DotNet restore $restore --packages ([IO.Path]::Combine($Paths.Tools)) --nologo -v q
    }
    if (-not (Test-Path $pester)) { throw "Pester was not restored to $pester." }
    $pester
}

function Invoke-PesterTests($Paths, [string[]] $Only) {
    Set-GeosChemTestEnvironment $Paths
    $pester = Install-Pester $Paths
    $resultsFile = [IO.Path]::Combine($Paths.TestResults, 'pester.xml')
    $null = New-Item -ItemType Directory -Force $Paths.TestResults
    if (Test-Path $resultsFile) { Remove-Item $resultsFile }
    $runner = [IO.Path]::Combine($Paths.Root, 'tests', 'pester', 'Invoke-PesterSuite.ps1')
    $targets = if ($Only) { $Only } else { @([IO.Path]::Combine($Paths.Root, 'tests', 'pester')) }
    # A fresh pwsh: an AssemblyLoadContext is never unloaded, and the tests must see the module as a user would.
    & dotnet pwsh -NoProfile -NonInteractive -File $runner -PesterPath $pester -ModulePath $Paths.ModuleBase `
        -EmulatorPath ([IO.Path]::Combine($Paths.EmulatorDir, 'GeosChem.AwsEmulator.dll')) -ResultsFile $resultsFile -Path ($targets -join ',') | Out-Host
    if (-not (Test-Path $resultsFile)) {
        Add-Result 'Pester' 0 1 0
        Write-Warning 'Pester produced no results file.'
        return
    }
    [xml] $doc = Get-Content $resultsFile -Raw
    $run = $doc.'test-results'
    $failed = [int] $run.failures + [int] $run.errors
    $skipped = [int] $run.skipped + [int] $run.ignored + [int] $run.'not-run' + [int] $run.inconclusive
    Add-Result 'Pester' ([int] $run.total - $failed - $skipped) $failed $skipped
}

function Exit-WithResults {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($suite in $script:Results.Keys) {
        $r = $script:Results[$suite]
        Write-Host ("{0,-8} {1} passed, {2} failed, {3} skipped" -f $suite, $r.Passed, $r.Failed, $r.Skipped)
        $passed += $r.Passed; $failed += $r.Failed; $skipped += $r.Skipped
    }
    if ($script:Results.Count -eq 0) { $failed = 1 }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    exit ([int]($failed -gt 0))
}

function Invoke-Package($Paths) {
    # The .nupkg a user would install from a gallery, made with PSResourceGet (shipped with pwsh) into a folder repository.
    if (Test-Path $Paths.PackageDir) { Remove-Item $Paths.PackageDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Force $Paths.PackageDir
    $repository = "GcBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $Paths.PackageDir -Trusted
    try {
        Publish-PSResource -Path $Paths.ModuleDir -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    Get-ChildItem $Paths.PackageDir -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Invoke-Demo($Paths) {
    $script = [IO.Path]::Combine($Paths.Root, 'src', 'Build', 'Demo.ps1')
    & dotnet pwsh -NoProfile -File $script -ModulePath $Paths.ModuleBase -EmulatorPath ([IO.Path]::Combine($Paths.EmulatorDir, 'GeosChem.AwsEmulator.dll'))
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Bench($Paths) {
    Write-Host "`n# Runtime model accuracy"
    Invoke-DotNet run --project ([IO.Path]::Combine($Paths.Root, 'src', 'GeosChem.PowerShell.Bench')) -c Release
    Write-Host "`n# Module start-up and cmdlet latency"
    $script = [IO.Path]::Combine($Paths.Root, 'src', 'Build', 'Bench.ps1')
    $readyToRun = Publish-ReadyToRunPwsh $Paths
    & dotnet pwsh -NoProfile -File $script -ModulePath $Paths.ModuleBase -EmulatorPath ([IO.Path]::Combine($Paths.EmulatorDir, 'GeosChem.AwsEmulator.dll')) -ReadyToRunPwsh $readyToRun
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}

# The version Directory.Packages.props pins for a package (central package management).
function Get-PinnedPackageVersion([string] $Root, [string] $Package) {
    ([xml] (Get-Content ([IO.Path]::Combine($Root, 'Directory.Packages.props')) -Raw)).Project.ItemGroup.PackageVersion |
        Where-Object Include -EQ $Package | Select-Object -ExpandProperty Version
}

# pwsh as its release packages ship it (ReadyToRun), made from the same PowerShell version as the dotnet tool that runs
# this build, with the tool's own Modules folder (the SDK package carries no built-in module manifests). Returns pwsh.dll.
function Publish-ReadyToRunPwsh($Paths) {
    $project = [IO.Path]::Combine($Paths.Root, 'src', 'GeosChem.PowerShell.BenchHost', 'GeosChem.PowerShell.BenchHost.csproj')
    $pinned = Get-PinnedPackageVersion $Paths.Root 'Microsoft.PowerShell.SDK'
    if ($pinned -ne $PSVersionTable.PSVersion.ToString()) {
        throw "The ReadyToRun pwsh would be PowerShell $pinned but the dotnet tool is $($PSVersionTable.PSVersion): set Microsoft.PowerShell.SDK in Directory.Packages.props to the tool's version."
    }
    $target = [IO.Path]::Combine($Paths.Output, 'bench-pwsh')
    Invoke-DotNet publish $project -c Release -o $target --nologo -v q
    Copy-Item ([IO.Path]::Combine($PSHOME, 'Modules')) $target -Recurse -Force
    [IO.Path]::Combine($target, 'pwsh.dll')
}

# GEOS-Chem Classic compiled natively with the image's own dockerfiles/scripts/build-geoschem.sh (offline mode: the
# release source from a folder or archive, Debian's gfortran and netCDF instead of the image's toolchain), into a cache
# outside the repository keyed by everything that changes the result. Tests find the executables through GC_GCCLASSIC_DIR.
function Get-GeosChemBuild($Paths) {
    $source = if ($env:GC_GEOSCHEM_SOURCE) { $env:GC_GEOSCHEM_SOURCE } else { [IO.Path]::GetFullPath([IO.Path]::Combine($Paths.Root, '..', 'shared', 'geoschem', 'src', 'GCClassic-14.7.0.tar.gz')) }
    $cacheRoot = if ($env:GC_GEOSCHEM_CACHE) { $env:GC_GEOSCHEM_CACHE } else { [IO.Path]::Combine($HOME, '.cache', 'geoschem-powershell', 'geoschem') }
    $script = [IO.Path]::Combine($Paths.Root, 'dockerfiles', 'scripts', 'build-geoschem.sh')
    $variants = Get-Content ([IO.Path]::Combine($Paths.Root, 'dockerfiles', 'variants.json')) -Raw | ConvertFrom-Json
    $arch = if ([Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'arm64' } else { 'x86_64' }
    $march = "-march=$($variants.architectures.$arch.march)"
    $mechanisms = 'fullchem carbon Hg'
    $build = [pscustomobject]@{ Source = $source; Script = $script; March = $march; Mechanisms = $mechanisms; Key = $null; Dir = $null; BinDir = $null; Ready = $false }
    if (-not (Test-Path $source -PathType Leaf) -or -not (Get-Command gfortran -ErrorAction SilentlyContinue)) { return $build }
    $compiler = (& gfortran --version | Select-Object -First 1)
    $netcdf = if (Get-Command nf-config -ErrorAction SilentlyContinue) { & nf-config --version } else { 'no nf-config' }
    # The key: the source, what the script builds each executable with (not its text: a comment must not cost a
    # rebuild), the compiler and the netCDF-Fortran it links.
    $env:GC_DESCRIBE = '1'; $env:GC_MARCH_FLAGS = $march; $env:GC_MECHANISMS = $mechanisms
    try { $options = & bash $script GCClassic 14.7.0 }
    finally { Remove-Item env:GC_DESCRIBE, env:GC_MARCH_FLAGS, env:GC_MECHANISMS -ErrorAction SilentlyContinue }
    $parts = @("source $((Get-FileHash $source -Algorithm SHA256).Hash)") + $options + @("compiler $compiler", "netcdf-fortran $netcdf")
    $sha = [Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($parts -join "`n"))
    $build.Key = [Convert]::ToHexString($sha).Substring(0, 16).ToLowerInvariant()
    $build.Dir = [IO.Path]::Combine($cacheRoot, $build.Key)
    $build.BinDir = [IO.Path]::Combine($build.Dir, 'bin')
    $missing = @('gcclassic', 'gcclassic-carbon', 'gcclassic-hg') | Where-Object { -not (Test-Path ([IO.Path]::Combine($build.BinDir, $_))) }
    $build.Ready = @($missing).Count -eq 0
    $build
}

function Invoke-GeosChemBuild($Paths) {
    $build = Get-GeosChemBuild $Paths
    if (-not (Test-Path $build.Source -PathType Leaf)) { throw "No GEOS-Chem source archive at $($build.Source) (set GC_GEOSCHEM_SOURCE; CI has ../shared/geoschem)." }
    foreach ($tool in 'gfortran', 'cmake', 'make', 'nf-config') {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is missing. Debian: apt-get install gfortran cmake make libnetcdff-dev libnetcdf-dev (.ci/run installs them)." }
    }
    if ($build.Ready) {
        Write-Host "GEOS-Chem $($build.Mechanisms) already built for this source and these options: $($build.BinDir)"
        return $build
    }
    # An interrupted build of the same key resumes in its .partial folder (make is incremental).
    $partial = "$($build.Dir).partial"
    $null = New-Item -ItemType Directory -Force $partial
    Write-Host "Building GEOS-Chem Classic ($($build.Mechanisms)) natively with dockerfiles/scripts/build-geoschem.sh into $($build.Dir)"
    $env:GC_SOURCE = $build.Source
    $env:GC_INSTALL_DIR = $partial
    $env:GC_BUILD_ROOT = [IO.Path]::Combine($partial, 'work')
    $env:GC_MARCH_FLAGS = $build.March
    $env:GC_MECHANISMS = $build.Mechanisms
    $env:GC_TOOLCHAIN_ENV = [IO.Path]::Combine($partial, 'no-image-toolchain.env')
    # A copy runs: bash reads a script as it goes, so an edit during the build must not reach the running one.
    $copy = [IO.Path]::Combine($partial, 'build-geoschem.sh')
    Copy-Item $build.Script $copy
    try {
        & bash $copy GCClassic 14.7.0 | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "build-geoschem.sh failed with exit code $LASTEXITCODE (logs in $($env:GC_BUILD_ROOT))." }
    }
    finally {
        foreach ($name in 'GC_SOURCE', 'GC_INSTALL_DIR', 'GC_BUILD_ROOT', 'GC_MARCH_FLAGS', 'GC_MECHANISMS', 'GC_TOOLCHAIN_ENV') { Remove-Item "env:$name" -ErrorAction SilentlyContinue }
    }
    $logs = New-Item -ItemType Directory -Force ([IO.Path]::Combine($partial, 'logs'))
    Move-Item ([IO.Path]::Combine($partial, 'work', '*.log')) $logs
    Remove-Item ([IO.Path]::Combine($partial, 'work')), $copy -Recurse -Force
    if (Test-Path $build.Dir) { Remove-Item $build.Dir -Recurse -Force }
    Move-Item $partial $build.Dir
    Get-GeosChemBuild $Paths
}

# Tests use the real model when it has been built (they skip, saying so, when GC_GCCLASSIC_DIR is unset).
function Set-GeosChemTestEnvironment($Paths) {
    if ($env:GC_GCCLASSIC_DIR) { return }
    $build = Get-GeosChemBuild $Paths
    if ($build.Ready) {
        $env:GC_GCCLASSIC_DIR = $build.BinDir
        Write-Host "Tests use the GEOS-Chem executables in $($build.BinDir)"
    }
    else {
        Write-Host 'No GEOS-Chem build in the cache (./build.ps1 -Task GeosChem): tests that run the real model will skip.'
    }
}
