# Loads the cmdlet assembly and its AWS SDK dependencies into a private AssemblyLoadContext, so this module
# works beside AWS.Tools (or anything else) that already loaded another AWSSDK.Core in the session.
# The manifest's NestedModules loads GeosChem.PowerShell.Loader.dll (the default context); its one cmdlet loads the
# assembly and sets the hook that registers the views before the first command after the import.
# One statement on purpose: every command and .NET member a script uses is PowerShell code compiled on first use, the
# largest part of the import's cost (docs/architecture.md, "What Import-Module does").
Microsoft.PowerShell.Core\Import-Module -Assembly (GeosChem.PowerShell.Loader\Initialize-GcModuleImport)
