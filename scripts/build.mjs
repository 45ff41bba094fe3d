// Bundles dist/index.js (the action) and dist/cli.js (the CLI) with every runtime dependency inside,
// plus dist/licenses.txt for the bundled third-party code. Used by `npm run build` and check-dist.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { options, root } from './build-config.mjs';

/** Returns {relativePath: Buffer} for everything the build produces, without touching dist/. */
export async function buildInMemory() {
  const result = await esbuild.build({ ...options, write: false });
  const files = {};
  for (const out of result.outputFiles) {
    files[path.relative(options.outdir, out.path)] = Buffer.from(out.contents);
  }
  files['licenses.txt'] = Buffer.from(licenses(result.metafile));
  return files;
}

function licenses(metafile) {
  const pkgs = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = input.slice(0, m.index + m[0].length - 1);
    if (!pkgs.has(m[1])) pkgs.set(m[1], dir);
  }
  const parts = [];
  for (const [name, dir] of [...pkgs].sort(([a], [b]) => a.localeCompare(b))) {
    const pj = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const lic = fs
      .readdirSync(path.join(root, dir))
      .find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = lic
      ? fs.readFileSync(path.join(root, dir, lic), 'utf8').trim()
      : '(no licence file in package)';
    parts.push(`${name}@${pj.version}\nLicense: ${pj.license ?? 'unknown'}\n\n${text}\n`);
  }
  return `Third-party software bundled in dist/\n\n${parts.join('\n' + '-'.repeat(72) + '\n\n')}`;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const files = await buildInMemory();
  fs.rmSync(options.outdir, { recursive: true, force: true });
  for (const [rel, data] of Object.entries(files)) {
    const p = path.join(options.outdir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data, { mode: rel === 'cli.js' ? 0o755 : 0o644 });
  }
  fs.chmodSync(path.join(options.outdir, 'cli.js'), 0o755);
  const size = Object.entries(files)
    .filter(([r]) => r.endsWith('.js'))
    .reduce((n, [, b]) => n + b.length, 0);
  console.log(
    `dist/: ${Object.keys(files).length} files, ${(size / 1024).toFixed(0)} KiB of JavaScript`,
  );
}
