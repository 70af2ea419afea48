BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Get-GcInstanceRecommendation' {
    It 'ranks plans offline, x86_64 by default' {
        $plans = Get-GcInstanceRecommendation GCClassic fullchem 4x5 31 -WarningAction SilentlyContinue
        $plans.Count | Should -Be 5
        ($plans | ForEach-Object Rank) | Should -Be @(1, 2, 3, 4, 5) # not $plans.Rank: that is System.Array.Rank
        $plans.Architecture | Sort-Object -Unique | Should -Be 'x86_64'
        $plans[0].PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcInstanceRecommendation'
        $plans[0].Rationale | Should -Match '^Balanced: '
        $plans[0].QuotaSufficient | Should -BeNullOrEmpty
    }

    It 'pipes into Get-GcCostEstimate and into Test-GcQuota by property name' {
        $best = Get-GcInstanceRecommendation GCHP fullchem C24 31 -Priority Cost -Top 1 -WarningAction SilentlyContinue
        $estimate = $best | Get-GcCostEstimate -WarningAction SilentlyContinue
        $estimate.InstanceType | Should -Be $best.InstanceType
        $estimate.EstimatedWallHours | Should -Be $best.EstimatedWallHours
        $check = $best | Test-GcQuota
        $check.InstanceType | Should -Be $best.InstanceType
        $check.RequiredVCpus | Should -Be ($best.VCpus * $best.NodeCount)
    }

    It 'marks which plans the free quota covers with -CheckQuota' {
        $plans = Get-GcInstanceRecommendation GCHP fullchem C180 31 -Priority Time -Top 3 -CheckQuota -WarningAction SilentlyContinue
        $plans.Count | Should -Be 3
        $plans | ForEach-Object { $_.QuotaSufficient | Should -BeOfType [bool] }
        $plans[0].NodeCount | Should -BeGreaterThan 1
        $plans[0].QuotaSufficient | Should -BeFalse -Because "32 big nodes need far more than the emulator account's 256 Standard vCPUs"
        Get-EmulatorCount 'handled:GetServiceQuota' | Should -BeGreaterThan 0
    }

    It 'gives every plan the memory it needs and the evidence behind it' {
        $plans = Get-GcInstanceRecommendation GCHP fullchem C180 31 -Top 3 -WarningAction SilentlyContinue
        foreach ($plan in $plans) {
            $plan.RequiredMemoryGiB | Should -BeGreaterThan 0
            [Math]::Floor($plan.MemoryGiB * 0.9) | Should -BeGreaterOrEqual $plan.RequiredMemoryGiB
            $plan.Basis | Should -Match 'evidence at GCHP C180'
            $plan.Rationale | Should -Match 'per day input \d+ s, chemistry \d+ s'
        }
        { Get-GcInstanceRecommendation GCClassic fullchem 4x5 31 -Option TOMAS40 -ErrorAction Stop } | Should -Throw -ErrorId 'GcOptionNotBuilt,*'
    }

    It 'says what would fit when nothing meets the limits' {
        $null = Get-GcInstanceRecommendation GCHP fullchem C90 31 -Budget 5 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'GcNothingFits,*'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'cheapest plan is .* at \$'
    }

    It 'rejects bad limits and priorities clearly' {
        { Get-GcInstanceRecommendation GCHP fullchem C90 31 -Budget 0 -ErrorAction Stop } | Should -Throw -ErrorId 'GcLimitInvalid,*'
        { Get-GcInstanceRecommendation GCHP fullchem C90 31 -Priority Cheapest } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Get-GcInstanceRecommendation GCHP fullchem 4x5 31 -ErrorAction Stop } | Should -Throw -ErrorId 'GcResolutionInvalid,*'
    }

    It 'keeps to what the configured platform can run, says when the overall best is elsewhere, and -IgnorePlatform ranks all' {
        $overall = Get-GcInstanceRecommendation GCHP fullchem C180 31 -Priority Time -Top 3 -WarningAction SilentlyContinue
        $overall[0].NodeCount | Should -BeGreaterThan 1
        $overall[0].OnPlatform | Should -BeNullOrEmpty # no configuration: nothing to say
        $config = Join-Path $TestDrive 'platform.json'
        New-GcConfiguration us-east-1 -OnDemandInstanceType c7i -ConfigurationPath $config -WarningAction SilentlyContinue | Out-Null

        $plans = Get-GcInstanceRecommendation GCHP fullchem C180 31 -Priority Time -Top 3 -ConfigurationPath $config -WarningVariable w -WarningAction SilentlyContinue
        $plans.NodeCount | Sort-Object -Unique | Should -Be 1 # no EFA multi-node environment configured
        $plans | ForEach-Object { $_.InstanceType | Should -BeLike 'c7i.*' }
        $plans | ForEach-Object { $_.OnPlatform | Should -BeTrue }
        $plans[0].PlatformNote | Should -Match "The overall best plan, $($overall[0].NodeCount) x $([regex]::Escape($overall[0].InstanceType)) .* no EFA multi-node environment"
        $w -join ' ' | Should -Match 'is not available on the configured platform .*-IgnorePlatform'

        $all = Get-GcInstanceRecommendation GCHP fullchem C180 31 -Priority Time -Top 3 -ConfigurationPath $config -IgnorePlatform -WarningAction SilentlyContinue
        $all.InstanceType | Should -Be $overall.InstanceType
        $all[0].OnPlatform | Should -BeNullOrEmpty
    }
}
