resource "aws_launch_template" "batch" {
  name_prefix = "${local.name}-batch-"
  user_data   = local.fsx_user_data
  # Hop limit 2: the container (one hop past the host) reads the Spot interruption notice from instance metadata.
  metadata_options {
    http_tokens                 = "required"
    http_endpoint               = "enabled"
    http_put_response_hop_limit = 2
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

resource "aws_batch_compute_environment" "spot" {
  compute_environment_name_prefix = "${local.name}-spot-"
  type                            = "MANAGED"
  service_role                    = aws_iam_role.batch_service.arn
  compute_resources {
    type                = "SPOT"
    allocation_strategy = "SPOT_PRICE_CAPACITY_OPTIMIZED"
    min_vcpus           = 0
    max_vcpus           = var.max_vcpus
    instance_type       = var.spot_instance_types
    instance_role       = aws_iam_instance_profile.instance.arn
    subnets             = local.compute_subnet_ids
    security_group_ids  = [aws_security_group.compute.id]
    launch_template {
      launch_template_id = aws_launch_template.batch.id
      version            = aws_launch_template.batch.latest_version
    }
    tags = local.tags
  }
  tags = local.tags
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_iam_role_policy_attachment.batch_service]
}

resource "aws_batch_compute_environment" "ondemand" {
  compute_environment_name_prefix = "${local.name}-ondemand-"
  type                            = "MANAGED"
  service_role                    = aws_iam_role.batch_service.arn
  compute_resources {
    type                = "EC2"
    allocation_strategy = "BEST_FIT_PROGRESSIVE"
    min_vcpus           = 0
    max_vcpus           = var.max_vcpus
    instance_type       = var.ondemand_instance_types
    instance_role       = aws_iam_instance_profile.instance.arn
    subnets             = local.compute_subnet_ids
    security_group_ids  = [aws_security_group.compute.id]
    launch_template {
      launch_template_id = aws_launch_template.batch.id
      version            = aws_launch_template.batch.latest_version
    }
    tags = local.tags
  }
  tags = local.tags
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_iam_role_policy_attachment.batch_service]
}

# Spot only. Jobs that Spot cannot run are resubmitted to the On-Demand queue by Wait-GcBatchJob -FallbackToOnDemand,
# as a new job that is priced as On-Demand: a Spot queue that silently fell through to On-Demand capacity would run
# jobs at On-Demand prices while every estimate said Spot.
resource "aws_batch_job_queue" "spot" {
  name     = "${local.name}-spot"
  state    = "ENABLED"
  priority = 10
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.spot.arn
  }
  tags = merge(local.tags, { "geoschem:fallback-queue" = "${local.name}-ondemand" })
}

# Single-node jobs run on the On-Demand environment; multi-node GCHP jobs, which name an EFA instance type only the
# multi-node environment offers, are placed there.
resource "aws_batch_job_queue" "ondemand" {
  name     = "${local.name}-ondemand"
  state    = "ENABLED"
  priority = 5
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.ondemand.arn
  }
  dynamic "compute_environment_order" {
    for_each = local.multinode ? [aws_batch_compute_environment.multinode[0].arn] : []
    content {
      order               = 2
      compute_environment = compute_environment_order.value
    }
  }
  tags = local.tags
}
