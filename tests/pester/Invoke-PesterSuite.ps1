# Runs the Pester suite in this (fresh) pwsh and writes NUnit XML results. Called by build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $ResultsFile,
    [Parameter(Mandatory)] [string[]] $Path
)
$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
$env:GC_TEST_MODULE = $ModulePath
$env:GC_TEST_EMULATOR = $EmulatorPath
$env:GC_TEST_TOOLS = [IO.Path]::GetDirectoryName([IO.Path]::GetDirectoryName([IO.Path]::GetDirectoryName([IO.Path]::GetDirectoryName($PesterPath))))
Import-Module $PesterPath -Force
Write-Host "pwsh $($PSVersionTable.PSVersion); Pester $((Get-Module Pester).Version)"

$config = New-PesterConfiguration
$config.Run.Path = @($Path | ForEach-Object { $_ -split ',' }) # a list arrives as one string under -File
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $ResultsFile
Invoke-Pester -Configuration $config
