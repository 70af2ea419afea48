# Least privilege: AWS-managed policies only where AWS defines the service's own needs (Batch service, ECS agent,
# SSM agent); everything of ours names its resources. No "Action": "*", and no "Resource": "*" on anything that writes.

data "aws_iam_policy_document" "assume_batch" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["batch.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "assume_ecs_tasks" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "batch_service" {
  name               = "${local.name}-batch-service"
  assume_role_policy = data.aws_iam_policy_document.assume_batch.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "batch_service" {
  role       = aws_iam_role.batch_service.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSBatchServiceRole"
}

resource "aws_iam_role" "instance" {
  name               = "${local.name}-batch-instance"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "instance_ecs" {
  role       = aws_iam_role.instance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}

resource "aws_iam_instance_profile" "instance" {
  name = "${local.name}-batch-instance"
  role = aws_iam_role.instance.name
  tags = local.tags
}

# The role GEOS-Chem containers run as: read the public input data, read and write only the project's results.
data "aws_iam_policy_document" "job" {
  statement {
    sid       = "ReadPublicGeosChemInput"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::geos-chem", "arn:${local.partition}:s3:::geos-chem/*"]
  }
  statement {
    sid       = "ListResults"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.results.arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["results/*", "runs/*"]
    }
  }
  statement {
    sid       = "ReadRunDirectories"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.results.arn}/runs/*", "${aws_s3_bucket.results.arn}/results/*"]
  }
  # No s3:DeleteObject: a job adds and overwrites results (older versions kept by versioning) but never removes them.
  statement {
    sid       = "WriteResults"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.results.arn}/results/*"]
  }
}

resource "aws_iam_role" "job" {
  name               = "${local.name}-job"
  assume_role_policy = data.aws_iam_policy_document.assume_ecs_tasks.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "job" {
  name   = "geoschem-data"
  role   = aws_iam_role.job.id
  policy = data.aws_iam_policy_document.job.json
}

# Image builders: managed by SSM, read their build context, write their logs, push to the one repository.
data "aws_iam_policy_document" "builder" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "PushToTheRepository"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
    ]
    resources = [aws_ecr_repository.images.arn]
  }
  statement {
    sid       = "ReadBuildContexts"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.results.arn}/geoschem-builds/*"]
  }
  statement {
    sid       = "WriteBuildLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.results.arn}/geoschem-builds/*/logs/*"]
  }
}

resource "aws_iam_role" "builder" {
  name               = "${local.name}-image-builder"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "builder_ssm" {
  role       = aws_iam_role.builder.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role_policy" "builder" {
  name   = "geoschem-image-build"
  role   = aws_iam_role.builder.id
  policy = data.aws_iam_policy_document.builder.json
}

resource "aws_iam_instance_profile" "builder" {
  name = "${local.name}-image-builder"
  role = aws_iam_role.builder.name
  tags = local.tags
}
