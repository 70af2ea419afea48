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
    & dotnet pwsh -NoProfile -File $script -ModulePath $Paths.ModuleBase -EmulatorPath ([IO.Path]::Combine($Paths.EmulatorDir, 'GeosChem.AwsEmulator.dll'))
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}
