# Optional (var.fsx_lustre_storage_gib > 0): an FSx for Lustre file system linked to the public GEOS-Chem input data
# bucket s3://geos-chem, mounted read-mostly at /fsx on every Batch instance, so that jobs read input data lazily from
# Lustre instead of each job staging what it needs onto the instance's root volume. This is the approach
# geoschem/gc-cloud-infrastructure takes for GCHP (deploy/modules/fsx-lustre: a 1,200 GiB file system with
# import_path; its launch template installs the Lustre client and mounts the file system at start-up).
#
# Cost: SCRATCH_2 is billed per provisioned GB-month whether or not jobs run: about 0.14 USD per GB-month in us-east-1
# (AWS FSx for Lustre pricing), so the smallest file system (1,200 GiB) costs about 168 USD a month. Destroy it between
# campaigns (set the size back to 0 and deploy) if that is more than staging per job costs you.

locals {
  fsx             = var.fsx_lustre_storage_gib > 0
  fsx_mount_point = "/fsx"
  fsx_user_data = local.fsx ? base64encode(<<-MIME
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="==GEOSCHEM=="

    --==GEOSCHEM==
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    set -euo pipefail
    # Amazon Linux 2023 (the current ECS-optimized AMI) ships lustre-client; Amazon Linux 2 gets it from extras.
    dnf install -y lustre-client || amazon-linux-extras install -y lustre
    mkdir -p ${local.fsx_mount_point}
    mount -t lustre -o relatime,flock ${aws_fsx_lustre_file_system.input[0].dns_name}@tcp:/${aws_fsx_lustre_file_system.input[0].mount_name} ${local.fsx_mount_point}

    --==GEOSCHEM==--
    MIME
  ) : null
}

resource "aws_fsx_lustre_file_system" "input" {
  count                 = local.fsx ? 1 : 0
  storage_capacity      = var.fsx_lustre_storage_gib
  deployment_type       = "SCRATCH_2"
  subnet_ids            = [local.compute_subnet_ids[0]]
  security_group_ids    = [aws_security_group.fsx[0].id]
  import_path           = "s3://geos-chem"
  auto_import_policy    = "NONE"
  data_compression_type = "LZ4"
  tags                  = merge(local.tags, { Name = "${local.name}-input" })
}

# Lustre clients reach the file servers on TCP 988 and 1018-1023; only the Batch instances may.
resource "aws_security_group" "fsx" {
  count       = local.fsx ? 1 : 0
  name        = "${local.name}-fsx"
  description = "FSx for Lustre input data: Lustre from the GEOS-Chem compute instances only"
  vpc_id      = local.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "fsx_lustre" {
  for_each                     = local.fsx ? { "988" = [988, 988], "1018-1023" = [1018, 1023] } : {}
  security_group_id            = aws_security_group.fsx[0].id
  referenced_security_group_id = aws_security_group.compute.id
  ip_protocol                  = "tcp"
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}

resource "aws_vpc_security_group_ingress_rule" "fsx_lustre_self" {
  for_each                     = local.fsx ? { "988" = [988, 988], "1018-1023" = [1018, 1023] } : {}
  security_group_id            = aws_security_group.fsx[0].id
  referenced_security_group_id = aws_security_group.fsx[0].id
  ip_protocol                  = "tcp"
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}
