# An existing VPC: the subnets need a route to the internet (NAT) or to VPC endpoints for SSM, ECR and S3.
provider "aws" {
  region = "eu-west-1"
}

variable "vpc_id" {
  type        = string
  description = "The existing VPC."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Existing private subnets of that VPC."
}

module "geoschem" {
  source              = "../.."
  create_vpc          = false
  existing_vpc_id     = var.vpc_id
  existing_subnet_ids = var.subnet_ids
  vpc_endpoints       = false
}

output "ondemand_job_queue" {
  description = "The ondemand job queue of the platform."
  value       = module.geoschem.ondemand_job_queue
}
