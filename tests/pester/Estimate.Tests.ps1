BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $script:ModulePath -Force
}

Describe 'Get-GcCostEstimate' {
    It 'answers offline, estimates and recommendations alike, with no AWS credentials, configuration or network' {
        $empty = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'no-aws')).FullName
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
`$e = Get-GcCostEstimate -Model GCClassic -Simulation fullchem -Resolution 4x5 -SimulationDays 31 -InstanceType c7i.16xlarge -WarningAction SilentlyContinue
"hours=`$(`$e.EstimatedWallHours)"
"range=`$(`$e.LowWallHours -lt `$e.EstimatedWallHours -and `$e.EstimatedWallHours -lt `$e.HighWallHours)"
"cost=`$(`$e.EstimatedCost -gt 0)"
"region=`$(`$e.Region)"
`$r = Get-GcInstanceRecommendation GCHP fullchem C90 31 -Top 2 -WarningAction SilentlyContinue
"recommended=`$(@(`$r).Count)"
"@ -Environment @{
            HOME = $empty; AWS_CONFIG_FILE = (Join-Path $empty 'c'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $empty 'k')
            AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_PROFILE = $null; AWS_REGION = $null; AWS_DEFAULT_REGION = $null
            AWS_ENDPOINT_URL = 'http://127.0.0.1:9' # nothing listens: any AWS call would fail
        }
        ($output | Where-Object { $_ -like 'hours=*' }) | Should -Match '^hours=\d+(\.\d+)?$'
        $output | Should -Contain 'range=True'
        $output | Should -Contain 'cost=True'
        $output | Should -Contain 'region=us-east-1'
        $output | Should -Contain 'recommended=2'
    }

    It 'takes the plan positionally and says what it is based on' {
        $e = Get-GcCostEstimate GCHP fullchem C24 31 c7i.16xlarge -WarningAction SilentlyContinue
        $e.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcCostEstimate'
        $e.CoresPerNode | Should -Be 30
        $e.EstimatedWallTime | Should -BeOfType [TimeSpan]
        $e.Basis | Should -Match 'nearest runs: #2[12]'
    }

    It 'estimates every row of a CSV, reporting impossible rows and carrying on' {
        $csv = Join-Path $TestDrive 'plans.csv'
        @'
Model,Simulation,Resolution,SimulationDays,InstanceType,NodeCount,Spot,Option
GCClassic,fullchem,4x5,31,c7i.16xlarge,1,false,
GCHP,fullchem,4x5,31,c7i.16xlarge,1,false,
GCHP,TransportTracers,C90,365,c7i.48xlarge,1,no,
GCClassic,CH4,4x5,31,c7i.16xlarge,1,false,
GCHP,fullchem,C180,31,c5n.18xlarge,8,true,
GCClassic,TransportTracers,4x5,31,c7i.16xlarge,1,false,RRTMG
GCClassic,fullchem,4x5,31,c7i.16xlarge,1,false,benchmark
GCClassic,fullchem,4x5,31,c7i.16xlarge,1,false,TOMAS15
'@ | Set-Content $csv
        $estimates = Import-Csv $csv | Get-GcCostEstimate -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $estimates.Model | Should -Be @('GCClassic', 'GCHP', 'GCClassic')
        $estimates[1].PricingModel | Should -Be 'OnDemand'
        $estimates[2].Option | Should -Be 'benchmark'
        $problems.FullyQualifiedErrorId | ForEach-Object { $_ -replace ',.*' } | Should -Be @('GcResolutionInvalid', 'GcSimulationRetired', 'GcPlanInvalid', 'GcSimulationOptionInvalid', 'GcOptionNotBuilt')
        $problems[4].Exception.Message | Should -Match '-DTOMAS=y' 
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'cubed-sphere'
        $problems[2].Exception.Message | Should -Match 'Spot'
    }

    It 'explains the components of the time and the memory it needs, in the object and the default view' {
        $e = Get-GcCostEstimate GCClassic fullchem 4x5 31 c7i.16xlarge -WarningAction SilentlyContinue
        $e.InputSecondsPerDay, $e.ChemistrySecondsPerDay, $e.TransportSecondsPerDay, $e.OutputSecondsPerDay | ForEach-Object { $_ | Should -BeGreaterThan 0 }
        ($e.InputSecondsPerDay + $e.ChemistrySecondsPerDay + $e.TransportSecondsPerDay + $e.OutputSecondsPerDay) * 31 | Should -BeGreaterThan ($e.EstimatedWallTime.TotalSeconds * 0.99)
        $e.RequiredMemoryGiB | Should -BeGreaterThan 14 -Because "the 4x5 benchmark peaks a little under 12 GB; a 16 GiB instance (14 GiB for a job) is too small"
        $e.Executable | Should -Be 'gcclassic'
        $e.Basis | Should -Match 'evidence at GCClassic 4x5: \d+ runs from \d+ source'
        ($e | Out-String -Width 200) | Should -Match 's/day in\+chem\+tr\+out'
    }

    It 'estimates nested domains with their own columns' {
        $na = Get-GcCostEstimate GCClassic fullchem 0.5x0.625_NA 31 r7i.16xlarge -WarningAction SilentlyContinue
        $global = Get-GcCostEstimate GCClassic fullchem 0.5x0.625 31 r7i.48xlarge -WarningAction SilentlyContinue
        $na.Resolution | Should -Be '0.5x0.625_NA'
        $na.RequiredMemoryGiB | Should -BeLessThan $global.RequiredMemoryGiB
        $na.Confidence | Should -Be 'Low'
    }

    It 'warns, and gives no cost, where no price is known' {
        $e = Get-GcCostEstimate GCClassic fullchem 4x5 31 c7i.16xlarge -Region ap-southeast-2 -WarningVariable w -WarningAction SilentlyContinue
        $e.EstimatedCost | Should -BeNullOrEmpty
        ($w -join "`n") | Should -Match 'no On-Demand price'
    }

    It 'marks arm64 low confidence and says to benchmark first' {
        $e = Get-GcCostEstimate GCHP fullchem C90 31 c7g.16xlarge -WarningVariable w -WarningAction SilentlyContinue
        $e.Confidence | Should -Be 'Low'
        ($w -join "`n") | Should -Match 'Benchmark first'
    }

    It 'completes resolutions for the model already typed' {
        (Complete 'Get-GcCostEstimate -Model GCHP -Resolution C').CompletionText | Should -Be @('C24', 'C30', 'C48', 'C90', 'C180', 'C360')
        (Complete 'Get-GcCostEstimate -Model GCClassic -Resolution ').CompletionText | Should -Contain '2x2.5'
        (Complete 'Get-GcCostEstimate -Model GCHP -Simulation ').CompletionText | Should -Not -Contain 'Hg'
        (Complete 'Get-GcCostEstimate -Model GCC').CompletionText | Should -Be 'GCClassic'
        (Complete 'Get-GcCostEstimate -Model GCClassic -Resolution 0.25x0.3125_').CompletionText | Should -Contain '0.25x0.3125_NA'
        $options = (Complete 'Get-GcCostEstimate -Option ').CompletionText
        $options | Should -Contain 'benchmark'
        $options | Should -Not -Contain 'TOMAS15' # no image variant is built with -DTOMAS=y
    }
}
