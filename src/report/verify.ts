/**
 * verify's reporters: text (quiet when every image is present), github workflow annotations (one
 * per place an image is used) and SARIF 2.1.0 (one result per image, every place as a location).
 * The JSON document is the outcome's json (DESIGN.md "verify").
 */
import type { VerifyImage, VerifyResult } from './types.js';
import { command, escapeData } from './github.js';
import { INFORMATION_URI, pascalCase, sarifLocation, sarifLog } from './sarif.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const where = (img: VerifyImage): string =>
  img.locations.map((l) => `${l.path}:${l.line}`).join(', ');

/** `3 images in 2 files: 2 ok, 1 missing; 4 unpinned images not verified (digestpin check)`. */
export function summaryLine(result: VerifyResult): string {
  const counts = new Map<string, number>();
  for (const img of result.images) counts.set(img.status, (counts.get(img.status) ?? 0) + 1);
  const ok = counts.get('ok') ?? 0;
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  const head =
    result.images.length === 0
      ? `no pinned images in ${plural(result.files, 'file')}`
      : ok === result.images.length
        ? `${plural(ok, 'pinned image')} in ${plural(result.files, 'file')}: all present`
        : `${plural(result.images.length, 'pinned image')} in ${plural(result.files, 'file')}: ${parts.join(', ')}`;
  const drift = result.images.flatMap((i) => i.tags ?? []).filter((t) => t.status === 'drift');
  const drifted = drift.length > 0 ? `; ${plural(drift.length, 'tag')} drifted` : '';
  const unpinned =
    result.unpinned > 0
      ? `; ${plural(result.unpinned, 'unpinned image')} not verified (digestpin check reports them)`
      : '';
  return `${head}${drifted}${unpinned}`;
}

export function formatText(result: VerifyResult): string {
  const lines: string[] = [];
  for (const img of result.images) {
    if (img.status !== 'ok') {
      lines.push(`${img.status}  ${img.image}`);
      lines.push(`  ${img.message}`);
      if (img.hint) lines.push(`  fix: ${img.hint}`);
      lines.push(`  used at: ${where(img)}`);
    }
    for (const t of img.tags ?? []) {
      if (t.status === 'same') continue;
      const at = t.locations.map((l) => `${l.path}:${l.line}`).join(', ');
      lines.push(`tag ${t.status}  ${t.message}  (${at})`);
    }
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

/** `::error file=…,line=…::…` at every place a failing image is used; drift as notices. */
export function formatGithub(result: VerifyResult): string {
  const lines: string[] = [];
  for (const img of result.images) {
    if (img.status !== 'ok') {
      for (const l of img.locations) {
        const props = {
          file: l.path,
          line: l.line,
          col: l.column,
          title: `digestpin verify: ${img.status}`,
        };
        lines.push(command('error', props, `${img.image}: ${img.message}\nfix: ${img.hint}`));
      }
    }
    for (const t of img.tags ?? []) {
      if (t.status === 'same') continue;
      for (const l of t.locations) {
        const props = {
          file: l.path,
          line: l.line,
          col: l.column,
          title: `digestpin verify: tag ${t.status}`,
        };
        lines.push(command('notice', props, t.message));
      }
    }
  }
  lines.push(escapeData(summaryLine(result)));
  return `${lines.join('\n')}\n`;
}

/** One SARIF rule per problem status, and one for tag drift: [id, what it means, what to do]. */
const RULES = [
  [
    'missing',
    'The pinned manifest is not in the registry: pods fail with ErrImagePull: manifest unknown.',
    'Push the image, or pin what its tag holds now: digestpin pin --resolve <paths>.',
  ],
  [
    'unauthorized',
    'The registry refused the credentials: pods fail with ErrImagePull unless the cluster has access.',
    'Give the cluster an imagePullSecret for the registry (on ECR, a node IAM role that may pull).',
  ],
  [
    'unreachable',
    'The registry could not be reached (DNS, connection refused, TLS or timeout).',
    'Check the host name, the network path and the certificate; nodes must reach it too.',
  ],
  [
    'error',
    'The registry failed, or the manifest is not in the format --require-format asks for.',
    'Re-run later for a failing registry; push again in the required format for a format error.',
  ],
  [
    'tag-drift',
    'The tag written next to the digest now points to another image (informational).',
    'The pin still pulls the pinned image; digestpin pin --resolve moves it to the tag.',
  ],
] as const;

const ruleId = (status: string): string => `verify-${status}`;

export function buildSarif(result: VerifyResult): Record<string, unknown> {
  const index = new Map(RULES.map(([id], i) => [id as string, i]));
  const locations = (ls: { path: string; line: number; column: number }[]) =>
    ls.map((l) => sarifLocation(l.path, l.line, l.column));
  const results: Record<string, unknown>[] = [];
  for (const img of result.images) {
    if (img.status !== 'ok')
      results.push({
        ruleId: ruleId(img.status),
        ruleIndex: index.get(img.status),
        level: 'error',
        message: { text: `${img.image}: ${img.message}. Fix: ${img.hint}` },
        locations: locations(img.locations),
      });
    for (const t of img.tags ?? [])
      if (t.status !== 'same')
        results.push({
          ruleId: ruleId('tag-drift'),
          ruleIndex: index.get('tag-drift'),
          level: 'note',
          message: { text: t.message },
          locations: locations(t.locations),
        });
  }
  const rules = RULES.map(([id, text, help]) => ({
    id: ruleId(id),
    name: `Verify${pascalCase(id)}`,
    shortDescription: { text },
    fullDescription: { text },
    help: { text: help, markdown: help },
    helpUri: `${INFORMATION_URI}#verify`,
    defaultConfiguration: { level: id === 'tag-drift' ? 'note' : 'error' },
  }));
  return sarifLog(rules, results);
}

export function formatVerify(
  result: VerifyResult,
  format: 'text' | 'json' | 'github' | 'sarif',
): string {
  switch (format) {
    case 'github':
      return formatGithub(result);
    case 'sarif':
      return `${JSON.stringify(buildSarif(result), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'text':
      return formatText(result);
  }
}
