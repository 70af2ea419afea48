BeforeDiscovery {
    Import-Module $env:GC_TEST_MODULE -Force
    $script:AllCommands = (Get-Command -Module GeosChem.PowerShell).Name
}
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    $script:Manifest = Import-PowerShellDataFile (Get-ChildItem $script:ModulePath -Recurse -Filter GeosChem.PowerShell.psd1 | Select-Object -First 1).FullName
    $script:Expected = @($script:Manifest.CmdletsToExport | Sort-Object)
    $script:OldCore = [IO.Path]::Combine($env:GC_TEST_TOOLS, 'awssdk.core', '3.7.402', 'lib', 'netcoreapp3.1', 'AWSSDK.Core.dll')
}
AfterAll { Stop-TestEmulator $script:Emulator }

Describe 'Module shape' {
    It 'exports exactly the cmdlets of the manifest, each with a help page' {
        (Get-Command -Module GeosChem.PowerShell).Name | Sort-Object | Should -Be $script:Expected
        $docs = Join-Path $PSScriptRoot '..' '..' 'docs' 'en-US'
        $script:Expected | ForEach-Object { Join-Path $docs "$_.md" | Should -Exist }
    }

    It 'declares an output type on <Name>' -ForEach @(
        @{ Name = 'Get-GcQuota'; Type = 'GcQuota' }
        @{ Name = 'Test-GcQuota'; Type = 'GcQuotaCheck' }
        @{ Name = 'Request-GcQuotaIncrease'; Type = 'GcQuotaIncreaseRequest' }
        @{ Name = 'Get-GcQuotaIncreaseRequest'; Type = 'GcQuotaIncreaseRequest' }
        @{ Name = 'Get-GcCostEstimate'; Type = 'GcCostEstimate' }
        @{ Name = 'Get-GcInstanceRecommendation'; Type = 'GcInstanceRecommendation' }
        @{ Name = 'Update-GcInstanceCatalog'; Type = 'GcPriceRefresh' }
        @{ Name = 'Start-GcBenchmark'; Type = 'GcBenchmark' }
        @{ Name = 'Get-GcBenchmarkReport'; Type = 'GcBenchmarkResult' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain "GeosChem.PowerShell.Models.$Type"
    }

    It 'has a default table view for <_>' -ForEach 'GcQuota', 'GcQuotaCheck', 'GcQuotaIncreaseRequest', 'GcCostEstimate', 'GcInstanceRecommendation', 'GcPriceRefresh', 'GcBenchmark', 'GcBenchmarkPlan', 'GcBenchmarkResult' {
        $view = Get-FormatData -TypeName "GeosChem.PowerShell.Models.$_"
        $view.FormatViewDefinition[0].Control | Should -BeOfType System.Management.Automation.TableControl
    }

    It 'takes the AWS Tools common parameters and aliases on <_>' -ForEach 'Get-GcQuota', 'Test-GcQuota', 'Request-GcQuotaIncrease', 'Get-GcQuotaIncreaseRequest', 'Get-GcInstanceRecommendation', 'Get-GcCostEstimate', 'Update-GcInstanceCatalog', 'Start-GcBenchmark', 'Get-GcBenchmarkReport', 'Get-GcRunTiming' {
        $parameters = (Get-Command $_).Parameters
        foreach ($name in 'Region', 'ProfileName', 'ProfileLocation', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl') {
            $parameters.Keys | Should -Contain $name
        }
        $parameters.ProfileName.Aliases | Should -Contain 'StoredCredentials'
        $parameters.ProfileLocation.Aliases | Should -Contain 'ProfilesLocation'
        $parameters.Region.Aliases | Should -Contain 'RegionToCall'
        $parameters.AccessKey.Aliases | Should -Contain 'AK'
    }

    It 'keeps the cmdlets and their output types in the default load context and the engine and AWSSDK.Core in its own' {
        $null = Get-GcQuota -QuotaCode L-1216C47A
        $contextOf = { param($Name) [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $Name } | ForEach-Object { [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } }
        & $contextOf 'GeosChem.PowerShell' | Should -Be 'Default'
        & $contextOf 'GeosChem.PowerShell.Models' | Should -Be 'Default' -Because 'one copy, where PowerShell resolves type names'
        & $contextOf 'GeosChem.PowerShell.Engine' | Should -Be 'GeosChem.PowerShell'
    }

    It 'lets a script name its output types, before any of its commands ran and after' {
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
"before=`$([GeosChem.PowerShell.Models.GcCostEstimate].Assembly.GetName().Name)"
`$estimate = Get-GcCostEstimate GCHP fullchem C90 31 c7i.48xlarge -WarningAction SilentlyContinue
"is=`$(`$estimate -is [GeosChem.PowerShell.Models.GcCostEstimate])"
"@
        $output | Should -Contain 'before=GeosChem.PowerShell.Models'
        $output | Should -Contain 'is=True'
    }

    It 'lets PowerShell list the cmdlet types and find its initializer without the engine, which only the initializer makes loadable' {
        # PowerShell runs the module's IModuleAssemblyInitializer after listing the public types of the cmdlet assembly
        # and before reading their attributes: if listing them needed an engine type, the default context would load
        # the engine (and then the AWS SDK) beside the cmdlets, out of the private context.
        $alone = Join-Path $TestDrive 'cmdlets-alone'
        $null = New-Item -ItemType Directory -Force $alone
        Copy-Item (Get-ChildItem $script:ModulePath -Recurse -Filter GeosChem.PowerShell.dll | Select-Object -First 1).FullName $alone
        $output = Invoke-FreshPwsh @"
`$assembly = [Reflection.Assembly]::LoadFrom('$(Join-Path $alone 'GeosChem.PowerShell.dll')')
`$types = `$assembly.ExportedTypes | Where-Object { -not `$_.IsAbstract -and -not `$_.IsInterface -and -not `$_.IsValueType }
`$initializers = @(`$types | Where-Object { [System.Management.Automation.IModuleAssemblyInitializer].IsAssignableFrom(`$_) -and `$_.GetConstructor([Type]::EmptyTypes) })
`$cmdlets = @(`$types | Where-Object { `$_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], `$false) })
"initializers=`$(`$initializers.Name -join ',')"
"cmdlets=`$(`$cmdlets.Count)"
"engine=`$(@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'GeosChem.PowerShell.Engine' }).Count)"
"@
        $output | Should -Contain 'initializers=ModuleInitializer'
        $output | Should -Contain "cmdlets=$($script:Expected.Count)"
        $output | Should -Contain 'engine=0'
    }

    It 'loads AWSSDK.Core into its own load context, not the default one' {
        $null = Get-GcQuota -QuotaCode L-1216C47A # the SDK loads on the first AWS call, not at import
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' }
        $contexts = $core | ForEach-Object { [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
        $contexts | Should -Contain 'GeosChem.PowerShell'
        $contexts | Should -Not -Contain 'Default'
    }

    It 'still works after Import-Module -Force twice' {
        Import-Module $script:ModulePath -Force
        Import-Module $script:ModulePath -Force
        (Get-Command -Module GeosChem.PowerShell).Count | Should -Be $script:Expected.Count
        (Get-GcQuota -QuotaCode L-1216C47A).Value | Should -Be 256
    }
}

Describe 'Every exported cmdlet: <_>' -ForEach $script:AllCommands {
    BeforeAll {
        $script:Command = Get-Command $_
        # The cmdlets that never call AWS: the configuration file and the embedded image matrix.
        # Get-GcRunTiming reads files offline, but finished Batch jobs' logs through CloudWatch Logs.
        $script:Offline = 'Get-GcConfiguration', 'New-GcConfiguration', 'Set-GcConfiguration', 'Get-GcImageVariant',
            'Add-GcCalibrationRun', 'Get-GcCalibrationRun', 'Remove-GcCalibrationRun', 'Export-GcCalibrationRun',
            'Get-GcRunDirectory', 'Test-GcRunDirectory', 'New-GcRunDirectory',
            # -Online reads sizes from the public s3://geos-chem bucket unsigned: no credentials, no AWS Tools parameters.
            'Get-GcInputData'
        # What this one does is its effect: it writes warnings and host messages, no objects.
        $script:NoOutput = 'Remove-GcPlatform'
        $script:ChangingVerbs = 'New', 'Set', 'Remove', 'Start', 'Stop', 'Submit', 'Register', 'Request', 'Deploy', 'Initialize', 'Update', 'Add', 'Export'
        # Waits that act: resubmitting a reclaimed Spot job On-Demand, terminating an image builder.
        $script:ActingWaits = 'Wait-GcBatchJob', 'Wait-GcImageBuild'
    }

    It 'declares its output types: our models, each with a default view, or [bool] for -Quiet' {
        $types = @($script:Command.OutputType.Type)
        if ($_ -in $script:NoOutput) { $types | Should -BeNullOrEmpty; return }
        $types | Should -Not -BeNullOrEmpty
        foreach ($type in $types | Where-Object { $_ -ne [bool] }) {
            $type.Namespace | Should -Be 'GeosChem.PowerShell.Models'
            (Get-FormatData -TypeName $type.FullName).FormatViewDefinition | Should -Not -BeNullOrEmpty -Because "$($type.Name) needs a view in GeosChem.PowerShell.Format.ps1xml"
        }
    }

    It 'takes the AWS Tools common parameters and aliases when it calls AWS' {
        $parameters = $script:Command.Parameters
        if ($_ -in $script:Offline) {
            $parameters.Keys | Should -Not -Contain 'ProfileName'
            $parameters.Keys | Should -Not -Contain 'EndpointUrl'
            return
        }
        foreach ($name in 'Region', 'ProfileName', 'ProfileLocation', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl') {
            $parameters.Keys | Should -Contain $name
        }
        $parameters.Region.Aliases | Should -Contain 'RegionToCall'
        $parameters.ProfileName.Aliases | Should -Be @('StoredCredentials', 'AWSProfileName')
        $parameters.ProfileLocation.Aliases | Should -Be @('AWSProfilesLocation', 'ProfilesLocation')
        $parameters.AccessKey.Aliases | Should -Be @('AK')
        $parameters.SecretKey.Aliases | Should -Be @('SK')
        $parameters.SessionToken.Aliases | Should -Be @('ST')
    }

    It 'supports -WhatIf and -Confirm exactly when its verb changes something' {
        $keys = $script:Command.Parameters.Keys
        if ($script:Command.Verb -in $script:ChangingVerbs -or $script:Command.Name -in $script:ActingWaits) {
            $keys | Should -Contain 'WhatIf'
            $keys | Should -Contain 'Confirm'
        }
        elseif ($script:Command.Verb -in 'Get', 'Test') {
            $keys | Should -Not -Contain 'WhatIf'
        }
    }

    It 'has a help page with a synopsis and examples' {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -Match "^\s*$_"
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Import cost' {
    It 'registers its views on the first command after the import, not during it' {
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
`$formats = `$ExecutionContext.Host.Runspace.InitialSessionState.Formats
# Operators only until Get-Date: any command (Where-Object too) is the first command the hook waits for.
"during=`$(@(`$formats.FileName -like '*GeosChem.PowerShell.Format.ps1xml').Count)"
`$null = Get-Date
"after=`$(@(`$formats.FileName -like '*GeosChem.PowerShell.Format.ps1xml').Count)"
"view=`$((Get-FormatData -TypeName GeosChem.PowerShell.Models.GcQuota).FormatViewDefinition[0].Control.GetType().Name)"
"hook=`$(`$null -eq `$ExecutionContext.InvokeCommand.PostCommandLookupAction)"
"@
        $output | Should -Contain 'during=0'
        $output | Should -Contain 'after=1'
        $output | Should -Contain 'view=TableControl'
        $output | Should -Contain 'hook=True' -Because 'the hook removes itself after its one run'
    }

    It 'replaces the cmdlet-assembly module on Import-Module -Force instead of keeping the old one' {
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
`$first = Get-Module -All | Where-Object Path -Like '*GeosChem.PowerShell.dll'
Import-Module '$($script:ModulePath)' -Force
`$second = Get-Module -All | Where-Object Path -Like '*GeosChem.PowerShell.dll'
"modules=`$(@(`$second).Count)"
"replaced=`$(-not [object]::ReferenceEquals(`$first, `$second))"
"commands=`$(@(Get-Command -Module GeosChem.PowerShell).Count)"
"views=`$(@(`$ExecutionContext.Host.Runspace.InitialSessionState.Formats.FileName -like '*GeosChem.PowerShell.Format.ps1xml').Count)"
"@
        $output | Should -Contain 'modules=1'
        $output | Should -Contain 'replaced=True'
        $output | Should -Contain "commands=$($script:Expected.Count)"
        $output | Should -Contain 'views=1' -Because 'the second import registers the same file again, not a second copy'
    }

    It 'hands on to a command-lookup hook that was already set' {
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
`$global:seen = [Collections.Generic.List[string]]::new()
`$ExecutionContext.InvokeCommand.PostCommandLookupAction = { param(`$name, `$e) `$global:seen.Add(`$name) }
Import-Module '$($script:ModulePath)'
`$null = Get-Date
`$null = Get-Random
"seen=`$(`$global:seen -join ',')"
"@
        ($output | Where-Object { $_ -like 'seen=*' }) | Should -Match 'Get-Date'
        ($output | Where-Object { $_ -like 'seen=*' }) | Should -Match 'Get-Random'
    }
}

Describe 'Isolation from an older AWSSDK.Core (as AWS.Tools loads)' {
    It 'works when the older AWSSDK.Core was loaded first' {
        Test-Path $script:OldCore | Should -BeTrue
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$($script:OldCore)'
Import-Module '$($script:ModulePath)'
`$quota = Get-GcQuota -QuotaCode L-1216C47A
`$versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' } |
    ForEach-Object { '{0}@{1}' -f `$_.GetName().Version, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"value=`$(`$quota.Value)"
"versions=`$((`$versions | Sort-Object) -join ';')"
"@
        $output | Should -Contain 'value=256'
        $versions = ($output | Where-Object { $_ -like 'versions=*' }) -replace '^versions='
        $versions | Should -Match '3\.3\.0\.0@Default'
        $versions | Should -Match '4\.0\.0\.0@GeosChem\.PowerShell'
    }

    It 'works when the module was loaded first and the older AWSSDK.Core after' {
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
Add-Type -Path '$($script:OldCore)'
"value=`$((Get-GcQuota -QuotaCode L-34B43A08).Value)"
"@
        $output | Should -Contain 'value=128'
    }
}
