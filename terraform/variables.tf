variable "project_name" {
  type        = string
  description = "Prefix for every resource name (lower case letters, digits and hyphens)."
  default     = "geoschem"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.project_name))
    error_message = "project_name must be 3-31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource."
  default     = {}
}

variable "create_vpc" {
  type        = bool
  description = "Create a VPC for the platform. False uses existing_subnet_ids and existing_vpc_id."
  default     = true
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the VPC to create (a private range, /16 to /24); must not overlap networks you peer with."
  default     = "10.42.0.0/16"
  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be a valid CIDR between /16 and /24."
  }
}

variable "private_subnets" {
  type        = bool
  description = "Run instances in private subnets behind a NAT gateway (about 33 USD a month plus 0.045 USD per GB in us-east-1). False puts them in public subnets with public IPs and no NAT cost; security groups allow no inbound traffic either way."
  default     = false
}

variable "availability_zone_count" {
  type        = number
  description = "How many Availability Zones the created VPC spans (more zones give Spot more capacity pools)."
  default     = 3
  validation {
    condition     = var.availability_zone_count >= 1 && var.availability_zone_count <= 6
    error_message = "availability_zone_count must be between 1 and 6."
  }
}

variable "existing_vpc_id" {
  type        = string
  description = "With create_vpc = false: the VPC the existing subnets belong to."
  default     = ""
  validation {
    condition     = var.existing_vpc_id == "" || can(regex("^vpc-[0-9a-f]{8,17}$", var.existing_vpc_id))
    error_message = "existing_vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "existing_subnet_ids" {
  type        = list(string)
  description = "With create_vpc = false: subnets (with a route to the internet or to VPC endpoints) for Batch and the image builder."
  default     = []
  validation {
    condition     = alltrue([for s in var.existing_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "existing_subnet_ids must look like subnet-0123456789abcdef0."
  }
}

variable "vpc_endpoints" {
  type        = bool
  description = "Add an S3 gateway endpoint (free) and ECR interface endpoints (about 7 USD a month each per zone) so image pulls and input data stay off the NAT."
  default     = true
}

variable "max_vcpus" {
  type        = number
  description = "Upper limit of vCPUs for each compute environment; Test-GcConfiguration -Online checks it against the EC2 vCPU quotas."
  default     = 256
  validation {
    condition     = var.max_vcpus >= 1 && var.max_vcpus <= 100000
    error_message = "max_vcpus must be between 1 and 100000."
  }
}

variable "spot_instance_types" {
  type        = list(string)
  description = "Instance types for the Spot compute environment (several families give Spot more pools)."
  default     = ["c7i", "c6i", "c7a", "m7i", "r7i"]
  validation {
    condition     = length(var.spot_instance_types) > 0
    error_message = "spot_instance_types needs at least one instance type or family."
  }
  validation {
    condition     = length(distinct([for t in var.spot_instance_types : can(regex("^[a-z]+[0-9]+g", t))])) <= 1
    error_message = "spot_instance_types mixes Graviton (arm64) and x86_64 types: a queue's compute environment runs one image architecture, so a job could land where its image cannot run."
  }
}

variable "ondemand_instance_types" {
  type        = list(string)
  description = "Instance types for the On-Demand compute environment (include EFA types such as hpc7a.96xlarge for multi-node GCHP)."
  default     = ["c7i", "c7a", "hpc7a.96xlarge"]
  validation {
    condition     = length(var.ondemand_instance_types) > 0
    error_message = "ondemand_instance_types needs at least one instance type or family."
  }
  validation {
    condition     = length(distinct([for t in var.ondemand_instance_types : can(regex("^[a-z]+[0-9]+g", t))])) <= 1
    error_message = "ondemand_instance_types mixes Graviton (arm64) and x86_64 types: a queue's compute environment runs one image architecture, so a job could land where its image cannot run."
  }
}

variable "root_volume_gib" {
  type        = number
  description = "Encrypted gp3 root volume of Batch instances, for container images and input data staged per job."
  default     = 200
  validation {
    condition     = var.root_volume_gib >= 30 && var.root_volume_gib <= 16384
    error_message = "root_volume_gib must be between 30 and 16384."
  }
}

variable "image_variants" {
  type = list(object({
    model        = string
    compiler     = string
    mpi          = string
    architecture = string
  }))
  description = "Image variants (from dockerfiles/variants.json) whose last images_to_keep images the ECR lifecycle policy keeps each."
  default     = []
}

variable "images_to_keep" {
  type        = number
  description = "Images kept per variant by the ECR lifecycle policy."
  default     = 5
  validation {
    condition     = var.images_to_keep >= 1 && var.images_to_keep <= 100
    error_message = "images_to_keep must be between 1 and 100."
  }
}

variable "results_versioning" {
  type        = bool
  description = "Keep previous versions of overwritten or deleted results objects for results_noncurrent_days (a re-run cannot silently destroy earlier output)."
  default     = true
}

variable "results_noncurrent_days" {
  type        = number
  description = "Days a previous version of a results object is kept before it expires (with results_versioning)."
  default     = 30
  validation {
    condition     = var.results_noncurrent_days >= 1 && var.results_noncurrent_days <= 3650
    error_message = "results_noncurrent_days must be between 1 and 3650."
  }
}

variable "results_infrequent_access_days" {
  type        = number
  description = "Days after which results move to S3 Standard-IA."
  default     = 30
  validation {
    condition     = var.results_infrequent_access_days >= 30
    error_message = "S3 allows Standard-IA transitions from 30 days."
  }
}

variable "results_glacier_days" {
  type        = number
  description = "Days after which results move to Glacier Instant Retrieval (0 disables)."
  default     = 180
  validation {
    condition     = var.results_glacier_days == 0 || var.results_glacier_days >= 90
    error_message = "results_glacier_days must be 0 (off) or at least 90."
  }
}

variable "force_destroy_results" {
  type        = bool
  description = "Let terraform destroy delete the results bucket with its data (Remove-GcPlatform -IncludeData sets it)."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the Batch job log group."
  default     = 90
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "alert_email" {
  type        = string
  description = "E-mail address subscribed to job state and budget alerts (empty: the SNS topic is created without a subscription)."
  default     = ""
}

variable "monthly_budget_usd" {
  type        = number
  description = "Monthly AWS Budgets limit in USD for the platform's tagged resources (0: no budget), from the configuration's budget.monthlyUsd."
  default     = 0
  validation {
    condition     = var.monthly_budget_usd >= 0 && var.monthly_budget_usd <= 1000000
    error_message = "monthly_budget_usd must be between 0 and 1000000."
  }
}

variable "multinode_instance_types" {
  type        = list(string)
  description = "EFA-capable instance types for multi-node GCHP (for example hpc7a.96xlarge); empty: no multi-node environment. One architecture."
  default     = []
  validation {
    condition     = length(distinct([for t in var.multinode_instance_types : can(regex("^[a-z]+[0-9]+g", t))])) <= 1
    error_message = "multinode_instance_types mixes Graviton (arm64) and x86_64 types; a compute environment's image has one architecture."
  }
}

variable "fsx_lustre_storage_gib" {
  type        = number
  description = "Size of an FSx for Lustre (SCRATCH_2) file system linked to s3://geos-chem and mounted at /fsx on every Batch instance; 0: none. 1200 GiB costs about 168 USD a month in us-east-1."
  default     = 0
  validation {
    condition     = var.fsx_lustre_storage_gib == 0 || (var.fsx_lustre_storage_gib >= 1200 && var.fsx_lustre_storage_gib % 2400 == 0) || var.fsx_lustre_storage_gib == 1200
    error_message = "fsx_lustre_storage_gib must be 0, 1200, or a multiple of 2400 (SCRATCH_2 sizes)."
  }
}
