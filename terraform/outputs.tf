output "region" {
  description = "The region the platform is in."
  value       = local.region
}

output "vpc_id" {
  description = "The VPC of the platform."
  value       = local.vpc_id
}

output "subnet_ids" {
  description = "Subnets Batch and the image builder run in."
  value       = local.compute_subnet_ids
}

output "security_group_ids" {
  description = "Security groups for Batch instances and image builders (no inbound from outside)."
  value       = [aws_security_group.compute.id]
}

output "ecr_repository" {
  description = "The ECR repository for GEOS-Chem images."
  value       = aws_ecr_repository.images.name
}

output "ecr_repository_uri" {
  description = "The repository URI images are pushed to and pulled from."
  value       = aws_ecr_repository.images.repository_url
}

output "results_bucket" {
  description = "The S3 bucket for run directories, restarts, output and image build contexts."
  value       = aws_s3_bucket.results.bucket
}

output "log_group" {
  description = "The CloudWatch Logs group of the jobs."
  value       = aws_cloudwatch_log_group.jobs.name
}

output "spot_job_queue" {
  description = "The queue that prefers Spot and falls back to On-Demand capacity."
  value       = aws_batch_job_queue.spot.name
}

output "ondemand_job_queue" {
  description = "The On-Demand queue (multi-node GCHP, and the Spot fallback)."
  value       = aws_batch_job_queue.ondemand.name
}

output "compute_environments" {
  description = "The Batch compute environments."
  value       = [aws_batch_compute_environment.spot.compute_environment_name, aws_batch_compute_environment.ondemand.compute_environment_name]
}

output "job_role_arn" {
  description = "The role GEOS-Chem containers run as (Register-GcJobDefinition -JobRoleArn)."
  value       = aws_iam_role.job.arn
}

output "builder_instance_profile" {
  description = "The instance profile of image builders (Start-GcImageBuild)."
  value       = aws_iam_instance_profile.builder.name
}

output "max_vcpus" {
  description = "The vCPU limit of each compute environment."
  value       = var.max_vcpus
}

output "alerts_topic_arn" {
  description = "SNS topic of finished-job and budget alerts."
  value       = aws_sns_topic.alerts.arn
}

output "budget_name" {
  description = "The AWS Budgets budget of the month's spend (empty without budget.monthlyUsd); Submit-GcBatchJob reads its actual spend."
  value       = var.monthly_budget_usd > 0 ? aws_budgets_budget.monthly[0].name : ""
}

output "input_data_mount" {
  description = "Where the FSx for Lustre copy of s3://geos-chem is mounted on Batch instances (empty without FSx)."
  value       = local.fsx ? local.fsx_mount_point : ""
}

output "multinode_instance_types" {
  description = "Instance types of the EFA multi-node compute environment (empty: no multi-node environment; multi-node jobs then run over TCP)."
  value       = var.multinode_instance_types
}

output "fsx_lustre_storage_gib" {
  description = "Size of the FSx for Lustre input data file system in GiB (0: none)."
  value       = var.fsx_lustre_storage_gib
}
