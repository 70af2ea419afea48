BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    $env:GC_CONFIG_DIR = Join-Path $TestDrive 'config'
    Import-Module $script:ModulePath -Force
    $script:Where = @{ SubnetId = 'subnet-0abc'; SecurityGroupId = 'sg-0builder'; InstanceProfile = 'geoschem-builder'; ArtifactBucket = 'gc-artifacts' }
    # Invoke-RestMethod writes a JSON array as one object; ForEach-Object unrolls it.
    function Get-Builders { @(Invoke-RestMethod "$($script:Emulator.Url)/_emulator/ec2/instances?region=us-east-1" | ForEach-Object { $_ } | Where-Object { $_.tags.'geoschem:build-id' }) }
    function Get-RunningBuilders { @(Get-Builders | Where-Object state -in 'pending', 'running') }
    function Set-Ssm([double] $Seconds = 1, [string] $Outcome = 'Success', [int] $FailAtStep = 3) {
        Invoke-Emulator 'ssm' @{ region = 'us-east-1'; commandSeconds = $Seconds; outcome = $Outcome; failAtStep = $FailAtStep } | Out-Null
    }
}
AfterAll { Stop-TestEmulator $script:Emulator; Remove-Item Env:GC_CONFIG_DIR -ErrorAction SilentlyContinue }

Describe 'Get-GcImageVariant' {
    It 'lists the supported matrix from variants.json with the tag scheme' {
        $all = Get-GcImageVariant
        $all[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcImageVariant'
        $all.Tag | Should -Contain 'gchp-14.7.1-gnu12-openmpi4-x86_64'
        $all.Tag | Should -Contain 'gcclassic-14.7.1-gnu14-none-x86_64'
        $all.Compiler | Should -Not -Contain 'intel2024' -Because 'the Intel variants were dropped: their runtime shipped no Intel MPI'
        $all.Tag | Should -Not -Contain 'gchp-14.7.1-gnu13-openmpi4-x86_64'
        (Get-GcImageVariant -IncludeUnsupported).Count | Should -Be ($all.Count + 1)
        (Get-GcImageVariant GCHP -Architecture arm64).Support | Should -Be 'experimental'
        (Get-GcImageVariant GCClassic -Version 14.6.3 -Compiler gnu14 -Architecture x86_64).Tag | Should -Be 'gcclassic-14.6.3-gnu14-none-x86_64'
        (Complete 'Get-GcImageVariant -Compiler gnu1').CompletionText | Should -Be @('gnu12', 'gnu13', 'gnu14')
    }

    It 'refuses a GEOS-Chem version the images are not built for' {
        { Get-GcImageVariant -Version 12.0.0 } | Should -Throw -ErrorId 'GcImageVersionUnknown,GeosChem.PowerShell.Commands.GetGcImageVariantCommand'
    }
}

Describe 'Start-GcImageBuild' {
    BeforeEach { Invoke-Emulator 'reset' | Out-Null }

    It 'builds with -Wait, pushes the image and terminates the builder' {
        Set-Ssm -Seconds 1
        $output = Get-GcImageVariant GCClassic -Compiler gnu12 -Architecture x86_64 | Start-GcImageBuild @script:Where -Wait -PollInterval '00:00:00.2' 6>&1
        $build = $output | Where-Object { $_ -is [GeosChem.PowerShell.Models.GcImageBuild] }
        ($build.Status, $build.Variant) | Should -Be @('Succeeded', 'gcclassic-14.7.1-gnu12-none-x86_64')
        $build.ImageDigest | Should -Match '^sha256:'
        ($output | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData.Message | Should -Contain "[$($build.BuildId)] ##[gc-step] 5/6 pushing"
        Get-RunningBuilders | Should -BeNullOrEmpty
        $builder = Get-Builders
        ($builder.httpTokens, $builder.shutdownBehavior, $builder.keyName) | Should -Be @('required', 'terminate', $null)
        (Get-GcImage).Tag | Should -Be 'gcclassic-14.7.1-gnu12-none-x86_64'
        (Get-GcImage -Tag 'gcclassic-14.7.1-gnu12-none-x86_64').ImageUri | Should -Be "123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gcclassic-14.7.1-gnu12-none-x86_64"
    }

    It 'reports a build that fails mid-way, and leaves no builder running' {
        Set-Ssm -Seconds 1 -Outcome Failed -FailAtStep 3
        $build = Start-GcImageBuild GCHP @script:Where -Wait -PollInterval '00:00:00.2' -ErrorVariable e -ErrorAction SilentlyContinue 6>$null
        $build.Status | Should -Be 'Failed'
        $build.Step | Should -Match '^building gchp-14.7.1-gnu12-openmpi4-x86_64'
        $e[-1].FullyQualifiedErrorId | Should -BeLike 'GcImageBuildFailed,*'
        $e[-1].ErrorDetails.RecommendedAction | Should -Match "s3://gc-artifacts/geoschem-builds/$($build.BuildId)/logs/"
        Get-RunningBuilders | Should -BeNullOrEmpty
        Get-GcImage -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'terminates the builder when the pipeline is stopped (Ctrl+C)' {
        Set-Ssm -Seconds 3600 -Outcome Hang
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; Start-GcImageBuild GCClassic -SubnetId subnet-0abc -SecurityGroupId sg-0builder -InstanceProfile geoschem-builder -ArtifactBucket gc-artifacts -Wait -PollInterval '00:00:00.2'")
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Get-RunningBuilders).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-RunningBuilders).Count | Should -Be 1
        Start-Sleep -Seconds 1
        $ps.Stop()
        $async.IsCompleted | Should -BeTrue
        $ps.Dispose()
        Get-RunningBuilders | Should -BeNullOrEmpty
        (Get-Builders).stateReason | Should -Be 'Client.UserInitiatedShutdown'
    }

    It 'leaves a builder whose client died to its own shutdown timer, which ends it' {
        Set-Ssm -Seconds 36000 -Outcome Hang
        $script = "Import-Module '$($script:ModulePath)'; Start-GcImageBuild GCClassic -SubnetId subnet-0abc -SecurityGroupId sg-0builder -InstanceProfile geoschem-builder -ArtifactBucket gc-artifacts -Timeout '01:00:00' -Wait -PollInterval '00:00:00.5'"
        $file = Join-Path $TestDrive 'client.ps1'
        Set-Content $file $script
        $pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $arguments = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { [IO.Path]::Combine($PSHOME, 'pwsh.dll') }) + @('-NoProfile', '-NonInteractive', '-File', $file)
        $client = Start-Process $pwsh -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'client.out')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-RunningBuilders).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        Start-Sleep -Seconds 2
        $client.Kill()   # the client dies: no finally block runs
        $client.WaitForExit(10000) | Out-Null
        (Get-RunningBuilders).Count | Should -Be 1
        (Get-Builders).shutdownAt | Should -Not -BeNullOrEmpty
        Invoke-Emulator 'settings' @{ advanceClockSeconds = 81 * 60 } | Out-Null # past the one-hour timeout plus 20 minutes
        Get-RunningBuilders | Should -BeNullOrEmpty
        (Get-Builders).stateReason | Should -Be 'Client.InstanceInitiatedShutdown'
    }

    It 'without -Wait returns a running build that Wait-GcImageBuild follows to the end' {
        Set-Ssm -Seconds 2
        $build = Start-GcImageBuild GCClassic -Compiler gnu14 @script:Where -PollInterval '00:00:00.2'
        $build.Status | Should -Be 'Building'
        (Get-GcImageBuild -BuildId $build.BuildId).Status | Should -Be 'Building'
        (Get-RunningBuilders).Count | Should -Be 1
        $final = $build | Wait-GcImageBuild -PollInterval '00:00:00.2' 6>$null
        $final.Status | Should -Be 'Succeeded'
        Get-RunningBuilders | Should -BeNullOrEmpty
    }

    It 'Wait-GcImageBuild -WhatIf follows the build but leaves its builder running' {
        Set-Ssm -Seconds 1
        $build = Start-GcImageBuild GCClassic -Compiler gnu14 @script:Where -PollInterval '00:00:00.2'
        $final = $build | Wait-GcImageBuild -PollInterval '00:00:00.2' -WhatIf 6>$null
        $final.Status | Should -Be 'Succeeded'
        (Get-RunningBuilders).InstanceId | Should -Be @($build.InstanceId) -Because '-WhatIf reports what it would terminate and terminates nothing'
        Get-EmulatorCount 'handled:TerminateInstances' | Should -Be 0
        $null = $build | Wait-GcImageBuild -PollInterval '00:00:00.2' 6>$null
        Get-RunningBuilders | Should -BeNullOrEmpty
    }

    It 'takes the builder settings from -ConfigurationPath' {
        Set-Ssm -Seconds 1
        $config = Join-Path $TestDrive 'builds.json'
        @{ schemaVersion = 1; region = 'us-east-1'; deployed = @{ subnetIds = @('subnet-0cfg'); securityGroupIds = @('sg-0cfg'); builderInstanceProfile = 'cfg-builder'; resultsBucket = 'gc-cfg-artifacts'; ecrRepository = 'gc-cfg-repo' } } |
            ConvertTo-Json -Depth 4 | Set-Content $config
        Start-GcImageBuild GCClassic -WhatIf -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcBuildSettingsMissing,*' -Because 'the default configuration folder of this test holds no platform'
        $build = Start-GcImageBuild GCClassic -ConfigurationPath $config -Wait -PollInterval '00:00:00.2' 6>$null
        $build.Status | Should -Be 'Succeeded'
        $build.ImageUri | Should -BeLike '*/gc-cfg-repo:gcclassic-*'
        (Get-GcImage -ConfigurationPath $config).Repository | Should -Be 'gc-cfg-repo'
        Get-GcImage -WarningVariable w -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $w | Should -Match "no ECR repository 'geoschem'"
        { Get-GcImage -ConfigurationPath (Join-Path $TestDrive 'absent.json') } | Should -Throw -ErrorId 'GcConfigurationNotFound,GeosChem.PowerShell.Commands.GetGcImageCommand'
    }

    It 'stops a build with Stop-GcImageBuild' {
        Set-Ssm -Seconds 3600 -Outcome Hang
        $build = Start-GcImageBuild GCClassic @script:Where -PollInterval '00:00:00.2'
        $stopped = $build | Stop-GcImageBuild -Force
        $stopped.Status | Should -Be 'Cancelled'
        Get-RunningBuilders | Should -BeNullOrEmpty
    }

    It 'takes its settings from the platform configuration and names what is missing' {
        Start-GcImageBuild GCClassic -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcBuildSettingsMissing,*'
        $e[0].Exception.Message | Should -Match '-SubnetId, -SecurityGroupId, -InstanceProfile, -ArtifactBucket'
        $null = New-Item -ItemType Directory -Force $env:GC_CONFIG_DIR
        @{ schemaVersion = 1; region = 'us-east-1'
           deployed = @{ subnetIds = @('subnet-0cfg'); securityGroupIds = @('sg-0cfg'); builderInstanceProfile = 'geoschem-builder'; resultsBucket = 'gc-artifacts'; ecrRepository = 'gc-images' } } |
            ConvertTo-Json -Depth 4 | Set-Content (Join-Path $env:GC_CONFIG_DIR 'config.json')
        try {
            Set-Ssm -Seconds 3600 -Outcome Hang
            $build = Start-GcImageBuild GCClassic -PollInterval '00:00:00.2'
            $build.ImageUri | Should -Match '/gc-images:gcclassic-'
            (Get-Builders).subnetId | Should -Be 'subnet-0cfg'
            $build | Stop-GcImageBuild -Force | Out-Null
        }
        finally { Remove-Item (Join-Path $env:GC_CONFIG_DIR 'config.json') }
    }

    It 'launches nothing under -WhatIf and refuses unsupported variants unless asked' {
        Start-GcImageBuild GCClassic @script:Where -WhatIf | Should -BeNullOrEmpty
        Get-Builders | Should -BeNullOrEmpty
        Start-GcImageBuild GCHP -Compiler gnu13 @script:Where -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcImageVariantUnsupported,*'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'AllowUnsupported'
        Get-Builders | Should -BeNullOrEmpty
    }
}
