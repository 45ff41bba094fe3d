/**
 * The attestation manifests a v2s2 list left out (push --all of a buildx index), as markdown for
 * the job summary (a table) and the pull-request comment (a list): what each is, which image it
 * describes, and where it is in the registry. Every registry-controlled string is escaped.
 */
import type { PushResult } from '../commands/push.js';
import { code, text } from './markdown.js';

function where(a: NonNullable<PushResult['attestations']>[number]): string {
  if (!a.pushed) return 'not pushed (attestations: drop, a dry run, or already there)';
  if (!a.subject || !a.referrers_tag) return 'pushed by digest';
  return `pushed by digest, attached to ${code(a.subject)} (referrers tag ${code(a.referrers_tag)})`;
}

/** Lines for the summary (`table`) or the comment (`list`); none when nothing was left out. */
export function attestationLines(result: PushResult, style: 'table' | 'list'): string[] {
  const all = result.attestations ?? [];
  if (all.length === 0) return [];
  const heading = `Attestations left out of the v2s2 list (${all.length})`;
  if (style === 'list')
    return [
      `${text(heading)}:`,
      '',
      ...all.map(
        (a) => `- ${code(a.digest)} ${text(a.type)} for ${text(a.platform_of)}: ${where(a)}`,
      ),
      '',
    ];
  return [
    `### ${text(heading)}`,
    '',
    '| attestation | type | describes | in the registry |',
    '| --- | --- | --- | --- |',
    ...all.map(
      (a) => `| ${code(a.digest)} | ${text(a.type)} | ${text(a.platform_of)} | ${where(a)} |`,
    ),
    '',
  ];
}
