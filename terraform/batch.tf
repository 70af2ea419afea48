resource "aws_launch_template" "batch" {
  name_prefix = "${local.name}-batch-"
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

# Prefers Spot; when Spot cannot place a job, Batch tries the On-Demand environment next.
resource "aws_batch_job_queue" "spot" {
  name     = "${local.name}-spot"
  state    = "ENABLED"
  priority = 10
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.spot.arn
  }
  compute_environment_order {
    order               = 2
    compute_environment = aws_batch_compute_environment.ondemand.arn
  }
  tags = merge(local.tags, { "geoschem:fallback-queue" = "${local.name}-ondemand" })
}

resource "aws_batch_job_queue" "ondemand" {
  name     = "${local.name}-ondemand"
  state    = "ENABLED"
  priority = 5
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.ondemand.arn
  }
  tags = local.tags
}
