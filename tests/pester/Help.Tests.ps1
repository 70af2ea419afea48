BeforeDiscovery {
    Import-Module $env:GC_TEST_MODULE -Force
    $script:Commands = (Get-Command -Module GeosChem.PowerShell).Name
}
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $script:ModulePath -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
}

Describe 'Help for <_>' -ForEach $script:Commands {
    BeforeAll { $script:Help = Get-Help $_ -Full }

    It 'has a synopsis' { $script:Help.Synopsis | Should -Not -BeNullOrEmpty; $script:Help.Synopsis | Should -Not -Match "^\s*$_" }
    It 'has a description' { ($script:Help.Description.Text -join '') | Should -Not -BeNullOrEmpty }
    It 'has at least two examples with code' {
        @($script:Help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $script:Help.Examples.Example) { $example.Code | Should -Match 'Gc' }
    }
    It 'documents exactly the parameters it has' {
        $actual = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $script:Common } | Sort-Object
        $documented = $script:Help.Parameters.Parameter.Name | Sort-Object
        $documented | Should -Be $actual
    }
    It 'states the real default of every optional parameter that has one' {
        $command = Get-Command $_
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        $text = Get-Content (Join-Path $PSScriptRoot "../../docs/en-US/$_.md") -Raw
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $script:Common }) {
            if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }) { continue }
            $value = $command.ImplementingType.GetProperty($parameter.Name)?.GetValue($instance)
            if ($null -eq $value -or $value -is [System.Management.Automation.SwitchParameter] -or "$value" -in '', '0' -or ($value -is [array] -and $value.Count -eq 0)) { continue }
            $text | Should -Match "(?s)### -$($parameter.Name)\r?\n(?:(?!\n### ).)*?Default value: $([regex]::Escape([string]::Format([cultureinfo]::InvariantCulture, '{0}', $value)))\r?\n" -Because "-$($parameter.Name) defaults to $value"
        }
    }
    It 'describes every parameter' {
        foreach ($parameter in $script:Help.Parameters.Parameter) { ($parameter.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because $parameter.Name }
    }
}

Describe 'About topic' {
    It 'is installed' { (Get-Help about_GeosChem_PowerShell | Out-String) | Should -Match 'AWS_MAX_ATTEMPTS' }
}

Describe 'Completers' {
    It 'completes regions' { (Complete 'Get-GcQuota -Region us-ea').CompletionText | Should -Contain 'us-east-1' }
    It 'completes quota codes with their names' {
        $matches_ = Complete 'Get-GcQuota -QuotaCode L-F78'
        $matches_.CompletionText | Should -Be 'L-F7808C92'
        $matches_.ToolTip | Should -Match 'HPC'
    }
    It 'completes request statuses' { (Complete 'Get-GcQuotaIncreaseRequest -Status APP').CompletionText | Should -Contain 'APPROVED' }
}
