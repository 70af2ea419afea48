# GeosChem.PowerShell platform: networking, image registry, AWS Batch (Spot + On-Demand), IAM and storage for
# running GEOS-Chem. Deploy-GcPlatform runs this with a generated geoschem.auto.tfvars.json; it can also be used as a
# plain Terraform module (see examples/).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The module is written for provider 5.x (tested with 5.100.0, see .terraform.lock.hcl); 6.x changed resources it uses.
      version = "~> 5.40"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name       = var.project_name
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  tags = merge(var.tags, {
    "geoschem:project"    = var.project_name
    "geoschem:managed-by" = "GeosChem.PowerShell"
  })
  azs = slice(data.aws_availability_zones.available.names, 0, min(var.availability_zone_count, length(data.aws_availability_zones.available.names)))
}
