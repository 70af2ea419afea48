# The smallest platform: a new VPC with public subnets (no NAT cost), defaults for everything else.
provider "aws" {
  region = "us-east-1"
}

module "geoschem" {
  source = "../.."
}

output "spot_job_queue" {
  description = "The spot job queue of the platform."
  value       = module.geoschem.spot_job_queue
}
