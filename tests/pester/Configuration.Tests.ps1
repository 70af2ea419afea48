BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    $script:Config = Join-Path $TestDrive 'config.json'
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'New-GcConfiguration and Get-GcConfiguration' {
    BeforeEach { Remove-Item $script:Config -ErrorAction SilentlyContinue }

    It 'writes a configuration that reads back, with the schema named' {
        $c = New-GcConfiguration us-east-1 -MaxVCpus 128 -MonthlyBudgetUsd 400 -SpotInstanceType c7i, c6i -ConfigurationPath $script:Config
        $c.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcConfiguration'
        $json = Get-Content $script:Config -Raw | ConvertFrom-Json
        $json.'$schema' | Should -Match 'configuration.schema.json$'
        ($json.region, $json.compute.maxVCpus, $json.budget.monthlyUsd) | Should -Be @('us-east-1', 128, 400)
        $read = Get-GcConfiguration -ConfigurationPath $script:Config
        ($read.Compute.SpotInstanceTypes -join ',') | Should -Be 'c7i,c6i'
        $read.Path | Should -Be $script:Config
    }

    It 'refuses bad settings with their fixes and writes nothing' {
        New-GcConfiguration us-east-9 -MaxVCpus 0 -MonthlyBudgetUsd 0 -ExistingSubnetId 'subnet-xyz' -SpotInstanceType c9z -ConfigurationPath $script:Config -ErrorVariable e -ErrorAction SilentlyContinue
        Test-Path $script:Config | Should -BeFalse
        $messages = $e | ForEach-Object { $_.Exception.Message }
        $messages | Should -Contain "region: 'us-east-9' is not an AWS region. Did you mean 'us-east-1'?"
        ($messages -match '^compute.maxVCpus').Count | Should -Be 1
        ($messages -match "^budget.monthlyUsd: A monthly budget of 0 USD").Count | Should -Be 1
        ($messages -match "^network.existingSubnetIds: 'subnet-xyz' is not a subnet id").Count | Should -Be 1
        ($messages -match "^network.existingVpcId").Count | Should -Be 1
        ($messages -match "^compute.spotInstanceTypes: 'c9z'").Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcConfigurationInvalid,*'
    }

    It 'refuses a profile that does not exist and an existing file without -Force' {
        New-GcConfiguration us-east-1 -Profile nobody-has-this -ConfigurationPath $script:Config -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match "profile: The AWS profile 'nobody-has-this' is not in your AWS config"
        New-GcConfiguration us-east-1 -ConfigurationPath $script:Config | Out-Null
        { New-GcConfiguration us-west-2 -ConfigurationPath $script:Config -ErrorAction Stop } | Should -Throw -ErrorId 'GcConfigurationExists,GeosChem.PowerShell.Commands.NewGcConfigurationCommand'
        (Get-GcConfiguration -ConfigurationPath $script:Config).Region | Should -Be 'us-east-1'
    }

    It 'names the file and line of bad JSON and of an unknown key' {
        Set-Content $script:Config "{`n  `"region`": `"us-east-1`",`n  `"compute`": { `"maxVcpu`": 64 }`n}"
        { Get-GcConfiguration -ConfigurationPath $script:Config } | Should -Throw -ErrorId 'GcConfigurationUnknownKey,GeosChem.PowerShell.Commands.GetGcConfigurationCommand'
        $err = $null; try { Get-GcConfiguration -ConfigurationPath $script:Config } catch { $err = $_ }
        $err.Exception.Message | Should -Match ([regex]::Escape("$($script:Config), line 3: 'maxVcpu' is not a configuration setting"))
        $err.ErrorDetails.RecommendedAction | Should -Match "Did you mean 'maxVCpus'"
        Set-Content $script:Config "{`n  `"region`": `"us-east-1`",`n  `"projectName`": `n}"
        $err = $null; try { Get-GcConfiguration -ConfigurationPath $script:Config } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GcConfigurationUnreadable,*'
        $err.Exception.Message | Should -Match ([regex]::Escape("$($script:Config), line 4"))
    }

    It 'finds the file through GC_CONFIG_FILE' {
        New-GcConfiguration eu-west-1 -ConfigurationPath $script:Config | Out-Null
        $env:GC_CONFIG_FILE = $script:Config
        try { (Get-GcConfiguration).Region | Should -Be 'eu-west-1' } finally { Remove-Item Env:GC_CONFIG_FILE }
    }
}

Describe 'Set-GcConfiguration' {
    BeforeEach { New-GcConfiguration us-east-1 -ConfigurationPath $script:Config -Force | Out-Null }

    It 'changes one setting by its dotted name, case-insensitively, and writes atomically' {
        Set-GcConfiguration compute.maxvcpus 512 -ConfigurationPath $script:Config
        Set-GcConfiguration budget.monthlyUsd 750.5 -ConfigurationPath $script:Config
        Set-GcConfiguration defaults.jobQueue geoschem-spot -ConfigurationPath $script:Config
        $c = Get-GcConfiguration -ConfigurationPath $script:Config
        ($c.Compute.MaxVCpus, $c.Budget.MonthlyUsd, $c.Defaults.JobQueue) | Should -Be @(512, 750.5, 'geoschem-spot')
        Get-ChildItem (Split-Path $script:Config) -Filter '*.tmp' -Force | Should -BeNullOrEmpty
        (Complete 'Set-GcConfiguration compute.max').CompletionText | Should -Be @('compute.maxVCpus')
    }

    It 'refuses an unknown setting, a value of the wrong type and a bad value, and keeps the file' {
        $before = Get-Content $script:Config -Raw
        Set-GcConfiguration compute.cores 4 -ConfigurationPath $script:Config -ErrorVariable e1 -ErrorAction SilentlyContinue
        Set-GcConfiguration compute.maxVCpus 'many' -ConfigurationPath $script:Config -ErrorVariable e2 -ErrorAction SilentlyContinue
        Set-GcConfiguration network.vpcCidr '10.0.0.0/8' -ConfigurationPath $script:Config -ErrorVariable e3 -ErrorAction SilentlyContinue
        ($e1[0].FullyQualifiedErrorId, $e2[0].FullyQualifiedErrorId, $e3[0].FullyQualifiedErrorId) -replace ',.*' | Should -Be @('GcConfigurationUnknownKey', 'GcConfigurationValueInvalid', 'GcConfigurationInvalid')
        $e3[0].Exception.Message | Should -Match '/8 is outside'
        Get-Content $script:Config -Raw | Should -Be $before
    }

    It 'saves a changed object from the pipeline, and honours -WhatIf' {
        $c = Get-GcConfiguration -ConfigurationPath $script:Config
        $c.Compute.RootVolumeGiB = 300
        $c | Set-GcConfiguration
        (Get-GcConfiguration -ConfigurationPath $script:Config).Compute.RootVolumeGiB | Should -Be 300
        Set-GcConfiguration compute.rootVolumeGiB 400 -ConfigurationPath $script:Config -WhatIf
        (Get-GcConfiguration -ConfigurationPath $script:Config).Compute.RootVolumeGiB | Should -Be 300
    }
}

Describe 'Test-GcConfiguration' {
    It 'finds nothing wrong with a sound configuration offline and online' {
        New-GcConfiguration us-east-1 -MaxVCpus 128 -ConfigurationPath $script:Config -Force | Out-Null
        Test-GcConfiguration -ConfigurationPath $script:Config | Should -BeNullOrEmpty
        Test-GcConfiguration -ConfigurationPath $script:Config -Online | Should -BeNullOrEmpty
        Test-GcConfiguration -ConfigurationPath $script:Config -Online -Quiet | Should -BeTrue
    }

    It 'compares the vCPU limit with the quotas and the CIDR with existing VPCs online' {
        New-GcConfiguration us-east-1 -MaxVCpus 1000 -VpcCidr 172.31.0.0/16 -ConfigurationPath $script:Config -Force | Out-Null
        $issues = Test-GcConfiguration -ConfigurationPath $script:Config -Online
        $issues[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcConfigurationIssue'
        $quota = $issues | Where-Object { $_.Setting -eq 'compute.maxVCpus' -and $_.Severity -eq 'Error' }
        $quota.Problem | Should -Match 'Standard On-Demand vCPU quota \(L-1216C47A\) in us-east-1 is 256'
        $quota.Fix | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 1000'
        ($issues | Where-Object Setting -eq 'network.vpcCidr').Problem | Should -Match 'overlaps vpc-'
        Test-GcConfiguration -ConfigurationPath $script:Config -Online -Quiet | Should -BeFalse
    }

    It 'reports credentials AWS rejects, and checks the default image in ECR' {
        New-GcConfiguration us-east-1 -ConfigurationPath $script:Config -Force | Out-Null
        Set-GcConfiguration defaults.image '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem:gchp-14.7.1-gnu12-openmpi4-x86_64' -ConfigurationPath $script:Config
        ($(Test-GcConfiguration -ConfigurationPath $script:Config -Online) | Where-Object Setting -eq 'defaults.image').Problem | Should -Match 'does not exist'
        $issues = Test-GcConfiguration -ConfigurationPath $script:Config -Online -AccessKey AKIAGCEMULATOR000001 -SecretKey wrong-secret
        $issues.Setting | Should -Be 'credentials'
        $issues.Problem | Should -Match 'did not accept'
    }
}
