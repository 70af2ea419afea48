# Loads the cmdlet assembly and its AWS SDK dependencies into a private AssemblyLoadContext, so this module
# works beside AWS.Tools (or anything else) that already loaded another AWSSDK.Core in the session.
# The manifest's NestedModules loads GeosChem.PowerShell.Loader.dll (the default context) and its two cmdlets do the
# work. Import cost: this file calls no .NET member, because PowerShell binds each one dynamically on its first use,
# which cost more than the rest of the import (docs/architecture.md, "What Import-Module does").
$assemblyModule = Microsoft.PowerShell.Core\Import-Module -Assembly (GeosChem.PowerShell.Loader\Get-GcModuleAssembly) -PassThru
# Re-exports after Import-Module -Force; registers the views on the first command after the import, not during it.
GeosChem.PowerShell.Loader\Complete-GcModuleImport -AssemblyModule $assemblyModule -FormatFile "$PSScriptRoot/GeosChem.PowerShell.Format.ps1xml"
