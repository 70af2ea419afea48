# Loads the cmdlet assembly and its AWS SDK dependencies into a private AssemblyLoadContext, so this module
# works beside AWS.Tools (or anything else) that already loaded another AWSSDK.Core in the session.
$binPath = [IO.Path]::Combine($PSScriptRoot, 'bin', 'net8.0')

$isReload = $true
if (-not ('GeosChem.PowerShell.Loader.LoadContext' -as [type])) {
    # Assembly.LoadFrom, not Add-Type -Path: Add-Type costs about 150 ms of start-up on its first use.
    $null = [System.Reflection.Assembly]::LoadFrom([IO.Path]::Combine($binPath, 'GeosChem.PowerShell.Loader.dll'))
    $isReload = $false
}

$mainAssembly = [GeosChem.PowerShell.Loader.LoadContext]::Initialize()
$innerModule = Microsoft.PowerShell.Core\Import-Module -Assembly $mainAssembly -PassThru:$isReload

if ($innerModule) {
    # Import-Module -Force re-uses the cached assembly module but does not re-export its cmdlets
    # (PowerShell issue 20710), so add them to this module by hand.
    $addCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}
