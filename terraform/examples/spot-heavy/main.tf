# Sweeps of many GCClassic runs on Spot: many x86_64 instance families for capacity (one architecture per compute
# environment: a Graviton sweep needs arm64 images and its own platform), a large vCPU limit, private subnets.
provider "aws" {
  region = "us-west-2"
}

module "geoschem" {
  source                  = "../.."
  project_name            = "gc-sweeps"
  private_subnets         = true
  availability_zone_count = 4
  max_vcpus               = 2048
  spot_instance_types     = ["c7i", "c6i", "c6a", "c7a", "m7i", "m6i", "m6a", "r7i", "r6i"]
  ondemand_instance_types = ["c7i", "c7a"]
  results_glacier_days    = 90
}

output "spot_job_queue" {
  description = "The spot job queue of the platform."
  value       = module.geoschem.spot_job_queue
}
