// Every download the image builds make is pinned and checked before use. Rules, over a dockerfiles/ directory:
//   download-outside-helper  curl, wget or git clone anywhere but the two checking helpers (scripts/fetch-pinned.sh, which
//                            verifies a SHA-256, and scripts/build-geoschem.sh, which verifies the pinned commit);
//   helper-does-not-check    a helper lost its check (sha256sum --check; rev-parse HEAD against the pin);
//   bad-pin                  a row of scripts/pinned-downloads.tsv whose pin is neither sha256:<64 hex> nor git:<40 hex>
//                            nor the explicit "unpinned" (a row the build refuses: fail closed), or whose URL is not https;
//   missing-pin              a library version of variants.json, or a GEOS-Chem version of a model, without a row;
//   unknown-download         a fetch_pinned call for a name that has no row.
// Prints one JSON line: { dir, unpinned: [names of fail-closed rows], problems: [{ file, line, rule, message }] }.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const dir = resolve(process.argv[2]);
const problems = [];
const report = (file, line, rule, message) => problems.push({ file: relative(dir, file), line, rule, message });

const walk = d => readdirSync(d).flatMap(name => {
    const path = join(d, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
});
// What the image builds run: the Dockerfiles and scripts/. The entrypoint (entrypoint/) runs in the finished container and
// only asks the instance metadata endpoint and S3 at run time; it fetches nothing the image is built from.
const files = walk(dir).filter(f => !relative(dir, f).startsWith('entrypoint'))
    .filter(f => f.endsWith('.sh') || f.endsWith('Dockerfile') || f.endsWith('.Dockerfile'));
const helpers = {
    [join(dir, 'scripts', 'fetch-pinned.sh')]: { allowed: /\bcurl\b/, check: /sha256sum --check/, what: 'sha256sum --check' },
    [join(dir, 'scripts', 'build-geoschem.sh')]: { allowed: /\bgit clone\b/, check: /rev-parse HEAD[\s\S]*!= "\$pinned"/, what: 'the clone\'s HEAD compared with the pinned commit' },
};
const download = /(^|[\s;&|(`])(curl|wget)\s|git\s+clone\b|^\s*ADD\s+https?:/;

for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const helper = helpers[file];
    text.split('\n').forEach((line, index) => {
        if (/^\s*#/.test(line)) return;
        if (download.test(line) && !(helper && helper.allowed.test(line))) {
            report(file, index + 1, 'download-outside-helper', `downloads outside fetch-pinned.sh: ${line.trim()}`);
        }
    });
    if (helper && !helper.check.test(text)) report(file, 0, 'helper-does-not-check', `no longer checks downloads (${helper.what})`);
}

const pinsFile = join(dir, 'scripts', 'pinned-downloads.tsv');
const rows = new Map();
const unpinned = [];
if (!existsSync(pinsFile)) report(pinsFile, 0, 'missing-pin', 'scripts/pinned-downloads.tsv does not exist');
else readFileSync(pinsFile, 'utf8').split('\n').forEach((line, index) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [name, version, pin, url, source] = line.split('\t');
    rows.set(`${name} ${version}`, pin);
    if (pin === 'unpinned') unpinned.push(name);
    else if (!/^sha256:[0-9a-f]{64}$/.test(pin ?? '') && !/^git:[0-9a-f]{40}$/.test(pin ?? '')) {
        report(pinsFile, index + 1, 'bad-pin', `${name} ${version}: '${pin}' is not sha256:<64 hex> or git:<40 hex>`);
    }
    if (!/^https:\/\//.test(url ?? '')) report(pinsFile, index + 1, 'bad-pin', `${name} ${version}: URL must be https`);
    if (!source?.trim()) report(pinsFile, index + 1, 'bad-pin', `${name} ${version}: say where the pin comes from`);
});

const variantsFile = join(dir, 'variants.json');
if (existsSync(variantsFile)) {
    const variants = JSON.parse(readFileSync(variantsFile, 'utf8'));
    const names = { cmake: 'cmake', hdf5: 'hdf5', netcdfC: 'netcdf-c', netcdfFortran: 'netcdf-fortran', openmpi: 'openmpi', mpich: 'mpich', esmf: 'esmf', udunits: 'udunits', awscli: 'awscli' };
    for (const [key, version] of Object.entries(variants.libraries ?? {})) {
        const name = names[key] ?? key;
        if (!rows.has(`${name} ${version}`)) report(variantsFile, 0, 'missing-pin', `libraries.${key} ${version} has no row in pinned-downloads.tsv`);
    }
    const models = new Set((variants.variants ?? []).map(v => v.model.toLowerCase()));
    for (const model of models) {
        for (const version of variants.geosChemVersions ?? []) {
            if (!rows.has(`${model} ${version}`)) report(variantsFile, 0, 'missing-pin', `${model} ${version} has no pinned commit in pinned-downloads.tsv`);
        }
    }
}

for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        const call = line.match(/^\s*(?:[^#]*\s)?fetch_pinned(?:_source)?\s+([A-Za-z0-9._-]+)\s/);
        if (call && !/^\s*#/.test(line) && !rows.has([...rows.keys()].find(k => k.startsWith(`${call[1]} `)) ?? '')) {
            report(file, index + 1, 'unknown-download', `fetch_pinned ${call[1]}: no such name in pinned-downloads.tsv`);
        }
    });
}

console.log(JSON.stringify({ dir, unpinned, problems }));
process.exit(problems.length === 0 ? 0 : 1);
