BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:CmdletCount = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '..' '..' 'module' 'GeosChem.PowerShell.psd1')).CmdletsToExport.Count
    $script:Nupkg = Get-ChildItem ([IO.Path]::Combine([IO.Path]::GetDirectoryName($script:ModulePath), 'package')) -Filter 'GeosChem.PowerShell.*.nupkg' | Select-Object -First 1
}

Describe 'The packaged module' {
    It 'installs from a local repository and imports' {
        $script:Nupkg | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Package makes the .nupkg before the tests'
        $repository = "GcLocal$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
        $installTo = Join-Path $TestDrive 'installed'
        $null = New-Item -ItemType Directory $installTo
        $output = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name $repository -Uri '$($script:Nupkg.DirectoryName)' -Trusted
try {
    Install-PSResource -Name GeosChem.PowerShell -Repository $repository -Scope CurrentUser -TrustRepository
    "installed=`$((Get-InstalledPSResource -Name GeosChem.PowerShell).InstalledLocation)"
    Import-Module GeosChem.PowerShell
    `$module = Get-Module GeosChem.PowerShell
    "version=`$(`$module.Version)"
    "commands=`$((Get-Command -Module GeosChem.PowerShell).Count)"
    "help=`$([bool](Get-Help Get-GcQuota).Examples)"
}
finally { Unregister-PSResourceRepository -Name $repository }
"@ -Environment @{ HOME = $installTo }
        ($output | Where-Object { $_ -like 'installed=*' }) | Should -BeLike "installed=$installTo*"
        $output | Should -Contain 'version=0.1.0'
        $output | Should -Contain "commands=$($script:CmdletCount)"
        $output | Should -Contain 'help=True'
    }
}
