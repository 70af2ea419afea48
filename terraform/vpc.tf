resource "aws_vpc" "this" {
  count                = var.create_vpc ? 1 : 0
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = local.name })
}

resource "aws_internet_gateway" "this" {
  count  = var.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "public" {
  count                   = var.create_vpc ? length(local.azs) : 0
  vpc_id                  = aws_vpc.this[0].id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = !var.private_subnets
  tags                    = merge(local.tags, { Name = "${local.name}-public-${local.azs[count.index]}" })
}

resource "aws_subnet" "private" {
  count             = var.create_vpc && var.private_subnets ? length(local.azs) : 0
  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 8)
  tags              = merge(local.tags, { Name = "${local.name}-private-${local.azs[count.index]}" })
}

resource "aws_route_table" "public" {
  count  = var.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }
  tags = merge(local.tags, { Name = "${local.name}-public" })
}

resource "aws_route_table_association" "public" {
  count          = var.create_vpc ? length(local.azs) : 0
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_eip" "nat" {
  count  = var.create_vpc && var.private_subnets ? 1 : 0
  domain = "vpc"
  tags   = merge(local.tags, { Name = "${local.name}-nat" })
}

resource "aws_nat_gateway" "this" {
  count         = var.create_vpc && var.private_subnets ? 1 : 0
  allocation_id = aws_eip.nat[0].id
  subnet_id     = aws_subnet.public[0].id
  tags          = merge(local.tags, { Name = local.name })
}

resource "aws_route_table" "private" {
  count  = var.create_vpc && var.private_subnets ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[0].id
  }
  tags = merge(local.tags, { Name = "${local.name}-private" })
}

resource "aws_route_table_association" "private" {
  count          = var.create_vpc && var.private_subnets ? length(local.azs) : 0
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

locals {
  vpc_id             = var.create_vpc ? aws_vpc.this[0].id : var.existing_vpc_id
  compute_subnet_ids = var.create_vpc ? (var.private_subnets ? aws_subnet.private[*].id : aws_subnet.public[*].id) : var.existing_subnet_ids
  route_table_ids    = var.create_vpc ? concat(aws_route_table.public[*].id, aws_route_table.private[*].id) : []
}

# No inbound rule: Batch instances and image builders only reach out (SSM, ECR, S3, the internet).
resource "aws_security_group" "compute" {
  name        = "${local.name}-compute"
  description = "GEOS-Chem Batch instances and image builders: no inbound, all outbound"
  vpc_id      = local.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_egress_rule" "compute_all" {
  security_group_id = aws_security_group.compute.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# Multi-node GCHP: the nodes of one job talk to each other (MPI over SSH on 2022 and EFA), only within the group.
resource "aws_vpc_security_group_ingress_rule" "compute_self" {
  security_group_id            = aws_security_group.compute.id
  referenced_security_group_id = aws_security_group.compute.id
  ip_protocol                  = "-1"
}

resource "aws_vpc_endpoint" "s3" {
  count             = var.vpc_endpoints && var.create_vpc ? 1 : 0
  vpc_id            = local.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = local.route_table_ids
  tags              = local.tags
}

# Interface endpoints only in a VPC this module creates: in a user's existing VPC their private DNS would take over
# ecr.api/ecr.dkr resolution for everything else in that VPC, and they may already exist there.
resource "aws_security_group" "endpoints" {
  count       = var.vpc_endpoints && var.create_vpc ? 1 : 0
  name        = "${local.name}-endpoints"
  description = "HTTPS from the compute security group to the ECR endpoints"
  vpc_id      = local.vpc_id
  tags        = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  count                        = var.vpc_endpoints && var.create_vpc ? 1 : 0
  security_group_id            = aws_security_group.endpoints[0].id
  referenced_security_group_id = aws_security_group.compute.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_endpoint" "ecr" {
  for_each            = var.vpc_endpoints && var.create_vpc ? toset(["ecr.api", "ecr.dkr"]) : toset([])
  vpc_id              = local.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = local.compute_subnet_ids
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true
  tags                = local.tags
}
