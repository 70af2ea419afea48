BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    Invoke-Emulator 'ec2/instances' @{ region = 'us-east-1'; instances = @(
        @{ instanceType = 'c7i.16xlarge' }               # 64 vCPU, Standard On-Demand
        @{ instanceType = 'c5.4xlarge'; spot = $true }    # 16 vCPU, Standard Spot
        @{ instanceType = 'm6i.large'; state = 'stopped' } # not counted
    ) } | Out-Null
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Get-GcQuota' {
    It 'shows the three GEOS-Chem vCPU quotas with usage in vCPUs' {
        $quotas = Get-GcQuota
        $quotas.QuotaCode | Should -Be @('L-1216C47A', 'L-34B43A08', 'L-F7808C92')
        $standard = $quotas[0]
        $standard.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcQuota'
        $standard.Region | Should -Be 'us-east-1'
        ($standard.Value, $standard.Usage, $standard.Available, $standard.PercentUsed) | Should -Be @(256, 64, 192, 25)
        $quotas[1].Usage | Should -Be 16
        $quotas[1].PricingModel | Should -Be 'Spot'
        $quotas[2].InstanceClass | Should -Be 'HPC'
    }

    It 'lists every EC2 quota with -All' {
        $all = Get-GcQuota -All
        $all.Count | Should -BeGreaterThan 10
        ($all | Where-Object QuotaCode -eq 'L-0263D0A3').Usage | Should -BeNullOrEmpty
    }

    It 'reports a malformed code and still returns the others' {
        $result = Get-GcQuota -QuotaCode 'L-1216C47A', 'bogus', 'L-34B43A08' -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.QuotaCode | Should -Be @('L-1216C47A', 'L-34B43A08')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'GcQuotaCodeInvalid,GeosChem.PowerShell.Commands.GetGcQuotaCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'L-1216C47A'
    }

    It 'reports a quota that does not exist as ObjectNotFound' {
        $null = Get-GcQuota -QuotaCode L-00000000 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcQuotaNotFound,*'
    }

    It 'still shows quota values, with a warning, when instances may not be listed' {
        Invoke-Emulator 'deny' @{ actions = @('ec2:DescribeInstances'); account = '123456789012' } | Out-Null
        try {
            $quotas = Get-GcQuota -Region ap-south-1 -WarningVariable warnings -WarningAction SilentlyContinue
            $quotas.Count | Should -Be 3
            $quotas[0].Value | Should -Be 256
            $quotas[0].Usage | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -Match 'ec2:DescribeInstances'
            { Test-GcQuota c5.large -Region ap-south-1 -ErrorAction Stop } | Should -Throw -ErrorId 'GcQuotaCheckFailed,*'
        }
        finally { Invoke-Emulator 'reset' | Out-Null; Invoke-Emulator 'ec2/instances' @{ region = 'us-east-1'; instances = @(@{ instanceType = 'c7i.16xlarge' }, @{ instanceType = 'c5.4xlarge'; spot = $true }, @{ instanceType = 'm6i.large'; state = 'stopped' }) } | Out-Null }
    }

    It 'lists running instances once for a whole pipeline' {
        $before = Get-EmulatorCount 'handled:DescribeInstances'
        $quotas = 'L-1216C47A', 'L-34B43A08', 'L-F7808C92' | ForEach-Object { [pscustomobject]@{ QuotaCode = $_ } } | Get-GcQuota
        $quotas.Count | Should -Be 3
        (Get-EmulatorCount 'handled:DescribeInstances') - $before | Should -Be 1
    }

    It 'takes the region from the pipeline by property name' {
        $quota = [pscustomobject]@{ Region = 'eu-west-1'; QuotaCode = 'L-1216C47A' } | Get-GcQuota
        $quota.Region | Should -Be 'eu-west-1'
        $quota.Usage | Should -Be 0
    }
}

Describe 'Test-GcQuota' {
    It 'says a plan is short and what to request' {
        $check = Test-GcQuota -InstanceType c7i.48xlarge -Count 2
        $check.RequiredVCpus | Should -Be 384
        $check.Sufficient | Should -BeFalse
        $check.Shortfall | Should -Be 192
        $check.DesiredValue | Should -Be 448
        $check.Advice | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 448 -Region us-east-1'
    }

    It 'returns only a boolean with -Quiet' {
        Test-GcQuota c5.large -Spot -Quiet | Should -BeTrue
        Test-GcQuota hpc7a.96xlarge -Quiet | Should -BeFalse
    }

    It 'checks every row of a CSV, reporting bad rows and carrying on' {
        $csv = Join-Path $TestDrive 'plans.csv'
        @'
InstanceType,Count,Spot
c6i.32xlarge,1,true
c7i.48xlarge,0,false
no-such.type,1,false
m7i.8xlarge,4,false
'@ | Set-Content $csv
        $checks = Import-Csv $csv | Test-GcQuota -ErrorVariable problems -ErrorAction SilentlyContinue
        $checks.InstanceType | Should -Be @('c6i.32xlarge', 'm7i.8xlarge')
        $checks[0].QuotaCode | Should -Be 'L-34B43A08'
        $checks[1].Spot | Should -BeFalse -Because "the CSV says false, which must not bind as a set switch"
        $checks[1].QuotaCode | Should -Be 'L-1216C47A'
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcCountInvalid,*'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'GcInstanceTypeUnknown,*'
    }

    It 'rejects Spot text that is not true or false, for that row only' {
        $rows = @([pscustomobject]@{ InstanceType = 'c5.large'; Spot = 'maybe' }, [pscustomobject]@{ InstanceType = 'c5.large'; Spot = 'no' })
        $checks = $rows | Test-GcQuota -ErrorVariable problems -ErrorAction SilentlyContinue
        @($checks).Count | Should -Be 1
        $checks.Spot | Should -BeFalse
        $problems[0].Exception.Message | Should -Match "'maybe' is not true or false"
    }

    It 'accepts NodeCount by property name' {
        ([pscustomobject]@{ InstanceType = 'c5.24xlarge'; NodeCount = 3 } | Test-GcQuota).RequiredVCpus | Should -Be 288
    }

    It 'refuses Spot for HPC instances' {
        $null = Test-GcQuota hpc7g.16xlarge -Spot -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcSpotNotAvailable,*'
    }

    It 'completes instance types from the catalog' {
        (Complete 'Test-GcQuota -InstanceType c7i.48').CompletionText | Should -Contain 'c7i.48xlarge'
    }
}

Describe 'Request-GcQuotaIncrease and Get-GcQuotaIncreaseRequest' {
    It 'sends nothing with -WhatIf' {
        $before = Get-EmulatorCount 'received:RequestServiceQuotaIncrease'
        Request-GcQuotaIncrease -QuotaCode L-F7808C92 -DesiredValue 192 -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorCount 'received:RequestServiceQuotaIncrease' | Should -Be $before
        Get-GcQuotaIncreaseRequest | Should -BeNullOrEmpty
    }

    It 'refuses a value at or below the current one, sending nothing' {
        $before = Get-EmulatorCount 'received:RequestServiceQuotaIncrease'
        $null = Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 256 -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcQuotaIncreaseNotAnIncrease,*'
        $problems[0].Exception.Message | Should -Match 'already 256'
        Get-EmulatorCount 'received:RequestServiceQuotaIncrease' | Should -Be $before
    }

    It 'files a request with -Force and finds it again' {
        $request = Request-GcQuotaIncrease -QuotaCode L-F7808C92 -DesiredValue 192 -Force
        $request.Status | Should -Be 'PENDING'
        $request.QuotaName | Should -Be 'Running On-Demand HPC instances'
        (Get-GcQuotaIncreaseRequest -Status PENDING).Id | Should -Be $request.Id
        (Get-GcQuotaIncreaseRequest -QuotaCode L-F7808C92).Id | Should -Be $request.Id
        Get-GcQuotaIncreaseRequest -Status APPROVED | Should -BeNullOrEmpty
    }

    It 'returns the open request instead of filing a duplicate' {
        $again = Request-GcQuotaIncrease -QuotaCode L-F7808C92 -DesiredValue 192 -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        @(Get-GcQuotaIncreaseRequest -QuotaCode L-F7808C92).Count | Should -Be 1
        $again.Id | Should -Be (Get-GcQuotaIncreaseRequest -QuotaCode L-F7808C92).Id
    }

    It 'names the open request when a different value is asked for' {
        $null = Request-GcQuotaIncrease -QuotaCode L-F7808C92 -DesiredValue 384 -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcQuotaIncreaseAlreadyOpen,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'takes a failed check from the pipeline and raises the quota once approved' {
        $request = Test-GcQuota c7i.48xlarge -Count 2 | Where-Object { -not $_.Sufficient } | Request-GcQuotaIncrease -Force
        $request.QuotaCode | Should -Be 'L-1216C47A'
        $request.DesiredValue | Should -Be 448
        Invoke-Emulator "quota-requests/$($request.Id)" @{ region = 'us-east-1'; status = 'APPROVED' } | Out-Null
        (Get-GcQuotaIncreaseRequest -QuotaCode L-1216C47A).Status | Should -Be 'APPROVED'
        Test-GcQuota c7i.48xlarge -Count 2 -Quiet | Should -BeTrue
    }

    It 'is ConfirmImpact High' {
        $attribute = (Get-Command Request-GcQuotaIncrease).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It 'validates -Status' {
        { Get-GcQuotaIncreaseRequest -Status WAITING } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
