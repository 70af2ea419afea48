# build.ps1 itself: run against stand-in task functions (a copy of build.ps1 beside a BuildTasks.ps1 that only records
# what was called), so the task loop is tested without building anything.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Sandbox = Join-Path $TestDrive 'repo'
    $null = New-Item -ItemType Directory -Force (Join-Path $script:Sandbox 'src' 'Build')
    Copy-Item (Join-Path $script:Root 'build.ps1') $script:Sandbox
    Set-Content (Join-Path $script:Sandbox 'src' 'Build' 'BuildTasks.ps1') @'
$script:Results = [ordered]@{}
function Get-BuildPaths([string] $Root) { [pscustomobject]@{ Root = $Root } }
foreach ($name in 'Clean', 'Build', 'Docs', 'Package', 'Bench', 'Demo', 'PesterTests') {
    Set-Item "function:Invoke-$name" ([scriptblock]::Create("Write-Output 'ran:$name'"))
}
function Invoke-UnitTests { Write-Output 'ran:UnitTests'; $script:Results['xUnit'] = 'failed' }
function Exit-WithResults { Write-Output "exit:$($script:Results.Count)"; exit 1 }
'@
    function Invoke-BuildScript([string[]] $Tasks) {
        $build = Join-Path $script:Sandbox 'build.ps1'
        $output = Invoke-FreshPwsh "& '$build' -Task $($Tasks -join ','); `"code:`$([int] `$LASTEXITCODE)`""
        @($output | Where-Object { $_ -match '^(ran|exit|code):' })
    }
}

Describe 'build.ps1' {
    It 'runs every task in order, then exits with the test results' {
        Invoke-BuildScript 'UnitTest', 'Package' | Should -Be @('ran:UnitTests', 'ran:Build', 'ran:Package', 'exit:1', 'code:1')
    }

    It 'exits with the test results once, after the last of several test tasks' {
        Invoke-BuildScript 'UnitTest', 'Docs', 'UnitTest' | Should -Be @('ran:UnitTests', 'ran:Docs', 'ran:UnitTests', 'exit:1', 'code:1')
    }

    It 'exits normally when no test task ran' {
        Invoke-BuildScript 'Clean', 'Docs' | Should -Be @('ran:Clean', 'ran:Docs', 'code:0')
    }
}

Describe 'The ReadyToRun pwsh of the Bench' {
    BeforeAll {
        . (Join-Path $script:Root 'src' 'Build' 'BuildTasks.ps1')
    }

    It 'is built from the PowerShell version of the dotnet tool that runs the build and the tests' {
        $tool = (Get-Content (Join-Path $script:Root '.config' 'dotnet-tools.json') -Raw | ConvertFrom-Json).tools.powershell.version
        Get-PinnedPackageVersion $script:Root 'Microsoft.PowerShell.SDK' | Should -Be $tool
        $PSVersionTable.PSVersion.ToString() | Should -Be $tool
    }

    It 'is refused, before anything is published, when the pinned SDK is another version than the running pwsh' {
        $sandbox = Join-Path $TestDrive 'mismatch'
        $null = New-Item -ItemType Directory -Force $sandbox
        Set-Content (Join-Path $sandbox 'Directory.Packages.props') '<Project><ItemGroup><PackageVersion Include="Microsoft.PowerShell.SDK" Version="7.0.0" /></ItemGroup></Project>'
        $paths = [pscustomobject]@{ Root = $sandbox; Output = (Join-Path $sandbox 'output') }
        { Publish-ReadyToRunPwsh $paths } | Should -Throw "*PowerShell 7.0.0 but the dotnet tool is $($PSVersionTable.PSVersion)*"
        Join-Path $sandbox 'output' | Should -Not -Exist
    }

    It 'is not in the solution, so a plain build never restores the PowerShell SDK' {
        Get-Content (Join-Path $script:Root 'GeosChem.PowerShell.sln') -Raw | Should -Not -Match 'BenchHost'
        Get-Content (Join-Path $script:Root 'src' 'GeosChem.PowerShell.BenchHost' 'GeosChem.PowerShell.BenchHost.csproj') -Raw | Should -Match '<PublishReadyToRun>true</PublishReadyToRun>'
    }
}
