# The setup wizard and the platform lifecycle against the emulator, with a terraform stand-in on PATH
# (tests/terraform-stand-in: records its arguments, answers in terraform's -json format). Real terraform is not run here.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Emulator = Start-TestEmulator
    Use-EmulatorEnvironment $script:Emulator
    Import-Module $script:ModulePath -Force
    $script:StandIn = (Resolve-Path "$PSScriptRoot/../terraform-stand-in").Path
    $script:SavedPath = $env:PATH
    $env:PATH = "$($script:StandIn)$([IO.Path]::PathSeparator)$env:PATH"
    $env:XDG_DATA_HOME = Join-Path $TestDrive 'data'
    $env:GC_FAKE_TERRAFORM_LOG = Join-Path $TestDrive 'terraform.log'
    $script:Config = Join-Path $TestDrive 'config.json'
    if (-not ('GeosChemTests.ScriptedHost' -as [type])) { Add-Type -Path "$PSScriptRoot/tools/ScriptedHost.cs" }
    function Get-TerraformCalls { if (Test-Path $env:GC_FAKE_TERRAFORM_LOG) { Get-Content $env:GC_FAKE_TERRAFORM_LOG | Where-Object { $_ -like 'ARGS:*' } } }
    function Reset-Platform {
        Invoke-Emulator 'reset' | Out-Null
        Remove-Item $script:Config, $env:GC_FAKE_TERRAFORM_LOG -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force (Join-Path $env:XDG_DATA_HOME 'geoschem-powershell') -ErrorAction SilentlyContinue # the terraform workspaces
    }
}
AfterAll {
    Stop-TestEmulator $script:Emulator
    $env:PATH = $script:SavedPath
    Remove-Item Env:XDG_DATA_HOME, Env:GC_FAKE_TERRAFORM_LOG -ErrorAction SilentlyContinue
}

Describe 'Initialize-GcPlatform -NonInteractive' {
    BeforeEach { Reset-Platform }

    It 'checks credentials and quotas, writes the configuration and deploys with -Deploy' {
        $out = Initialize-GcPlatform -NonInteractive -Region us-east-1 -MaxVCpus 128 -MonthlyBudgetUsd 300 -Deploy -ConfigurationPath $script:Config 6>$null
        $platform = $out | Where-Object { $_ -is [GeosChem.PowerShell.Models.GcPlatform] }
        ($platform.Status, $platform.SpotJobQueue, $platform.ResultsBucket) | Should -Be @('Healthy', 'geoschem-spot', 'geoschem-results-20261127')
        $c = Get-GcConfiguration -ConfigurationPath $script:Config
        ($c.Region, $c.Compute.MaxVCpus, $c.Budget.MonthlyUsd, $c.Deployed.EcrRepositoryUri) | Should -Be @('us-east-1', 128, 300, '123456789012.dkr.ecr.us-east-1.amazonaws.com/geoschem')
        $calls = Get-TerraformCalls
        $calls[0] | Should -Match '^ARGS: init -input=false -no-color -reconfigure -backend-config=path=.*terraform.tfstate$'
        $calls[1] | Should -Be 'ARGS: plan -input=false -no-color -json -out=tfplan'
        $calls[2] | Should -Be 'ARGS: apply -input=false -no-color -json tfplan'
        $calls[3] | Should -Be 'ARGS: output -json'
        $tfvars = (Get-Content $env:GC_FAKE_TERRAFORM_LOG | Where-Object { $_ -like 'TFVARS:*' } | Select-Object -First 1).Substring(8) | ConvertFrom-Json
        ($tfvars.max_vcpus, $tfvars.project_name, $tfvars.create_vpc) | Should -Be @(128, 'geoschem', $true)
        $tfvars.image_variants.Count | Should -BeGreaterThan 5
    }

    It 'stops before writing anything when the vCPU limit is above the quota' {
        $err = $null; try { Initialize-GcPlatform -NonInteractive -Region us-east-1 -MaxVCpus 5000 -ConfigurationPath $script:Config } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GcPlatformPreflightFailed,*'
        $err.Exception.Message | Should -Match 'compute.maxVCpus is 5000'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-1216C47A'
        Test-Path $script:Config | Should -BeFalse
        Get-TerraformCalls | Should -BeNullOrEmpty
    }

    It 'names a wrong region and a budget of zero' {
        $e1 = $null; try { Initialize-GcPlatform -NonInteractive -Region eu-wset-1 -ConfigurationPath $script:Config } catch { $e1 = $_ }
        $e1.Exception.Message | Should -Match "region: 'eu-wset-1' is not an AWS region"
        $e1.ErrorDetails.RecommendedAction | Should -Match "eu-west-1"
        $e2 = $null; try { Initialize-GcPlatform -NonInteractive -Region us-east-1 -MonthlyBudgetUsd 0 -ConfigurationPath $script:Config } catch { $e2 = $_ }
        $e2.Exception.Message | Should -Match 'budget.monthlyUsd'
        Test-Path $script:Config | Should -BeFalse
    }
}

Describe 'Initialize-GcPlatform interactively' {
    BeforeEach { Reset-Platform }

    It 'asks its questions through the host, showing quotas and recommendations, and deploys when told to' {
        $answers = @(
            ''            # profile: take the suggestion (no profiles here, so the default chain)
            'us-east-1'   # region
            '96'          # max vCPUs
            'GCClassic', 'fullchem', '4x5'
            '250'         # monthly budget
            'Private'     # network: private subnets with NAT
            ''            # VPC CIDR: the suggestion
            'Yes'         # deploy now
        )
        $scripted = [GeosChemTests.ScriptedHost]::new([string[]] $answers)
        $runspace = [runspacefactory]::CreateRunspace($scripted)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; Initialize-GcPlatform -ConfigurationPath '$($script:Config)'")
        $results = $ps.Invoke()
        $errors = @($ps.Streams.Error)
        $ps.Dispose(); $runspace.Dispose()
        $errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty
        $scripted.Unanswered | Should -Be 0
        $scripted.Questions[1] | Should -Be 'AWS region'
        ($scripted.Written -join "`n") | Should -Match 'vCPU quotas in us-east-1: 256 Standard On-Demand, 128 Standard Spot'
        ($scripted.Written -join "`n") | Should -Match 'Recommended for GCClassic fullchem 4x5: '
        $c = Get-GcConfiguration -ConfigurationPath $script:Config
        ($c.Compute.MaxVCpus, $c.Budget.MonthlyUsd, $c.Network.PrivateSubnets, $c.Network.VpcCidr, $c.Defaults.Resolution) | Should -Be @(96, 250, $true, '10.42.0.0/16', '4x5')
        $c.Deployed.SpotJobQueue | Should -Be 'geoschem-spot'
        ($results | Where-Object { $_ -is [GeosChem.PowerShell.Models.GcPlatform] }).Status | Should -Be 'Healthy'
    }

    It 'stops at a region that does not exist, writing nothing' {
        $scripted = [GeosChemTests.ScriptedHost]::new([string[]] @('', 'us-esat-1'))
        $runspace = [runspacefactory]::CreateRunspace($scripted); $runspace.Open()
        $ps = [powershell]::Create(); $ps.Runspace = $runspace
        $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; Initialize-GcPlatform -ConfigurationPath '$($script:Config)'")
        try { $ps.Invoke() } catch { }
        $err = @($ps.Streams.Error) + @($ps.InvocationStateInfo.Reason) | Where-Object { $_ } | Select-Object -First 1
        "$err" | Should -Match "'us-esat-1' is not an AWS region"
        $ps.Dispose(); $runspace.Dispose()
        Test-Path $script:Config | Should -BeFalse
    }
}

Describe 'Deploy-GcPlatform, Get-, Test- and Remove-GcPlatform' {
    BeforeEach {
        Reset-Platform
        New-GcConfiguration us-east-1 -MaxVCpus 128 -ConfigurationPath $script:Config | Out-Null
    }

    It 'checks the vCPU limit against the quotas before running terraform' {
        Set-GcConfiguration compute.maxVCpus 4000 -ConfigurationPath $script:Config
        $err = $null; try { Deploy-GcPlatform -ConfigurationPath $script:Config -Force } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GcPlatformPreflightFailed,*'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 4000'
        Get-TerraformCalls | Should -BeNullOrEmpty
    }

    It 'passes the EFA multi-node environment and FSx for Lustre to terraform, and shows them deployed' {
        Set-GcConfiguration compute.onDemandInstanceTypes @('c7i') -ConfigurationPath $script:Config
        Set-GcConfiguration compute.multiNodeInstanceTypes @('hpc7a.96xlarge') -ConfigurationPath $script:Config -WarningAction SilentlyContinue
        Set-GcConfiguration storage.fsxLustreGiB 1200 -ConfigurationPath $script:Config -WarningVariable cost -WarningAction SilentlyContinue
        $cost -join ' ' | Should -Match '168 USD a month'
        $deployed = Deploy-GcPlatform -ConfigurationPath $script:Config -Force -WarningAction SilentlyContinue 6>$null
        $tfvars = (Get-Content $env:GC_FAKE_TERRAFORM_LOG | Where-Object { $_ -like 'TFVARS:*' } | Select-Object -First 1).Substring(8) | ConvertFrom-Json
        ($tfvars.multinode_instance_types, $tfvars.fsx_lustre_storage_gib, $tfvars.ondemand_instance_types) | Should -Be @('hpc7a.96xlarge', 1200, 'c7i')
        ($deployed.Efa, $deployed.MultiNodeInstanceTypes, $deployed.FsxLustreGiB, $deployed.InputDataMount) | Should -Be @($true, 'hpc7a.96xlarge', 1200, '/fsx')
        ($deployed | Format-Table | Out-String -Width 200) | Should -Match 'geoschem-ondemand +EFA +FSx 1200 GiB +geoschem-results'
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed.MultiNodeInstanceTypes | Should -Be @('hpc7a.96xlarge')
    }

    It 'gives job definitions registered on a platform with FSx the input data file system, read-only, as their data root' {
        Set-GcConfiguration storage.fsxLustreGiB 1200 -ConfigurationPath $script:Config -WarningAction SilentlyContinue
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force -WarningAction SilentlyContinue 6>$null | Out-Null
        $env:GC_CONFIG_FILE = $script:Config
        try {
            $def = Register-GcJobDefinition -Name gc-on-fsx -Image example/geoschem:1 -VCpus 2 -MemoryGiB 4 -WarningAction SilentlyContinue
            $job = Submit-GcBatchJob -Name on-fsx -JobDefinition $def.JobDefinition -WarningAction SilentlyContinue
        }
        finally { Remove-Item Env:GC_CONFIG_FILE }
        $container = Invoke-Emulator "batch/job-container?region=us-east-1&jobId=$($job.JobId)" -Method GET
        $container.volumes[0].host.sourcePath | Should -Be '/fsx'
        ($container.mountPoints[0].containerPath, $container.mountPoints[0].readOnly, $container.mountPoints[0].sourceVolume) | Should -Be @('/fsx', $true, $container.volumes[0].name)
        (Invoke-Emulator "batch/job-environment?region=us-east-1&jobId=$($job.JobId)" -Method GET).GC_DATA_ROOT | Should -Be '/fsx'
    }

    It 'refuses FSx sizes Lustre does not make and multi-node types without EFA, writing nothing' {
        Set-GcConfiguration storage.fsxLustreGiB 1000 -ConfigurationPath $script:Config -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'GcConfigurationInvalid,*'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'Use 1200 GiB'
        New-GcConfiguration us-east-1 -OnDemandInstanceType c7a -MultiNodeInstanceType c7i.16xlarge -ConfigurationPath (Join-Path $TestDrive 'efa.json') -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].Exception.Message | Should -Match 'c7i.16xlarge does not support EFA'
        Join-Path $TestDrive 'efa.json' | Should -Not -Exist
        (Get-GcConfiguration -ConfigurationPath $script:Config).Storage.FsxLustreGiB | Should -Be 0
    }

    It 'plans only under -WhatIf, and never runs terraform init (which reaches the registry) for it' {
        Deploy-GcPlatform -ConfigurationPath $script:Config -WhatIf
        Get-TerraformCalls | Should -BeNullOrEmpty
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed | Should -BeNullOrEmpty
        # A workspace already initialised is planned, still without init.
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null | Out-Null
        Remove-Item $env:GC_FAKE_TERRAFORM_LOG
        Deploy-GcPlatform -ConfigurationPath $script:Config -WhatIf 6>$null
        @(Get-TerraformCalls | Where-Object { $_ -like 'ARGS:*' }) | Should -Be @('ARGS: plan -input=false -no-color -json -out=tfplan')
    }

    It 'quotes terraform''s own first error and advises on it (the registry unreachable)' {
        $env:GC_FAKE_TERRAFORM_INIT_FAIL = '1'
        try {
            $err = $null; try { Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null } catch { $err = $_ }
        }
        finally { Remove-Item Env:GC_FAKE_TERRAFORM_INIT_FAIL }
        $err.FullyQualifiedErrorId | Should -BeLike 'GcTerraformFailed,*'
        $err.Exception.Message | Should -Match 'Error: Failed to query available provider packages.*could not connect to registry.terraform.io'
        $err.ErrorDetails.RecommendedAction | Should -Match 'filesystem_mirror'
        $err.ErrorDetails.RecommendedAction | Should -Not -Match 'Set-GcConfiguration'
    }

    It 'says how to install terraform when it is missing' {
        $saved = $env:PATH
        $env:PATH = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'empty-path')).FullName # no terraform anywhere
        try {
            $err = $null; try { Deploy-GcPlatform -ConfigurationPath $script:Config -Force } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'GcTerraformNotFound,*'
            $err.ErrorDetails.RecommendedAction | Should -Match 'developer.hashicorp.com/terraform/install'
        }
        finally { $env:PATH = $saved }
    }

    It 'reports what terraform said when apply fails, and records nothing' {
        $env:GC_FAKE_TERRAFORM_FAIL = '1'
        try {
            $err = $null; try { Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'GcTerraformFailed,*'
            $err.Exception.Message | Should -Match 'Instance type can only be one of the supported types, got c9z'
        }
        finally { Remove-Item Env:GC_FAKE_TERRAFORM_FAIL }
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed | Should -BeNullOrEmpty
    }

    It 'deploys, reports a healthy platform, and removes it keeping the results bucket' {
        $deployed = Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null
        $deployed.Status | Should -Be 'Healthy'
        (Get-GcPlatform -ConfigurationPath $script:Config).Status | Should -Be 'Healthy'
        Test-GcPlatform -ConfigurationPath $script:Config | Should -BeNullOrEmpty
        Test-GcPlatform -ConfigurationPath $script:Config -Quiet | Should -BeTrue

        $info = Remove-GcPlatform -ConfigurationPath $script:Config -Force -WarningVariable w -WarningAction SilentlyContinue 6>&1
        ($info | ForEach-Object { "$_" }) | Should -Contain 'Remove-GcPlatform will delete 22 resource(s):'
        ($info | ForEach-Object { "$_" }) | Should -Not -Contain '  - aws_s3_bucket.results'
        $w | Should -Match 'geoschem-results-20261127 was kept'
        (Get-TerraformCalls) | Should -Contain 'ARGS: state rm aws_s3_bucket_policy.results aws_s3_bucket_lifecycle_configuration.results aws_s3_bucket_versioning.results aws_s3_bucket_server_side_encryption_configuration.results aws_s3_bucket_public_access_block.results aws_s3_bucket.results'
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed | Should -BeNullOrEmpty
        (Get-GcPlatform -ConfigurationPath $script:Config).Status | Should -Be 'NotDeployed'
    }

    It 'finds problems with a deployed platform and says how to fix them' {
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null | Out-Null
        Invoke-Emulator 'platform' @{ region = 'us-east-1'; removeRepositories = @('geoschem'); removeBuckets = @('geoschem-results-20261127') } | Out-Null
        $issues = Test-GcPlatform -ConfigurationPath $script:Config
        $issues.Setting | Should -Be @('deployed.ecrRepository', 'deployed.resultsBucket')
        $issues[0].Fix | Should -Match 'Deploy-GcPlatform'
        (Get-GcPlatform -ConfigurationPath $script:Config).Status | Should -Be 'Degraded'
    }

    It 'gives Submit-GcBatchJob the deployed Spot queue when no -JobQueue is given' {
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null | Out-Null
        $def = Register-GcJobDefinition -Name gc-default-queue -Image example/geoschem:1 -VCpus 2 -MemoryGiB 4
        $env:GC_CONFIG_FILE = $script:Config
        try { (Submit-GcBatchJob -Name uses-default -JobDefinition $def.JobDefinition).JobQueue | Should -Be 'geoschem-spot' }
        finally { Remove-Item Env:GC_CONFIG_FILE }
        $env:GC_CONFIG_FILE = Join-Path $TestDrive 'no-such-config.json'
        try {
            Submit-GcBatchJob -Name no-queue -JobDefinition $def.JobDefinition -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'GcBatchJobQueueMissing,*'
            $e[0].ErrorDetails.RecommendedAction | Should -Match 'Set-GcConfiguration defaults.jobQueue'
        }
        finally { Remove-Item Env:GC_CONFIG_FILE }
    }

    It 'records the deployed AWS budget, and Submit-GcBatchJob refuses a sweep that fits the monthly budget but not what remains of it' {
        New-GcConfiguration us-east-1 -MaxVCpus 128 -MonthlyBudgetUsd 100 -ConfigurationPath $script:Config -Force | Out-Null
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null | Out-Null
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed.BudgetName | Should -Be 'geoschem-monthly'
        # AWS Budgets has counted 70 USD of this month's spend: 30 USD remain of the 100.
        (Invoke-Emulator 'budgets' @{ name = 'geoschem-monthly'; actualUsd = 70 }).limitUsd | Should -Be 100 -Because 'the stand-in for terraform apply made the budget from budget.monthlyUsd'
        $def = Register-GcJobDefinition -Name gc-remainder -Image example/geoschem:1 -VCpus 2 -MemoryGiB 4
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Name = "remainder-$_"; EstimatedCost = 15 } } # 45 USD: within 100, above 30
        $before = Get-EmulatorCount 'handled:SubmitJob'
        $refusal = $null
        try { $rows | Submit-GcBatchJob -JobDefinition $def.JobDefinition -ConfigurationPath $script:Config } catch { $refusal = $_ }
        $refusal.FullyQualifiedErrorId | Should -Be 'GcSweepOverBudget,GeosChem.PowerShell.Commands.SubmitGcBatchJobCommand'
        $refusal.Exception.Message | Should -Match 'estimated at 45.00 USD in total, more than the 30.00 USD that remains this month: 70.00 USD spent this month \(AWS Budgets budget ''geoschem-monthly'', read at \d{4}-\d\d-\d\d \d\d:\d\d UTC'
        $refusal.Exception.Message | Should -Match 'leaving 30.00 USD of the monthly budget of 100.00 USD'
        Get-EmulatorCount 'handled:SubmitJob' | Should -Be $before -Because 'a refused sweep sends nothing'
        Get-EmulatorCount 'handled:DescribeBudget' | Should -BeGreaterThan 0
        $forced = $rows | Submit-GcBatchJob -JobDefinition $def.JobDefinition -ConfigurationPath $script:Config -Force
        $forced.Count | Should -Be 3
        # Within the remainder the rows go out without -Force, and -Verbose says what was spent and what remains.
        $fits = [pscustomobject]@{ Name = 'remainder-fits'; EstimatedCost = 25 } | Submit-GcBatchJob -JobDefinition $def.JobDefinition -ConfigurationPath $script:Config -Verbose 4>&1
        ($fits | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -match '^Budget: 70.00 USD spent this month .* leaving 30.00 USD' }).Count | Should -Be 1
        @($fits | Where-Object { $_.PSObject.TypeNames[0] -eq 'GeosChem.PowerShell.Models.GcBatchJob' }).Count | Should -Be 1
    }

    It 'refuses to remove the platform while jobs are active, unless -Force' {
        Deploy-GcPlatform -ConfigurationPath $script:Config -Force 6>$null | Out-Null
        $def = Register-GcJobDefinition -Name gc-busy -Image example/geoschem:1 -VCpus 2 -MemoryGiB 4
        Submit-GcBatchJob -Name busy -JobQueue geoschem-spot -JobDefinition $def.JobDefinition | Out-Null
        $err = $null; try { Remove-GcPlatform -ConfigurationPath $script:Config -Confirm:$false } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'GcPlatformJobsActive,*'
        $err.Exception.Message | Should -Match '1 job\(s\) are queued or running'
        (Get-GcConfiguration -ConfigurationPath $script:Config).Deployed | Should -Not -BeNullOrEmpty
        Remove-GcPlatform -ConfigurationPath $script:Config -Force -IncludeData -WarningAction SilentlyContinue 6>$null
        (Get-TerraformCalls)[-2] | Should -Be 'ARGS: plan -input=false -no-color -json -out=tfplan -destroy -var=force_destroy_results=true'
        Test-GcPlatform -ConfigurationPath $script:Config -Quiet | Should -BeFalse
    }
}
