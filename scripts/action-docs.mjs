// The README's table of the action's inputs and outputs, generated from action.yml (as
// actions/checkout does), between the markers below. `node scripts/action-docs.mjs` rewrites it;
// `--check` (run by `npm run lint`) fails when the README differs from what action.yml gives.
// Options: --readme <file> and --action <file> (defaults: README.md and action.yml of the repo).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const START =
  '<!-- action-docs start: generated from action.yml by scripts/action-docs.mjs -->';
export const END = '<!-- action-docs end -->';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Text for one table cell: one line, pipes and emphasis markers escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([|*_<>])/g, '\\$1');
}

const code = (text) => (text === '' ? '' : `\`${String(text).replace(/`/g, "'")}\``);

/** The markdown between the markers for an action.yml's text. */
export function actionTables(actionYaml) {
  const action = YAML.parse(actionYaml);
  const inputs = Object.entries(action.inputs ?? {});
  const outputs = Object.entries(action.outputs ?? {});
  const lines = ['| input | required | default | description |', '| --- | --- | --- | --- |'];
  for (const [name, i] of inputs) {
    const def = i.default === undefined ? '' : code(i.default);
    lines.push(`| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${def} | ${cell(i.description)} |`);
  }
  lines.push('', '| output | description |', '| --- | --- |');
  for (const [name, o] of outputs) lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  return lines.join('\n');
}

/**
 * The README with the generated tables in place. They are kept out of prettier's reach (its
 * column padding would triple their size), so the text is exactly what this script writes.
 */
export function renderReadme(readme, actionYaml) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the README has no "${START}" … "${END}" markers`);
  const tables = `<!-- prettier-ignore-start -->\n${actionTables(actionYaml)}\n<!-- prettier-ignore-end -->`;
  return `${readme.slice(0, start + START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}

async function main(argv) {
  const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? path.resolve(argv[i + 1]) : fallback;
  };
  const readmePath = opt('--readme', path.join(root, 'README.md'));
  const actionPath = opt('--action', path.join(root, 'action.yml'));
  const readme = fs.readFileSync(readmePath, 'utf8');
  const wanted = renderReadme(readme, fs.readFileSync(actionPath, 'utf8'));
  if (!argv.includes('--check')) {
    if (wanted !== readme) fs.writeFileSync(readmePath, wanted);
    return 0;
  }
  if (wanted === readme) return 0;
  console.error(
    `action-docs: ${path.relative(process.cwd(), readmePath)} does not match ${path.relative(process.cwd(), actionPath)}; run \`node scripts/action-docs.mjs\` and commit the result.`,
  );
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
