# Multi-node GCHP over EFA (optional: var.multinode_instance_types). AWS Batch's EFA requirements: every instance in
# one cluster placement group, an EFA interface from the launch template in a security group that lets the group talk
# to itself, and the EFA device passed to the container (Register-GcJobDefinition adds it for these types only).
# A cluster placement group lives in one Availability Zone, so the environment uses one subnet.

locals {
  multinode        = length(var.multinode_instance_types) > 0
  multinode_subnet = local.multinode ? local.compute_subnet_ids[0] : ""
}

resource "aws_placement_group" "multinode" {
  count    = local.multinode ? 1 : 0
  name     = "${local.name}-multinode"
  strategy = "cluster"
  tags     = local.tags
}

resource "aws_launch_template" "multinode" {
  count       = local.multinode ? 1 : 0
  name_prefix = "${local.name}-multinode-"
  user_data   = local.fsx_user_data
  metadata_options {
    http_tokens                 = "required"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 2
  }
  network_interfaces {
    device_index          = 0
    network_card_index    = 0
    interface_type        = "efa"
    subnet_id             = local.multinode_subnet
    security_groups       = [aws_security_group.compute.id]
    delete_on_termination = true
  }
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = var.root_volume_gib
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }
  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }
  tags = local.tags
}

resource "aws_batch_compute_environment" "multinode" {
  count                           = local.multinode ? 1 : 0
  compute_environment_name_prefix = "${local.name}-multinode-"
  type                            = "MANAGED"
  service_role                    = aws_iam_role.batch_service.arn
  compute_resources {
    type                = "EC2"
    allocation_strategy = "BEST_FIT_PROGRESSIVE"
    min_vcpus           = 0
    max_vcpus           = var.max_vcpus
    instance_type       = var.multinode_instance_types
    instance_role       = aws_iam_instance_profile.instance.arn
    subnets             = [local.multinode_subnet]
    placement_group     = aws_placement_group.multinode[0].name
    launch_template {
      launch_template_id = aws_launch_template.multinode[0].id
      version            = aws_launch_template.multinode[0].latest_version
    }
    tags = local.tags
  }
  tags = local.tags
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_iam_role_policy_attachment.batch_service]
}
