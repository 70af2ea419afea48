# Shared by every *.Tests.ps1: where the built module and emulator are, and helpers to drive them.
$script:ModulePath = $env:GC_TEST_MODULE
$script:EmulatorDll = $env:GC_TEST_EMULATOR
$script:DefaultKey = 'AKIAGCEMULATOR000001'
$script:DefaultSecret = 'gc-emulator-secret-key-not-for-aws'

function Start-TestEmulator {
    $urlFile = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-emu-$([Guid]::NewGuid().ToString('N')).url")
    $process = Start-Process dotnet -ArgumentList @($script:EmulatorDll, '--url-file', $urlFile, '--parent-pid', $PID) -PassThru `
        -RedirectStandardOutput ([IO.Path]::ChangeExtension($urlFile, '.log')) -RedirectStandardError ([IO.Path]::ChangeExtension($urlFile, '.err'))
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Test-Path $urlFile)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The emulator did not start: $(Get-Content ([IO.Path]::ChangeExtension($urlFile, '.err')) -Raw)" }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Url = (Get-Content $urlFile -Raw).Trim(); Process = $process }
}

function Stop-TestEmulator($Emulator) {
    if ($Emulator -and -not $Emulator.Process.HasExited) { $Emulator.Process.Kill(); $Emulator.Process.WaitForExit(5000) | Out-Null }
}

function Invoke-Emulator([string] $Path, [object] $Body = @{}, [string] $Method = 'POST') {
    $json = $Body | ConvertTo-Json -Depth 6 -Compress
    Invoke-RestMethod -Method $Method -Uri "$($script:Emulator.Url)/_emulator/$Path" -ContentType 'application/json' -Body $(if ($Method -eq 'GET') { $null } else { $json })
}

function Get-EmulatorCount([string] $Name) {
    $stats = Invoke-Emulator -Path 'stats' -Method GET
    $value = $stats.PSObject.Properties[$Name]
    if ($value) { [long] $value.Value } else { 0L }
}

# Points this session at the emulator the way a user would point it at AWS: environment variables only.
function Use-EmulatorEnvironment($Emulator) {
    $testHome = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-pester-home-$PID")
    $null = New-Item -ItemType Directory -Force $testHome
    $env:HOME = $testHome
    $env:AWS_CONFIG_FILE = [IO.Path]::Combine($testHome, 'config')
    $env:AWS_SHARED_CREDENTIALS_FILE = [IO.Path]::Combine($testHome, 'credentials')
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ACCESS_KEY_ID = $script:DefaultKey
    $env:AWS_SECRET_ACCESS_KEY = $script:DefaultSecret
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_ENDPOINT_URL = $Emulator.Url
    Remove-Item Env:AWS_PROFILE, Env:AWS_SESSION_TOKEN, Env:AWS_DEFAULT_REGION, Env:AWS_MAX_ATTEMPTS -ErrorAction SilentlyContinue
}

# Runs a script in a new pwsh process (a fresh AppDomain), returning its output lines.
function Invoke-FreshPwsh([string] $Script, [hashtable] $Environment = @{}) {
    $file = [IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-fresh-$([Guid]::NewGuid().ToString('N')).ps1")
    Set-Content -Path $file -Value $Script
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $host_ = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        # Under 'dotnet pwsh' (the pinned tool) the process is the dotnet host running pwsh.dll.
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { [IO.Path]::Combine($PSHOME, 'pwsh.dll') })
        & $host_ @prefix -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

function Complete([string] $InputScript) {
    [System.Management.Automation.CommandCompletion]::CompleteInput($InputScript, $InputScript.Length, $null).CompletionMatches
}
