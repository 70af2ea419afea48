@{
    # The cmdlets, in the default load context. Their assembly's IModuleAssemblyInitializer has the engine and the AWS SDK
    # load in the module's private load context.
    RootModule           = 'bin/net8.0/GeosChem.PowerShell.dll'
    # The output types, in the default load context, where PowerShell resolves [GeosChem.PowerShell.Models.*] names.
    RequiredAssemblies   = @('bin/net8.0/GeosChem.PowerShell.Models.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6b3f7c1e-2d4a-4f7b-9c61-0e5a8d2b4c90'
    Author               = 'GeosChem.PowerShell contributors'
    CompanyName          = 'GeosChem.PowerShell'
    Copyright            = '(c) 2026 GeosChem.PowerShell contributors. MIT License.'
    Description          = 'Run GEOS-Chem on AWS from PowerShell: EC2 vCPU quotas and capacity planning, instance recommendations with runtime and cost estimates, container image builds, and AWS Batch runs.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-GcQuota'
        'Test-GcQuota'
        'Request-GcQuotaIncrease'
        'Get-GcQuotaIncreaseRequest'
        'Get-GcCostEstimate'
        'Get-GcInstanceRecommendation'
        'Update-GcInstanceCatalog'
        'Register-GcJobDefinition'
        'Submit-GcBatchJob'
        'Get-GcBatchJob'
        'Wait-GcBatchJob'
        'Stop-GcBatchJob'
        'Receive-GcBatchJobLog'
        'Get-GcJobCost'
        'Get-GcImageVariant'
        'Start-GcImageBuild'
        'Get-GcImageBuild'
        'Wait-GcImageBuild'
        'Stop-GcImageBuild'
        'Get-GcImage'
        'New-GcConfiguration'
        'Get-GcConfiguration'
        'Set-GcConfiguration'
        'Test-GcConfiguration'
        'Initialize-GcPlatform'
        'Deploy-GcPlatform'
        'Get-GcPlatform'
        'Test-GcPlatform'
        'Remove-GcPlatform'
        'Get-GcRunTiming'
        'Add-GcCalibrationRun'
        'Get-GcCalibrationRun'
        'Remove-GcCalibrationRun'
        'Export-GcCalibrationRun'
        'Start-GcBenchmark'
        'Get-GcBenchmarkReport'
        'Get-GcRunDirectory'
        'Test-GcRunDirectory'
        'New-GcRunDirectory'
        'Publish-GcRunDirectory'
        'Get-GcInputData'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('GEOS-Chem', 'AWS', 'Batch', 'HPC', 'AtmosphericChemistry', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md'
        }
    }
}
