// Every download the image builds make is pinned and checked before use. Rules, over a dockerfiles/ directory:
//   download-outside-helper  curl, wget or git clone anywhere but the two checking helpers (scripts/fetch-pinned.sh, which
//                            verifies a SHA-256 or a PGP signature, and scripts/build-geoschem.sh, which verifies the
//                            pinned commit);
//   helper-does-not-check    a helper lost a check (sha256sum --check; gpg's GOODSIG and VALIDSIG against the pinned
//                            fingerprint; rev-parse HEAD against the pin);
//   bad-pin                  a row of scripts/pinned-downloads.tsv whose pin is not one of the verified forms, or whose URL
//                            is not https, or that does not say where its pin comes from. The verified forms:
//                              sha256:<64 hex>  an archive fetched by fetch-pinned.sh,
//                              pgp:<40 HEX>     an archive fetched by fetch-pinned.sh with its <url>.sig, signed by the key in
//                                               scripts/keys/<name>.asc whose fingerprint is exactly this,
//                              git:<40 hex>     a git URL (.git), cloned only by build-geoschem.sh;
//                            anything else ("unpinned", a short hash, a bare version) is refused, and a "latest" version
//                            only with a pgp: pin;
//   key-mismatch             a pgp: row whose scripts/keys/<name>.asc is missing, unreadable, or another key;
//   missing-pin              a library version of variants.json, or a GEOS-Chem version of a model, without a row;
//   unknown-download         a fetch_pinned call for a name that has no row, or whose row is a git: pin (fetch-pinned.sh
//                            cannot verify a commit).
// Prints one JSON line: { dir, problems: [{ file, line, rule, message }] }.
import { createHash } from 'node:crypto';
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
    [join(dir, 'scripts', 'fetch-pinned.sh')]: {
        allowed: /\bcurl\b/,
        check: /sha256sum --check[\s\S]*GOODSIG[\s\S]*VALIDSIG .*\$fingerprint|sha256sum --check[\s\S]*VALIDSIG .*\$fingerprint[\s\S]*GOODSIG/,
        what: 'sha256sum --check, and gpg\'s GOODSIG and VALIDSIG against the pinned fingerprint',
    },
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

// The v4 fingerprint of the first public key in an ASCII-armored key file (RFC 4880 12.2: SHA-1 of 0x99, the two-octet
// length and the key packet's body), or an error message.
export function armoredKeyFingerprint(text) {
    const armor = text.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/);
    if (!armor) return { error: 'no PGP public key block' };
    const lines = armor[1].split(/\r?\n/);
    const blank = lines.findIndex(l => l.trim() === '');
    const body = lines.slice(blank + 1).filter(l => l.trim() && !l.startsWith('='));
    const bytes = Buffer.from(body.join(''), 'base64');
    if (bytes.length < 3 || !(bytes[0] & 0x80)) return { error: 'not an OpenPGP packet' };
    let tag, length, offset;
    if (bytes[0] & 0x40) {
        tag = bytes[0] & 0x3f;
        const first = bytes[1];
        if (first < 192) [length, offset] = [first, 2];
        else if (first < 224) [length, offset] = [((first - 192) << 8) + bytes[2] + 192, 3];
        else if (first === 255) [length, offset] = [bytes.readUInt32BE(2), 6];
        else return { error: 'partial packet length in a key packet' };
    } else {
        tag = (bytes[0] >> 2) & 0x0f;
        const type = bytes[0] & 0x03;
        if (type === 0) [length, offset] = [bytes[1], 2];
        else if (type === 1) [length, offset] = [bytes.readUInt16BE(1), 3];
        else if (type === 2) [length, offset] = [bytes.readUInt32BE(1), 5];
        else return { error: 'indeterminate packet length' };
    }
    if (tag !== 6) return { error: `first packet is not a public key (tag ${tag})` };
    const packet = bytes.subarray(offset, offset + length);
    if (packet.length !== length) return { error: 'truncated key packet' };
    if (packet[0] !== 4) return { error: `version ${packet[0]} key (only v4 fingerprints are checked)` };
    const header = Buffer.from([0x99, (length >> 8) & 0xff, length & 0xff]);
    return { fingerprint: createHash('sha1').update(header).update(packet).digest('hex').toUpperCase() };
}

const pinsFile = join(dir, 'scripts', 'pinned-downloads.tsv');
const rows = new Map();
if (!existsSync(pinsFile)) report(pinsFile, 0, 'missing-pin', 'scripts/pinned-downloads.tsv does not exist');
else readFileSync(pinsFile, 'utf8').split('\n').forEach((line, index) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [name, version, pin, url, source] = line.split('\t');
    rows.set(`${name} ${version}`, pin);
    const where = `${name} ${version}`;
    if (/^sha256:[0-9a-f]{64}$/.test(pin ?? '')) {
        if (/\.git$/.test(url ?? '')) report(pinsFile, index + 1, 'bad-pin', `${where}: a git URL is pinned by git:<commit>, not a SHA-256`);
    } else if (/^git:[0-9a-f]{40}$/.test(pin ?? '')) {
        if (!/\.git$/.test(url ?? '')) report(pinsFile, index + 1, 'bad-pin', `${where}: git:<commit> pins a git URL (.git), not ${url}`);
    } else if (/^pgp:[0-9A-F]{40}$/.test(pin ?? '')) {
        const keyFile = join(dir, 'scripts', 'keys', `${name}.asc`);
        if (!existsSync(keyFile)) {
            report(pinsFile, index + 1, 'key-mismatch', `${where}: signed by ${pin}, but scripts/keys/${name}.asc does not exist`);
        } else {
            const key = armoredKeyFingerprint(readFileSync(keyFile, 'utf8'));
            if (key.error) report(keyFile, 0, 'key-mismatch', `${where}: scripts/keys/${name}.asc: ${key.error}`);
            else if (`pgp:${key.fingerprint}` !== pin) {
                report(keyFile, 0, 'key-mismatch', `${where}: scripts/keys/${name}.asc is key ${key.fingerprint}, the row pins ${pin.slice(4)}`);
            }
        }
    } else {
        report(pinsFile, index + 1, 'bad-pin', `${where}: '${pin}' is not sha256:<64 hex>, pgp:<40 HEX fingerprint> or git:<40 hex>: nothing unpinned or unverified is accepted`);
    }
    // A moving version ("latest") is verified only by who signed it: a checksum of it would be wrong the day it moves.
    if (version === 'latest' && !/^pgp:/.test(pin ?? '')) report(pinsFile, index + 1, 'bad-pin', `${where}: a latest download is pinned by its signing key (pgp:), not ${pin}`);
    if (!/^https:\/\//.test(url ?? '')) report(pinsFile, index + 1, 'bad-pin', `${where}: URL must be https`);
    if (!source?.trim()) report(pinsFile, index + 1, 'bad-pin', `${where}: say where the pin comes from`);
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
        if (!call || /^\s*#/.test(line)) return;
        const pins = [...rows.entries()].filter(([k]) => k.startsWith(`${call[1]} `)).map(([, pin]) => pin);
        if (pins.length === 0) report(file, index + 1, 'unknown-download', `fetch_pinned ${call[1]}: no such name in pinned-downloads.tsv`);
        else if (pins.some(pin => pin?.startsWith('git:'))) {
            report(file, index + 1, 'unknown-download', `fetch_pinned ${call[1]}: a git: pin is verified only by build-geoschem.sh's clone, not by fetch-pinned.sh`);
        }
    });
}

console.log(JSON.stringify({ dir, problems }));
process.exit(problems.length === 0 ? 0 : 1);
