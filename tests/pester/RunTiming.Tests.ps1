# Get-GcRunTiming on GEOS-Chem's own timer output (tests/fixtures/timing, README there says where each file comes from).
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $script:ModulePath -Force
    $script:Fixtures = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', 'fixtures', 'timing'))
    $script:Work = New-Item -ItemType Directory ([IO.Path]::Combine([IO.Path]::GetTempPath(), "gc-timing-$PID"))
}
AfterAll { Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue }

Describe 'Get-GcRunTiming' {
    It 'reads the timer table GEOS-Chem 14.7.0 printed, with a typed object and a table view' {
        $timing = Get-GcRunTiming (Join-Path $script:Fixtures 'gcclassic-14.7.0.timers.log') -WarningAction SilentlyContinue
        $timing.PSObject.TypeNames[0] | Should -Be 'GeosChem.PowerShell.Models.GcRunTiming'
        $timing.Model | Should -Be 'GCClassic'
        $timing.WallSeconds | Should -Be 3.111
        $timing['=> Gas-phase chem'] | Should -Be 1.22
        ($timing.Timers | Where-Object Name -EQ '=> Linearized chem').Note | Should -Be 'did not run'
        ($timing | Format-Table | Out-String) | Should -Match 'WallHours'
        ($timing.Timers | Format-Table | Out-String -Width 120) | Should -Match 'did not run'
    }

    It 'finds the timers in a run directory and binds Get-ChildItem output by FullName' {
        $runs = foreach ($name in 'json', 'gchp') {
            New-Item -ItemType Directory (Join-Path $script:Work $name) -Force
        }
        Copy-Item (Join-Path $script:Fixtures 'gcclassic-14.7.0.timers.json') (Join-Path $runs[0] 'gcclassic_timers.json')
        Copy-Item (Join-Path $script:Fixtures 'gchp-issue511-14.7-allPEs.log') (Join-Path $runs[1] 'allPEs.log')
        $found = Get-ChildItem $script:Work -Directory | Sort-Object Name | Get-GcRunTiming -WarningAction SilentlyContinue
        $found.Model | Should -Be @('GCHP', 'GCClassic')
        $found[0].Timers[0].MaxSeconds | Should -Be 20589.21
        $found[1].Format | Should -Be 'gcclassic_timers.json'
    }

    It 'warns about a truncated table and still returns every complete timer' {
        $timing = Get-GcRunTiming (Join-Path $script:Fixtures 'geos-chem-pr2072-14.3-carbon.log') -WarningVariable warned -WarningAction SilentlyContinue
        $timing.Timers.Count | Should -Be 10
        ($warned -join "`n") | Should -Match 'truncated'
    }

    It 'reports a file without timers as an error and goes on with the next file' {
        $plain = Join-Path $script:Work 'plain.log'
        Set-Content $plain "===> Mode of operation         : GEOS-Chem `"Classic`"`nnothing else"
        $results = Get-GcRunTiming $plain, (Join-Path $script:Fixtures 'gcclassic-14.7.0.timers.json') -ErrorVariable failed -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Match '^GcRunTimingNotFound'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].Exception.Message | Should -Match 'use_gcclassic_timers: true'
    }

    It 'says when a path does not exist' {
        Get-GcRunTiming (Join-Path $script:Work 'missing.log') -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Match '^GcRunTimingFileNotFound'
    }
}
