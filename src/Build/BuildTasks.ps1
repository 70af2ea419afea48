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

function Invoke-DotNet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
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
