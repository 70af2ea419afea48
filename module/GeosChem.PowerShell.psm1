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

# The views are registered just before the first command that runs after the import, not during it: registering format
# data makes PowerShell load all of its own views first, the largest part of what importing this module cost, and a
# session that only imports the module never needs them. Every object of ours comes from a command (Get-FormatData is
# one too), so none is formatted before its view exists. The hook runs once and hands on to any hook already set.
$formatFile = [IO.Path]::Combine($PSScriptRoot, 'GeosChem.PowerShell.Format.ps1xml')
$previousLookupAction = $ExecutionContext.InvokeCommand.PostCommandLookupAction
$ExecutionContext.InvokeCommand.PostCommandLookupAction = {
    param($commandName, $lookupEventArgs)
    $ExecutionContext.InvokeCommand.PostCommandLookupAction = $previousLookupAction
    Microsoft.PowerShell.Utility\Update-FormatData -PrependPath $formatFile
    if ($previousLookupAction) { $previousLookupAction.Invoke($commandName, $lookupEventArgs) }
}.GetNewClosure()
