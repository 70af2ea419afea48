// Offline checks of our Dockerfiles, beyond what dockerfilelint knows: they parse (dockerfile-ast), external base images
// are pinned, every stage is named and the last is "runtime", variables are declared in the stage that uses them (a
// global ARG is visible only to FROM lines), ARGs are used, COPY sources exist, nothing is fetched with ADD, the
// entrypoint is in exec form, the runtime stage runs as a non-root user and carries its OCI version label, and no AWS
// key is written in. Prints one JSON line: { file, problems: [{ line, rule, message }] }; exits 1 on any problem.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

const file = resolve(process.argv[2]);
const context = resolve(process.argv[3] ?? dirname(dirname(file)));
const text = readFileSync(file, 'utf8');
const dockerfile = DockerfileParser.parse(text);
const problems = [];
const report = (instruction, rule, message) =>
    problems.push({ line: (instruction?.getRange().start.line ?? -1) + 1, rule, message });

const known = new Set(['FROM', 'ARG', 'ENV', 'RUN', 'COPY', 'ADD', 'LABEL', 'USER', 'WORKDIR', 'ENTRYPOINT', 'CMD', 'EXPOSE',
    'VOLUME', 'SHELL', 'HEALTHCHECK', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER']);
const instructions = dockerfile.getInstructions();
for (const i of instructions) {
    if (!known.has(i.getKeyword())) report(i, 'unknown-instruction', `unknown instruction ${i.getKeyword()}`);
}
if (instructions.length === 0) report(null, 'empty', 'no instructions');

const globalArgs = new Map(dockerfile.getInitialARGs().map(a => [a.getProperty().getName(), a.getProperty().getValue()]));
const froms = dockerfile.getFROMs();
const stageNames = new Set(froms.map(f => f.getBuildStage()).filter(Boolean));
if (froms.length < 2) report(froms[0], 'multi-stage', 'expected a multi-stage build (build stages and a slim runtime stage)');

const substitute = value => (value ?? '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name) => globalArgs.get(name) ?? '');
for (const from of froms) {
    if (!from.getBuildStage()) report(from, 'stage-name', 'every stage needs a name (FROM ... AS name)');
    const image = from.getImageName();
    if (stageNames.has(image)) continue;
    const tag = substitute(from.getImageTag());
    if (!tag && !from.getImageDigest()) report(from, 'pinned-base', `${image} has no tag: pin the base image`);
    if (tag === 'latest') report(from, 'pinned-base', `${image}:latest moves: pin a version`);
}
if (froms.length > 0 && froms[froms.length - 1].getBuildStage() !== 'runtime') {
    report(froms[froms.length - 1], 'runtime-stage', 'the last stage should be named "runtime"');
}

// Stages: the instructions between one FROM and the next.
const stages = froms.map((from, index) => {
    const start = from.getRange().start.line;
    const end = index + 1 < froms.length ? froms[index + 1].getRange().start.line : Infinity;
    return { from, body: instructions.filter(i => i.getRange().start.line > start && i.getRange().start.line < end) };
});
const builtins = new Set(['PATH', 'HOME', 'TARGETPLATFORM', 'TARGETARCH', 'BUILDPLATFORM', 'HOSTNAME']);
for (const { from, body } of stages) {
    const declared = new Set();
    const parentStage = stages.find(s => s.from.getBuildStage() === from.getImageName());
    const inherited = parentStage ? parentStage.body.filter(i => i.getKeyword() === 'ENV').flatMap(i => i.getProperties().map(p => p.getName())) : [];
    inherited.forEach(n => declared.add(n));
    const usedArgs = new Set();
    for (const i of body) {
        const keyword = i.getKeyword();
        if (keyword !== 'RUN') {
            for (const v of i.getVariables?.() ?? []) {
                const name = v.getName();
                if (!declared.has(name) && !builtins.has(name)) {
                    report(i, 'undeclared-variable', `\${${name}} is not declared in stage ${from.getBuildStage()} (a global ARG must be declared again inside the stage)`);
                }
                usedArgs.add(name);
            }
        } else {
            for (const v of i.getVariables()) usedArgs.add(v.getName());
        }
        if (keyword === 'ARG' || keyword === 'ENV') {
            for (const p of (keyword === 'ARG' ? [i.getProperty()] : i.getProperties())) declared.add(p.getName());
        }
        if (keyword === 'ADD') report(i, 'no-add', 'use COPY; ADD fetches URLs and unpacks archives implicitly');
        if (keyword === 'COPY' && !(i.getFlags?.() ?? []).some(f => f.getName() === 'from')) {
            const args = i.getArguments().map(a => a.getValue()).filter(a => !a.startsWith('--'));
            for (const source of args.slice(0, -1)) {
                if (!existsSync(join(context, source))) report(i, 'copy-source', `${source} does not exist in the build context ${context}`);
            }
        }
    }
    for (const i of body.filter(i => i.getKeyword() === 'ARG')) {
        const name = i.getProperty().getName();
        const usedLater = body.some(j => j.getRange().start.line > i.getRange().start.line && (j.getVariables?.() ?? []).some(v => v.getName() === name));
        if (!usedLater) report(i, 'unused-arg', `ARG ${name} is never used in stage ${from.getBuildStage()}`);
    }
}

const runtime = stages[stages.length - 1]?.body ?? [];
const user = runtime.filter(i => i.getKeyword() === 'USER').pop();
if (!user) report(froms[froms.length - 1], 'non-root', 'the runtime stage must switch to an unprivileged USER');
else if (['root', '0'].includes(user.getArguments()[0]?.getValue())) report(user, 'non-root', 'the runtime stage runs as root');
const entrypoint = runtime.find(i => i.getKeyword() === 'ENTRYPOINT');
if (!entrypoint) report(froms[froms.length - 1], 'entrypoint', 'the runtime stage needs an ENTRYPOINT');
else if (!entrypoint.getRawArgumentsContent().trim().startsWith('[')) report(entrypoint, 'entrypoint', 'use the exec form, so SIGTERM reaches the entrypoint');
if (!runtime.some(i => i.getKeyword() === 'LABEL' && i.getRawArgumentsContent().includes('org.opencontainers.image.version'))) {
    report(froms[froms.length - 1], 'oci-labels', 'the runtime stage should carry org.opencontainers.image.version');
}
text.split('\n').forEach((line, index) => {
    if (/AKIA[0-9A-Z]{16}/.test(line) || /aws_secret_access_key/i.test(line)) problems.push({ line: index + 1, rule: 'no-secrets', message: 'an AWS credential is written into the Dockerfile' });
});

console.log(JSON.stringify({ file, problems }));
process.exit(problems.length === 0 ? 0 : 1);
