// The platform's own Terraform promises (issue 14), checked on the parsed module so that a change that breaks one
// fails CI: the provider pinned to one major version with a committed lock of that version; interface endpoints only in
// a VPC the module creates; the ECR repository deletable with its images; the job role unable to delete objects;
// results versioned by default with previous versions expiring; the Spot queue on Spot capacity only; one
// architecture per compute environment; finished-job events to SNS and an AWS Budgets budget on that topic; the
// multi-node environment in a cluster placement group, one subnet, EFA from its launch template; FSx linked to s3://geos-chem.
// Usage: node check-platform-rules.mjs <module dir>. Prints { dir, problems: [{ rule, message }] }; exits 1 on a problem.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

const dir = resolve(process.argv[2] ?? '.');
const problems = [];
const fail = (rule, message) => problems.push({ rule, message });

const resources = {};
const variables = {};
const data = {};
let terraformBlock = {};
for (const name of readdirSync(dir).filter(f => f.endsWith('.tf'))) {
    const json = await parse(name, readFileSync(join(dir, name), 'utf8'));
    for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [n, v] of Object.entries(byName)) resources[`${type}.${n}`] = v[0];
    for (const [type, byName] of Object.entries(json.data ?? {})) for (const [n, v] of Object.entries(byName)) data[`${type}.${n}`] = v[0];
    for (const [k, v] of Object.entries(json.variable ?? {})) variables[k] = v[0];
    if (json.terraform) terraformBlock = json.terraform[0];
}
const text = value => JSON.stringify(value ?? '');

// Provider: one major version, and the committed lock holds a version inside it.
const aws = terraformBlock.required_providers?.[0]?.aws ?? {};
const major = /^~>\s*(\d+)\.\d+$/.exec(aws.version ?? '');
if (!major) fail('provider-pin', `the aws provider constraint "${aws.version}" is not pinned to one major version (~> N.M)`);
const lockPath = join(dir, '.terraform.lock.hcl');
if (!existsSync(lockPath)) fail('provider-lock', '.terraform.lock.hcl is not committed');
else {
    const lock = readFileSync(lockPath, 'utf8');
    const locked = /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"(\d+)\./.exec(lock);
    if (!locked || (major && locked[1] !== major[1])) fail('provider-lock', `the lock's aws provider is not version ${major?.[1]}.x`);
    if (!/"zh:[0-9a-f]{64}"/.test(lock)) fail('provider-lock', 'the lock has no zh: hashes, so it verifies on one platform only');
}

// Interface endpoints (and their security group) only where the module creates the VPC.
for (const [address, body] of Object.entries(resources)) {
    if (address.startsWith('aws_vpc_endpoint.') || address === 'aws_security_group.endpoints') {
        if (!/var\.create_vpc/.test(text(body.count ?? body.for_each))) fail('endpoints-own-vpc', `${address} is not conditional on var.create_vpc`);
    }
}

const ecr = resources['aws_ecr_repository.images'];
if (ecr?.force_delete !== true) fail('ecr-deletable', 'aws_ecr_repository.images has no force_delete = true: Remove-GcPlatform would stop at a repository with images');
if (ecr?.image_tag_mutability !== 'IMMUTABLE') fail('ecr-immutable', 'aws_ecr_repository.images is not IMMUTABLE');

const jobPolicy = data['aws_iam_policy_document.job'];
if (/s3:DeleteObject/.test(text(jobPolicy))) fail('job-role-no-delete', 'the job role may s3:DeleteObject');

if (variables.results_versioning?.default !== true) fail('results-versioning', 'results_versioning is not on by default');
const lifecycle = resources['aws_s3_bucket_lifecycle_configuration.results'];
if (!/noncurrent_version_expiration/.test(text(lifecycle))) fail('results-versioning', 'the results lifecycle has no noncurrent_version_expiration rule');

const spotQueue = resources['aws_batch_job_queue.spot'];
const spotEnvironments = [].concat(spotQueue?.compute_environment_order ?? []).map(o => text(o.compute_environment));
if (spotEnvironments.length !== 1 || !/aws_batch_compute_environment\.spot\./.test(spotEnvironments[0] ?? '')) {
    fail('spot-queue-spot-only', 'the Spot queue places jobs on more than the Spot compute environment, so Spot estimates would be wrong');
}

for (const name of ['spot_instance_types', 'ondemand_instance_types', 'multinode_instance_types']) {
    const rules = [].concat(variables[name]?.validation ?? []);
    if (!rules.some(r => /\[a-z\]\+\[0-9\]\+g/.test(text(r.condition)))) fail('one-architecture', `variable ${name} does not refuse a mix of Graviton and x86_64 types`);
}

const rule = resources['aws_cloudwatch_event_rule.job_finished'];
const target = resources['aws_cloudwatch_event_target.job_finished'];
if (!/Batch Job State Change/.test(text(rule?.event_pattern))) fail('job-events', 'no EventBridge rule on "Batch Job State Change"');
if (!/aws_sns_topic\.alerts\.arn/.test(text(target?.arn))) fail('job-events', 'the job-state rule does not target the alerts SNS topic');
const budget = resources['aws_budgets_budget.monthly'];
if (!/var\.monthly_budget_usd/.test(text(budget?.limit_amount)) || !/aws_sns_topic\.alerts/.test(text(budget?.notification))) {
    fail('budget', 'no AWS Budgets budget from var.monthly_budget_usd notifying the alerts topic');
}

const multinode = resources['aws_batch_compute_environment.multinode'];
const template = resources['aws_launch_template.multinode'];
const computeResources = [].concat(multinode?.compute_resources ?? [])[0] ?? {};
if (!/aws_placement_group\.multinode/.test(text(computeResources.placement_group))) fail('multinode-efa', 'the multi-node environment is not in the cluster placement group');
const subnets = computeResources.subnets;
if (!Array.isArray(subnets) || subnets.length !== 1 || /\[\*\]|compute_subnet_ids\}/.test(subnets[0])) fail('multinode-efa', 'the multi-node environment does not use exactly one subnet');
if (resources['aws_placement_group.multinode']?.strategy !== 'cluster') fail('multinode-efa', 'the multi-node placement group is not a cluster group');
if (![].concat(template?.network_interfaces ?? []).some(n => n.interface_type === 'efa')) fail('multinode-efa', 'the multi-node launch template gives no EFA interface');

const fsx = resources['aws_fsx_lustre_file_system.input'];
if (fsx?.import_path !== 's3://geos-chem') fail('fsx', 'no FSx for Lustre file system linked to s3://geos-chem');

console.log(JSON.stringify({ dir, problems }, null, 1));
process.exit(problems.length ? 1 : 0);
