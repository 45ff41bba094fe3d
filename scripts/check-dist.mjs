// Rebuilds in memory and fails on any difference from the committed dist/ (missing, extra or changed file).
import fs from 'node:fs';
import path from 'node:path';
import { buildInMemory } from './build.mjs';
import { options } from './build-config.mjs';

const fresh = await buildInMemory();
const problems = [];
const onDisk = new Set();
(function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else onDisk.add(path.relative(options.outdir, p));
  }
})(options.outdir);
for (const [rel, data] of Object.entries(fresh)) {
  const p = path.join(options.outdir, rel);
  if (!onDisk.has(rel)) problems.push(`missing: dist/${rel}`);
  else if (!fs.readFileSync(p).equals(data)) problems.push(`differs: dist/${rel}`);
  onDisk.delete(rel);
}
for (const rel of onDisk) problems.push(`not produced by the build: dist/${rel}`);
if (problems.length) {
  console.error(
    `check-dist: dist/ does not match a fresh build:\n  ${problems.join('\n  ')}\nRun \`npm run build\` and commit dist/.`,
  );
  process.exit(1);
}
console.log(`check-dist: dist/ matches a fresh build (${Object.keys(fresh).length} files)`);
