// Offline checks of a Terraform module directory (no terraform binary here): every .tf parses (@cdktf/hcl2json); every
// var., local., data., resource and module reference resolves (module outputs and arguments against the called
// module); every variable has a type and a description, and every number a validation block; and the IAM rules
// hold: no statement allows "Action": "*", and no Allow statement puts "Resource": "*" on an action that can write.
// Usage: node check-terraform.mjs <dir>. Prints { dir, problems: [{ file, rule, message }] }; exits 1 on a problem.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

const problems = [];
const report = (file, rule, message) => problems.push({ file, rule, message });

async function load(dir) {
    const module = { dir, variables: {}, locals: {}, resources: {}, data: {}, modules: {}, outputs: {}, files: {} };
    for (const name of readdirSync(dir).filter(f => f.endsWith('.tf')).sort()) {
        let json;
        try {
            json = await parse(name, readFileSync(join(dir, name), 'utf8'));
        } catch (error) {
            report(name, 'parse', String(error.message ?? error).split('\n')[0]);
            continue;
        }
        module.files[name] = json;
        for (const [k, v] of Object.entries(json.variable ?? {})) module.variables[k] = { file: name, body: v[0] };
        for (const block of json.locals ?? []) for (const k of Object.keys(block)) module.locals[k] = name;
        for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [n, v] of Object.entries(byName)) module.resources[`${type}.${n}`] = { file: name, body: v[0] };
        for (const [type, byName] of Object.entries(json.data ?? {})) for (const [n, v] of Object.entries(byName)) module.data[`${type}.${n}`] = { file: name, body: v[0] };
        for (const [k, v] of Object.entries(json.module ?? {})) module.modules[k] = { file: name, body: v[0] };
        for (const [k, v] of Object.entries(json.output ?? {})) module.outputs[k] = { file: name, body: v[0] };
    }
    return module;
}

/** The contents of every ${...} in a value, recursively (braces inside an expression are balanced). */
function expressions(value, found = []) {
    if (typeof value === 'string') {
        for (let i = value.indexOf('${'); i >= 0; i = value.indexOf('${', i + 2)) {
            let depth = 0;
            for (let j = i + 1; j < value.length; j++) {
                if (value[j] === '{') depth++;
                else if (value[j] === '}' && --depth === 0) { found.push(value.slice(i + 2, j)); break; }
            }
        }
    } else if (Array.isArray(value)) value.forEach(v => expressions(v, found));
    else if (value && typeof value === 'object') Object.values(value).forEach(v => expressions(v, found));
    return found;
}

function checkReferences(module, loadedChildren) {
    for (const [file, json] of Object.entries(module.files)) {
        for (const expression of expressions(json)) {
            const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""'); // ignore string literals inside expressions
            for (const m of code.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) if (!module.variables[m[1]]) report(file, 'reference', `var.${m[1]} is not declared`);
            for (const m of code.matchAll(/\blocal\.([A-Za-z0-9_-]+)/g)) if (!(m[1] in module.locals)) report(file, 'reference', `local.${m[1]} is not defined`);
            for (const m of code.matchAll(/\bdata\.([a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)) if (!module.data[`${m[1]}.${m[2]}`]) report(file, 'reference', `data.${m[1]}.${m[2]} is not declared`);
            for (const m of code.matchAll(/(?<![.\w])(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)) {
                if (!module.resources[`${m[1]}.${m[2]}`]) report(file, 'reference', `${m[1]}.${m[2]} is not declared`);
            }
            for (const m of code.matchAll(/\bmodule\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?/g)) {
                const child = module.modules[m[1]];
                if (!child) { report(file, 'reference', `module.${m[1]} is not declared`); continue; }
                const loaded = loadedChildren[m[1]];
                if (loaded && m[2] && !loaded.outputs[m[2]]) report(file, 'reference', `module.${m[1]}.${m[2]}: the module has no output ${m[2]}`);
            }
        }
    }
    for (const [name, { file, body }] of Object.entries(module.modules)) {
        const loaded = loadedChildren[name];
        if (!loaded) { report(file, 'module-source', `module ${name}: source ${body.source} is not a local module`); continue; }
        for (const argument of Object.keys(body).filter(k => !['source', 'version', 'providers', 'depends_on', 'count', 'for_each'].includes(k))) {
            if (!loaded.variables[argument]) report(file, 'module-argument', `module ${name}: ${argument} is not a variable of ${body.source}`);
        }
        for (const [variable, v] of Object.entries(loaded.variables)) {
            if (!('default' in v.body) && !(variable in body)) report(file, 'module-argument', `module ${name}: required variable ${variable} is not given`);
        }
    }
}

function checkVariables(module) {
    for (const [name, { file, body }] of Object.entries(module.variables)) {
        if (!body.type) report(file, 'variable-type', `variable ${name} has no type`);
        if (!body.description || !String(body.description).trim()) report(file, 'variable-description', `variable ${name} has no description`);
        if (body.type === '${number}' && !(body.validation?.length)) report(file, 'variable-validation', `variable ${name} (a number) has no validation block`);
    }
    for (const [name, { file, body }] of Object.entries(module.outputs)) {
        if (!body.description) report(file, 'output-description', `output ${name} has no description`);
    }
}

const readOnly = /^[a-z0-9-]+:(Get|List|Describe|BatchGet|BatchCheck|Head|Query|Scan|View)/;
function checkPolicies(module) {
    for (const [address, { file, body }] of Object.entries(module.data).filter(([a]) => a.startsWith('aws_iam_policy_document.'))) {
        for (const statement of body.statement ?? []) {
            const actions = [].concat(statement.actions ?? [], statement.not_actions ?? []);
            const resources = [].concat(statement.resources ?? []);
            const allow = (statement.effect ?? 'Allow') === 'Allow';
            if (actions.includes('*')) report(file, 'iam-action-star', `${address} ${statement.sid ?? ''}: "Action": "*"`);
            if (statement.not_actions && allow) report(file, 'iam-not-action', `${address} ${statement.sid ?? ''}: Allow with NotAction grants almost everything`);
            const writes = actions.filter(a => !readOnly.test(a));
            if (allow && resources.includes('*') && writes.length > 0) {
                report(file, 'iam-resource-star', `${address} ${statement.sid ?? ''}: "Resource": "*" on actions that can write (${writes.join(', ')})`);
            }
        }
    }
    for (const [address, { file, body }] of Object.entries(module.resources)) {
        if (typeof body.policy === 'string' && !body.policy.startsWith('${data.aws_iam_policy_document.') && !body.policy.startsWith('${jsonencode({ rules')) {
            report(file, 'iam-inline-policy', `${address}: write policies with data "aws_iam_policy_document" so they can be checked`);
        }
    }
}

const dir = resolve(process.argv[2]);
const module = await load(dir);
const children = {};
for (const [name, { body }] of Object.entries(module.modules)) {
    const source = resolve(dir, body.source ?? '');
    if (existsSync(source)) children[name] = await load(source);
}
checkReferences(module, children);
checkVariables(module);
checkPolicies(module);
console.log(JSON.stringify({ dir, problems }));
process.exit(problems.length === 0 ? 0 : 1);
