# Loads the cmdlet assembly and its AWS SDK dependencies into a private AssemblyLoadContext, so this module
# works beside AWS.Tools (or anything else) that already loaded another AWSSDK.Core in the session.
# Import cost: each .NET member used here costs PowerShell a dynamic binding on first use, so this file makes few such
# calls and leaves the rest to the Loader (docs/architecture.md, "What Import-Module does").
$isReload = $true
if (-not ('GeosChem.PowerShell.Loader.LoadContext' -as [type])) {
    # Assembly.LoadFrom, not Add-Type -Path: Add-Type costs about 150 ms of start-up on its first use.
    $null = [System.Reflection.Assembly]::LoadFrom("$PSScriptRoot/bin/net8.0/GeosChem.PowerShell.Loader.dll")
    $isReload = $false
}

$innerModule = Microsoft.PowerShell.Core\Import-Module -Assembly ([GeosChem.PowerShell.Loader.LoadContext]::Initialize()) -PassThru:$isReload

if ($innerModule) {
    # Import-Module -Force re-uses the cached assembly module but does not re-export its cmdlets
    # (PowerShell issue 20710), so add them to this module by hand.
    $addCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}

# The views are registered on the first command after the import, not during it (see FirstCommandViews).
[GeosChem.PowerShell.Loader.FirstCommandViews]::Register($ExecutionContext, "$PSScriptRoot/GeosChem.PowerShell.Format.ps1xml")
