resource "aws_ecr_repository" "images" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE"
  # Remove-GcPlatform must finish: a repository that still holds images cannot be deleted otherwise.
  force_delete = true
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "AES256"
  }
  tags = local.tags
}

locals {
  # One rule per image variant: keep its newest images_to_keep images, whatever GEOS-Chem version they carry.
  variant_rules = [for i, v in var.image_variants : {
    rulePriority = i + 1
    description  = "Keep the last ${var.images_to_keep} ${lower(v.model)} ${v.compiler} ${v.mpi} ${v.architecture} images"
    selection = {
      tagStatus      = "tagged"
      tagPatternList = ["${lower(v.model)}-*-${v.compiler}-${v.mpi}-${v.architecture}"]
      countType      = "imageCountMoreThan"
      countNumber    = var.images_to_keep
    }
    action = { type = "expire" }
  }]
  untagged_rule = {
    rulePriority = length(var.image_variants) + 1
    description  = "Expire untagged images after a week"
    selection = {
      tagStatus   = "untagged"
      countType   = "sinceImagePushed"
      countUnit   = "days"
      countNumber = 7
    }
    action = { type = "expire" }
  }
}

resource "aws_ecr_lifecycle_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy     = jsonencode({ rules = concat(local.variant_rules, [local.untagged_rule]) })
}
