# Offline lint of what cannot be built or applied here (no Docker engine, no terraform binary): the Dockerfiles parse
# and pass dockerfilelint and our own rules (tests/lint/lint-dockerfiles.mjs, on dockerfile-ast), every shell script
# passes shellcheck, every download of the image builds is pinned by SHA-256, by its publisher's signing key or by commit
# (tests/lint/lint-downloads.mjs), and the
# Terraform module and its examples pass tests/lint/check-terraform.mjs (on @cdktf/hcl2json).
BeforeDiscovery {
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Dockerfiles = @(Get-ChildItem "$root/dockerfiles" -Recurse -Filter Dockerfile | ForEach-Object { @{ Path = $_.FullName; Name = $_.Directory.Name } })
    $script:TerraformDirs = @("$root/terraform") + @(Get-ChildItem "$root/terraform/examples" -Directory | ForEach-Object FullName) |
        ForEach-Object { @{ Path = $_; Name = $_.Substring($root.Length + 1) } }
    $script:Scripts = @(Get-ChildItem "$root/dockerfiles", "$root/tests/entrypoint", "$root/tests/image-contract" -Recurse -File | Where-Object { $_.Extension -eq '.sh' -or (Get-Content $_.FullName -TotalCount 1) -match '^#!.*bash' } |
        ForEach-Object { @{ Path = $_.FullName; Name = $_.FullName.Substring($root.Length + 1) } })
}

BeforeAll {
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Lint = "$($script:Root)/tests/lint"
    if (-not (Test-Path "$($script:Lint)/node_modules/dockerfile-ast") -or -not (Test-Path "$($script:Lint)/node_modules/@cdktf/hcl2json")) {
        & npm ci --prefix $script:Lint --no-audit --no-fund --loglevel=error | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'npm ci in tests/lint failed' }
    }
    function Invoke-OurLint([string] $Path) {
        $json = & node "$($script:Lint)/lint-dockerfiles.mjs" $Path "$($script:Root)/dockerfiles"
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Problems = @(($json | ConvertFrom-Json).problems) }
    }
}

Describe 'Dockerfile <Name>' -ForEach $script:Dockerfiles {
    It 'passes our rules' {
        $result = Invoke-OurLint $Path
        $result.Problems | ForEach-Object { "$($_.line): $($_.rule): $($_.message)" } | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
    }

    It 'passes dockerfilelint' {
        $out = & node "$($script:Lint)/node_modules/dockerfilelint/bin/dockerfilelint" -c $script:Lint $Path 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | Should -Match 'Issues: None found'
    }
}

Describe 'Our Dockerfile rules' {
    It 'catch each mistake in a bad Dockerfile' {
        $result = Invoke-OurLint "$($script:Lint)/fixtures/bad.Dockerfile"
        $result.ExitCode | Should -Be 1
        $rules = $result.Problems.rule | Sort-Object -Unique
        $rules | Should -Be @('copy-source', 'entrypoint', 'no-add', 'no-secrets', 'non-root', 'oci-labels', 'pinned-base', 'runtime-stage', 'stage-name', 'undeclared-variable', 'unused-arg')
    }
}

Describe 'Downloads of the image builds' {
    It 'are all pinned and checked, the AWS CLI by the signing key AWS documents' {
        $json = & node "$($script:Lint)/lint-downloads.mjs" "$($script:Root)/dockerfiles"
        $result = $json | ConvertFrom-Json
        @($result.problems) | ForEach-Object { "$($_.file):$($_.line): $($_.rule): $($_.message)" } | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be 0
        $row = Get-Content "$($script:Root)/dockerfiles/scripts/pinned-downloads.tsv" | Where-Object { $_ -match '^awscli\t' }
        ($row -split "`t")[2] | Should -Be 'pgp:FB5DB77FD5C118B80511ADA8A6310ACC4672475C' -Because 'AWS CLI User Guide: key fingerprint FB5D B77F D5C1 18B8 0511 ADA8 A631 0ACC 4672 475C'
    }

    It 'accepts a key file only when gpg itself reads the pinned fingerprint from it' {
        if (-not (Get-Command gpg -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'gpg is not installed'; return }
        $key = "$($script:Root)/dockerfiles/scripts/keys/awscli.asc"
        $fingerprints = & gpg --batch --show-keys --with-colons $key 2>$null | Where-Object { $_ -like 'fpr:*' } | ForEach-Object { ($_ -split ':')[9] }
        @($fingerprints)[0] | Should -Be 'FB5DB77FD5C118B80511ADA8A6310ACC4672475C'
    }

    It 'pins the SSM Agent key AWS ships for its current signatures, and gpg reads that fingerprint from the committed key' {
        if (-not (Get-Command gpg -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'gpg is not installed'; return }
        $row = Get-Content "$($script:Root)/dockerfiles/scripts/pinned-downloads.tsv" | Where-Object { $_ -match '^amazon-ssm-agent\t' }
        ($row -split "`t")[2] | Should -Be 'pgp:1C5B395CBE5E74E2F1CA21592784DBF388D19D46' -Because 'the key in aws/eks-hybrid@d5bd0d04 internal/ssm/source.go (AWS, 2026-07-21)'
        $key = "$($script:Root)/dockerfiles/scripts/keys/amazon-ssm-agent.asc"
        $listing = & gpg --batch --show-keys --with-colons $key 2>$null
        @($listing | Where-Object { $_ -like 'fpr:*' } | ForEach-Object { ($_ -split ':')[9] })[0] | Should -Be '1C5B395CBE5E74E2F1CA21592784DBF388D19D46'
        @($listing | Where-Object { $_ -like 'uid:*' })[0] | Should -Match 'SSM Agent <ssm-agent-signer@amazon.com>'
    }

    It 'catch each unpinned, unverified or unchecked download in a bad build context' {
        $json = & node "$($script:Lint)/lint-downloads.mjs" "$($script:Lint)/fixtures/bad-downloads"
        $LASTEXITCODE | Should -Be 1
        $problems = @(($json | ConvertFrom-Json).problems)
        $problems.rule | Sort-Object -Unique | Should -Be @('bad-pin', 'download-outside-helper', 'helper-does-not-check', 'key-mismatch', 'missing-pin', 'unknown-download')
        $messages = $problems | ForEach-Object { "$($_.rule): $($_.message)" }
        $messages | Should -Contain "bad-pin: awscli 2.15.34: 'unpinned' is not sha256:<64 hex>, pgp:<40 HEX fingerprint> or git:<40 hex>: nothing unpinned or unverified is accepted"
        $messages | Should -Contain "bad-pin: hdf5 1.14.2: 'sha256:09cdb287' is not sha256:<64 hex>, pgp:<40 HEX fingerprint> or git:<40 hex>: nothing unpinned or unverified is accepted"
        # The fixture key's fingerprint, as gpg printed it when the key was made: the lint computes the same one.
        $messages | Should -Contain 'key-mismatch: signedtool 1.0: scripts/keys/signedtool.asc is key 2616FEF54F50B82DF671FAEF9A75008F3C2433F3, the row pins FB5DB77FD5C118B80511ADA8A6310ACC4672475C'
        $messages | Should -Contain 'key-mismatch: nokey 1.0: signed by pgp:2616FEF54F50B82DF671FAEF9A75008F3C2433F3, but scripts/keys/nokey.asc does not exist'
        $messages | Should -Contain 'bad-pin: gcclassic 14.7.1: git:<commit> pins a git URL (.git), not https://example.org/GCClassic-14.7.1.tar.gz'
        $messages | Should -Contain 'bad-pin: agent latest: a latest download is pinned by its signing key (pgp:), not sha256:590baec83161a3fd62c00efa66f6113cec8a7c461e3f61a5182167e0cc5d579e'
        $messages | Should -Contain "unknown-download: fetch_pinned gcclassic: a git: pin is verified only by build-geoschem.sh's clone, not by fetch-pinned.sh"
        $messages | Should -Contain "helper-does-not-check: no longer checks downloads (sha256sum --check, and gpg's GOODSIG and VALIDSIG against the pinned fingerprint)"
    }
}

Describe 'Shell script <Name>' -ForEach $script:Scripts {
    It 'passes shellcheck' {
        if (-not (Get-Command shellcheck -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'shellcheck is not installed (Debian: apt-get install shellcheck; .ci/run installs it)'
            return
        }
        $out = & shellcheck -x -P SCRIPTDIR $Path 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
    }
}

Describe 'Terraform <Name>' -ForEach $script:TerraformDirs {
    It 'parses, resolves every reference, describes every variable and keeps IAM least-privilege' {
        $json = & node "$($script:Lint)/check-terraform.mjs" $Path
        $problems = @(($json | ConvertFrom-Json).problems)
        $problems | ForEach-Object { "$($_.file): $($_.rule): $($_.message)" } | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be 0
    }
}

Describe 'Our Terraform rules' {
    It 'catch each mistake in a bad module' {
        $json = & node "$($script:Lint)/check-terraform.mjs" "$($script:Lint)/fixtures/bad-terraform"
        $LASTEXITCODE | Should -Be 1
        $rules = ($json | ConvertFrom-Json).problems.rule | Sort-Object -Unique
        $rules | Should -Be @('iam-action-star', 'iam-inline-policy', 'iam-resource-star', 'module-argument', 'output-description', 'reference', 'variable-description', 'variable-type', 'variable-validation')
    }
}

Describe 'Terraform with the real terraform binary' {
    AfterAll { Remove-Item Env:TF_CLI_CONFIG_FILE -ErrorAction SilentlyContinue }
    BeforeAll {
        $script:TerraformExe = (Get-Command terraform -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        # Providers come only from the local filesystem mirror (a CLI configuration), never the registry.
        function Use-MirrorOnly {
            $cli = Join-Path $TestDrive 'mirror.tfrc'
            $path = $script:PluginDir -replace '\\', '/'
            Set-Content $cli "provider_installation {`n  filesystem_mirror {`n    path    = `"$path`"`n    include = [`"registry.terraform.io/hashicorp/*`"]`n  }`n  direct {`n    exclude = [`"registry.terraform.io/hashicorp/*`"]`n  }`n}"
            $env:TF_CLI_CONFIG_FILE = $cli
        }
        $script:PluginDir = @($env:GC_TF_PLUGIN_DIR, '/opt/tf-plugins') | Where-Object { $_ -and (Test-Path (Join-Path $_ 'registry.terraform.io/hashicorp/aws')) } | Select-Object -First 1
    }

    It 'is formatted as terraform fmt writes it' {
        if (-not $script:TerraformExe) { Set-ItResult -Skipped -Because 'terraform is not installed here'; return }
        $out = & $script:TerraformExe -chdir="$((Resolve-Path "$PSScriptRoot/../../terraform").Path)" fmt -check -recursive -no-color 2>&1 | Where-Object { "$_" -notmatch 'CLI configuration|terraformrc|^[│╷╵ ]*$|Warning' }
        $LASTEXITCODE | Should -Be 0 -Because "unformatted: $($out -join ', ')"
    }

    It 'passes terraform validate with the committed lock, and the examples, against the AWS provider <_>' -ForEach @('from a local filesystem mirror') {
        if (-not $script:TerraformExe -or -not $script:PluginDir) { Set-ItResult -Skipped -Because 'terraform or a local mirror of the hashicorp/aws provider (GC_TF_PLUGIN_DIR) is not available; there is no registry access here'; return }
        $copy = Join-Path $TestDrive 'terraform'
        Copy-Item (Resolve-Path "$PSScriptRoot/../../terraform").Path $copy -Recurse
        Use-MirrorOnly
        foreach ($dir in @($copy) + @(Get-ChildItem "$copy/examples" -Directory | ForEach-Object FullName)) {
            # The module itself must install exactly what its committed lock says (readonly: a mismatch fails init).
            $lock = if ($dir -eq $copy) { '-lockfile=readonly' } else { $null }
            $init = & $script:TerraformExe -chdir="$dir" init -backend=false -input=false -no-color $lock 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "terraform init in $dir`n$($init -join "`n")"
            $out = & $script:TerraformExe -chdir="$dir" validate -no-color 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
            ($out -join "`n") | Should -Match 'Success! The configuration is valid'
        }
    }

    It 'refuses a compute environment that mixes Graviton and x86_64 instance types' {
        if (-not $script:TerraformExe -or -not $script:PluginDir) { Set-ItResult -Skipped -Because 'terraform or a local mirror of the hashicorp/aws provider (GC_TF_PLUGIN_DIR) is not available'; return }
        $copy = Join-Path $TestDrive 'terraform-arch'
        Copy-Item (Resolve-Path "$PSScriptRoot/../../terraform").Path $copy -Recurse
        Use-MirrorOnly
        & $script:TerraformExe -chdir="$copy" init -backend=false -input=false -no-color -lockfile=readonly *> $null
        $mixed = 'var.spot_instance_types' | & $script:TerraformExe -chdir="$copy" console -no-color '-var=spot_instance_types=["c7i","c7g"]' 2>&1
        ($mixed -join "`n") | Should -Match 'mixes Graviton'
        $single = 'var.spot_instance_types' | & $script:TerraformExe -chdir="$copy" console -no-color '-var=spot_instance_types=["c7i","c7a"]' 2>&1
        ($single -join "`n") | Should -Not -Match 'Invalid value'
    }
}

Describe 'The platform''s Terraform promises' {
    It 'hold for the module (tests/lint/check-platform-rules.mjs)' {
        $json = & node "$($script:Lint)/check-platform-rules.mjs" "$($script:Root)/terraform"
        @(($json | ConvertFrom-Json).problems) | ForEach-Object { "$($_.rule): $($_.message)" } | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be 0
    }

    It 'are each caught when broken: <Rule>' -ForEach @(
        @{ Rule = 'provider-pin'; File = 'main.tf'; From = 'version = "~> 5.40"'; To = 'version = ">= 5.40.0, < 7.0.0"' }
        @{ Rule = 'provider-lock'; File = '.terraform.lock.hcl'; From = $null; To = $null }
        @{ Rule = 'endpoints-own-vpc'; File = 'vpc.tf'; From = 'var.vpc_endpoints && var.create_vpc ? toset('; To = 'var.vpc_endpoints ? toset(' }
        @{ Rule = 'ecr-deletable'; File = 'ecr.tf'; From = 'force_delete = true'; To = 'force_delete = false' }
        @{ Rule = 'job-role-no-delete'; File = 'iam.tf'; From = '["s3:PutObject", "s3:AbortMultipartUpload"]'; To = '["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]' }
        @{ Rule = 'results-versioning'; File = 'variables.tf'; From = "earlier output).`"`n  default     = true"; To = "earlier output).`"`n  default     = false" }
        @{ Rule = 'spot-queue-spot-only'; File = 'batch.tf'; From = "    compute_environment = aws_batch_compute_environment.spot.arn`n  }"; To = "    compute_environment = aws_batch_compute_environment.spot.arn`n  }`n  compute_environment_order {`n    order               = 2`n    compute_environment = aws_batch_compute_environment.ondemand.arn`n  }" }
        @{ Rule = 'one-architecture'; File = 'variables.tf'; From = 'can(regex("^[a-z]+[0-9]+g", t))'; To = 'can(regex("^x", t))' }
        @{ Rule = 'multinode-efa'; File = 'multinode.tf'; From = 'subnets             = [local.multinode_subnet]'; To = 'subnets             = local.compute_subnet_ids' }
        @{ Rule = 'fsx'; File = 'fsx.tf'; From = 'import_path           = "s3://geos-chem"'; To = 'import_path           = "s3://my-bucket"' }
    ) {
        $copy = Join-Path $TestDrive "broken-$Rule"
        Copy-Item (Resolve-Path "$PSScriptRoot/../../terraform").Path $copy -Recurse
        $file = Join-Path $copy $File
        if ($null -eq $From) { Remove-Item -Force $file }
        else {
            $content = [IO.File]::ReadAllText($file)
            $content.Contains($From) | Should -BeTrue -Because "the mutation must apply to $File"
            [IO.File]::WriteAllText($file, $content.Replace($From, $To))
        }
        $json = & node "$($script:Lint)/check-platform-rules.mjs" $copy
        $LASTEXITCODE | Should -Be 1
        ($json | ConvertFrom-Json).problems.rule | Should -Contain $Rule
    }
}
