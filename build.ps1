#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, benchmarks, packages and demonstrates GeosChem.PowerShell.
.DESCRIPTION
    Run from a fresh clone with only the .NET 10 SDK: `dotnet tool restore`, then `dotnet pwsh ./build.ps1 -Task <Task>`.
    Tasks: Build, Docs, Test, UnitTest, PesterTest, Bench, Demo, Package, GeosChem, Clean.
    GeosChem compiles GEOS-Chem Classic (fullchem, carbon, Hg) natively with dockerfiles/scripts/build-geoschem.sh into
    a cache outside the repository (GC_GEOSCHEM_CACHE); the test tasks then run the real model (GC_GCCLASSIC_DIR).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'UnitTest', 'PesterTest', 'Bench', 'Demo', 'Package', 'GeosChem', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester test files or folders to run (default: all of tests/pester).
    [string[]] $PesterPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

. ([IO.Path]::Combine($PSScriptRoot, 'src', 'Build', 'BuildTasks.ps1'))

# Under 'pwsh -File' a list arrives as one comma-separated string.
$PesterPath = @($PesterPath | Where-Object { $_ } | ForEach-Object { $_ -split ',' } | ForEach-Object { [IO.Path]::GetFullPath($_) })

$paths = Get-BuildPaths -Root $PSScriptRoot
# Every task runs, in the order given; the test results are summed and decide the exit code only at the end,
# so `-Task UnitTest,Package` tests and then packages.
$ranTests = $false
foreach ($name in $Task) {
    Write-Host "==> $name" -ForegroundColor Cyan
    switch ($name) {
        'Clean' { Invoke-Clean $paths }
        'Build' { Invoke-Build $paths $Configuration }
        'Docs' { Invoke-Docs $paths $Configuration }
        'UnitTest' { Invoke-UnitTests $paths $Configuration; $ranTests = $true }
        'PesterTest' { Invoke-Build $paths $Configuration; Invoke-Package $paths; Invoke-PesterTests $paths $PesterPath; $ranTests = $true }
        'Test' {
            Invoke-Build $paths $Configuration
            Invoke-Package $paths
            Invoke-UnitTests $paths $Configuration
            Invoke-PesterTests $paths $PesterPath
            $ranTests = $true
        }
        'Bench' { Invoke-Build $paths $Configuration; Invoke-Bench $paths }
        'Demo' { Invoke-Build $paths $Configuration; Invoke-Demo $paths }
        'Package' { Invoke-Build $paths $Configuration; Invoke-Package $paths }
        'GeosChem' { $null = Invoke-GeosChemBuild $paths }
    }
}
if ($ranTests) { Exit-WithResults }
