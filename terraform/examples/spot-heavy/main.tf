# Sweeps of many GCClassic runs on Spot: many instance families for capacity, a large vCPU limit, private subnets.
provider "aws" {
  region = "us-west-2"
}

module "geoschem" {
  source                  = "../.."
  project_name            = "gc-sweeps"
  private_subnets         = true
  availability_zone_count = 4
  max_vcpus               = 2048
  spot_instance_types     = ["c7i", "c6i", "c6a", "c7a", "m7i", "m6i", "m6a", "r7i", "c7g", "m7g"]
  ondemand_instance_types = ["c7i", "c7a"]
  results_glacier_days    = 90
}

output "spot_job_queue" {
  description = "The spot job queue of the platform."
  value       = module.geoschem.spot_job_queue
}
