BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    $env:GC_CACHE_DIR = (New-Item -ItemType Directory -Force (Join-Path ([IO.Path]::GetTempPath()) "gc-pester-prices-$PID")).FullName
    Import-Module $script:ModulePath -Force
}
AfterAll {
    Stop-TestEmulator $script:Emulator
    Remove-Item $env:GC_CACHE_DIR -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:GC_CACHE_DIR
}

Describe 'Live prices' {
    It 'Update-GcInstanceCatalog fetches a region into the cache, then finds it fresh' {
        $first = Update-GcInstanceCatalog -Region eu-west-1
        $first.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcPriceRefresh'
        $first.FromCache | Should -BeFalse
        $first.OnDemandPrices | Should -BeGreaterThan 250
        $first.SpotPrices | Should -Be $first.OnDemandPrices
        $first.Specs | Should -Be $first.OnDemandPrices
        $first.SpecChanges.Count | Should -Be 0
        Test-Path $first.CacheFile | Should -BeTrue
        (Update-GcInstanceCatalog -Region eu-west-1).FromCache | Should -BeTrue
        (Update-GcInstanceCatalog -Region eu-west-1 -Force).FromCache | Should -BeFalse
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-EmulatorCount 'received:GetProducts'
        Update-GcInstanceCatalog -Region us-west-2 -WhatIf | Should -BeNullOrEmpty
        Get-EmulatorCount 'received:GetProducts' | Should -Be $before
    }

    It '-Live estimates use the cache on the next call and price Spot' {
        $before = Get-EmulatorCount 'handled:GetProducts'
        $first = Get-GcCostEstimate GCClassic fullchem 4x5 31 c7i.16xlarge -Spot -Live -Region eu-central-1 -WarningAction SilentlyContinue
        $fetched = (Get-EmulatorCount 'handled:GetProducts') - $before
        $fetched | Should -BeGreaterThan 0
        $first.EstimatedCost | Should -BeGreaterThan 0
        $first.PriceAsOf | Should -Match 'live Spot price history'
        $second = Get-GcCostEstimate GCClassic fullchem 4x5 31 c7i.16xlarge -Spot -Live -Region eu-central-1 -Verbose -WarningAction SilentlyContinue 4>&1
        ((Get-EmulatorCount 'handled:GetProducts') - $before) | Should -Be $fetched
        ($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'from the cache'
    }

    It '-Live recommendations rank Spot plans by real Spot cost' {
        $plans = Get-GcInstanceRecommendation GCHP fullchem C90 31 -Spot -Live -Priority Cost -Top 3 -Region eu-west-1 -WarningAction SilentlyContinue
        $plans | ForEach-Object { $_.EstimatedCost | Should -BeGreaterThan 0 }
        $costs = $plans | ForEach-Object EstimatedCost
        $costs | Should -Be ($costs | Sort-Object)
    }

    It 'names the missing permission when the Price List is denied' {
        Invoke-Emulator 'deny' @{ actions = @('pricing:GetProducts') } | Out-Null
        try {
            $err = $null
            try { Update-GcInstanceCatalog -Region ap-south-1 -Force } catch { $err = $_ }
            $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err.ErrorDetails.RecommendedAction | Should -Match 'pricing:GetProducts'
        }
        finally { Invoke-Emulator 'reset' | Out-Null }
    }
}
