BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Bad input and failures give clear ErrorRecords' {
    It 'rejects an unknown region with a suggestion' {
        { Get-GcQuota -Region us-eats-1 } | Should -Throw -ErrorId 'GcAwsRegionUnknown,*'
        try { Get-GcQuota -Region us-eats-1 } catch { $_.ErrorDetails.RecommendedAction | Should -Match "us-east-1" }
    }

    It 'says how to configure credentials when there are none' {
        $output = Invoke-FreshPwsh @"
Import-Module '$($script:ModulePath)'
try { Get-GcQuota -Region us-east-1 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.ErrorDetails.RecommendedAction }
"@ -Environment @{
            AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_PROFILE = $null
            HOME = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'empty-home')).FullName
            AWS_CONFIG_FILE = (Join-Path $TestDrive 'none-config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'none-credentials')
            AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONTAINER_CREDENTIALS_FULL_URI = $null; AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = $null
        }
        $output | Should -Contain 'GcAwsCredentialNotResolved,GeosChem.PowerShell.Commands.GetGcQuotaCommand'
        $output | Should -Contain 'AuthenticationError'
        ($output -join "`n") | Should -Match 'aws configure'
    }

    It 'names a profile that does not exist' {
        { Get-GcQuota -ProfileName nosuchprofile } | Should -Throw -ErrorId 'GcAwsProfileNotFound,*'
    }

    It 'fails within the retry budget on an unreachable endpoint and names it' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $env:AWS_MAX_ATTEMPTS = '3'
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $err = $null
            try { Get-GcQuota -EndpointUrl "http://127.0.0.1:$port" } catch { $err = $_ }
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        }
        finally { Remove-Item Env:AWS_MAX_ATTEMPTS }
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match "127\.0\.0\.1:$port"
        $err.Exception.Message | Should -Match '3 attempt'
    }

    It 'rejects a wrong secret as an authentication error' {
        { Get-GcQuota -AccessKey $script:DefaultKey -SecretKey 'wrong-secret' } | Should -Throw -ErrorId 'GcQuotaLookupFailed,*'
        try { Get-GcQuota -AccessKey $script:DefaultKey -SecretKey 'wrong-secret' } catch {
            $_.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $_.Exception.Message | Should -Match 'InvalidSignatureException'
        }
    }

    It 'names the missing IAM action on AccessDenied, and stops rather than repeating it' {
        Invoke-Emulator 'deny' @{ actions = @('servicequotas:GetServiceQuota') } | Out-Null
        $err = $null
        try { Get-GcQuota -QuotaCode L-1216C47A, L-34B43A08 } catch { $err = $_ }
        finally { Invoke-Emulator 'reset' | Out-Null }
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.FullyQualifiedErrorId | Should -BeLike 'GcQuotaLookupFailed,*'
        $err.ErrorDetails.RecommendedAction | Should -Match 'servicequotas:GetServiceQuota'
        $err.Exception.Message | Should -Match 'request id'
        $err.TargetObject | Should -Be 'L-1216C47A'
    }

    It 'rejects an -AccessKey given without -SecretKey' {
        { Get-GcQuota -AccessKey AKIAONLYKEY000000001 } | Should -Throw -ErrorId 'GcAwsCredentialIncomplete,*'
    }

    It 'rejects a malformed -EndpointUrl' {
        { Get-GcQuota -EndpointUrl 'localhost:4566' } | Should -Throw -ErrorId 'GcAwsEndpointInvalid,*'
    }
}

Describe 'Secrets never reach an output stream' {
    It 'keeps the secret key and session token out of verbose, debug and every other stream' {
        $secret = 'S3cr3t-Value-That-Must-Not-Leak-0123456789'
        $token = 'Sess10n-Token-That-Must-Not-Leak-9876543210'
        $secret = $script:DefaultSecret # the real one, so that the calls succeed and every stream has something to say
        Invoke-Emulator 'faults' @{ throttleRate = 0.5; seed = 3 } | Out-Null # retries write verbose messages too
        try {
            $everything = & {
                Get-GcQuota -All -AccessKey $script:DefaultKey -SecretKey $secret -SessionToken $token -Verbose -Debug
                Test-GcQuota c5.large -AccessKey $script:DefaultKey -SecretKey $secret -SessionToken $token -Verbose -Debug
                try { Get-GcQuota -Region eu-west-1 -AccessKey $script:DefaultKey -SecretKey 'a-wrong-secret' -SessionToken $token -Verbose -Debug }
                catch { $_; $_.Exception.Message; $_.ErrorDetails.RecommendedAction }
            } *>&1 | Out-String -Width 500
        }
        finally { Invoke-Emulator 'faults' @{} | Out-Null }
        $everything | Should -Match 'Credentials from parameters -AccessKey/-SecretKey'
        $everything | Should -Match 'retrying in'
        $everything | Should -Match 'InvalidSignatureException'
        $everything | Should -Not -Match ([regex]::Escape($secret))
        $everything | Should -Not -Match 'a-wrong-secret'
        $everything | Should -Not -Match ([regex]::Escape($token))
        $everything | Should -Not -Match ([regex]::Escape($script:DefaultKey))
    }

    It 'says at -Debug where credentials came from' {
        $debug = Get-GcQuota -QuotaCode L-1216C47A -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        ($debug.Message -join "`n") | Should -Match 'Service Quotas endpoint: http://127\.0\.0\.1'
        ($debug.Message -join "`n") | Should -Match 'environment variables AWS_ACCESS_KEY_ID'
    }
}

Describe 'Ctrl+C' {
    # The scenario runs in a child pwsh: should anything in it still end its process (an unhandled exception on a
    # thread-pool thread does that), this test fails with the child's output instead of taking every Pester result with it.
    # Import-Module runs as its own synchronous call, not as a first statement of the stopped invocation: PowerShell
    # runs the later statements of an asynchronous multi-statement invocation on thread-pool work items, and after a
    # stop they read $ErrorActionPreference from the runspace, which throws once Dispose has closed it.
    It 'stops an in-flight call promptly' {
        Invoke-Emulator 'faults' @{ latencyMs = 20000 } | Out-Null
        try {
            $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
function Get-Received { [long] (Invoke-RestMethod '$($script:Emulator.Url)/_emulator/stats').'received:GetServiceQuota' }
`$before = Get-Received
`$ps = [PowerShell]::Create()
`$null = `$ps.AddCommand('Import-Module').AddParameter('Name', '$($script:ModulePath)').Invoke()
`$ps.Commands.Clear()
`$async = `$ps.AddCommand('Get-GcQuota').BeginInvoke()
`$deadline = [DateTime]::UtcNow.AddSeconds(30)
while ((Get-Received) -le `$before -and -not `$async.IsCompleted -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 50 }
Start-Sleep -Milliseconds 200
"reached-emulator: `$((Get-Received) -gt `$before)"
"in-flight: `$(-not `$async.IsCompleted)"
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$ps.Stop()
"stop-ms: `$([int] `$watch.Elapsed.TotalMilliseconds)"
"state: `$(`$ps.InvocationStateInfo.State)"
`$ps.Dispose()
'child-done'
"@
            $exitCode = $LASTEXITCODE
        }
        finally { Invoke-Emulator 'faults' @{} | Out-Null }
        $transcript = $output -join "`n"
        $exitCode | Should -Be 0 -Because "the child pwsh must survive the stop:`n$transcript"
        $output | Should -Contain 'child-done' -Because $transcript
        $output | Should -Contain 'reached-emulator: True' -Because 'the call is waiting on the emulator when it is stopped'
        $output | Should -Contain 'in-flight: True' -Because 'the call waits on the emulator for 20 s'
        $stopMs = [int] (($output | Where-Object { $_ -like 'stop-ms: *' }) -replace '^stop-ms: ')
        $stopMs | Should -BeLessThan 3000
        $output | Should -Contain 'state: Stopped'
    }
}
