/**
 * Byte-exactness over the real-world corpus: for every file and every repository it references,
 * pinning changes only the bytes of image values (and adds the kustomize keys an entry lacks), the
 * new values read back as the reported ones, and a second run changes nothing.
 */
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  locateImages,
  type ImageField,
  type LocatedFile,
  type ScalarSpan,
} from '../../src/manifests/locate.js';
import { fieldRepository, pinText } from '../../src/manifests/pinning.js';
import { repositoryName } from '../../src/reference.js';
import { corpusDir, corpusFiles, describeCorpus } from '../support/corpus.js';

const D = `sha256:${'c'.repeat(64)}`;

function spans(field: ImageField): ScalarSpan[] {
  return field.scalar ? [field.scalar] : Object.values(field.fields ?? {});
}

/**
 * The text with every image value span cut out. `added` (kustomize keys that `before` lacked) are
 * cut with the line break and indentation before them.
 */
function remainder(file: LocatedFile, before?: LocatedFile): string {
  const added = new Set<number>();
  if (before) {
    file.images.forEach((f, i) => {
      const old = before.images[i]?.fields ?? {};
      for (const [key, span] of Object.entries(f.fields ?? {}))
        if (!(key in old)) added.add(span.start);
    });
  }
  const cut = file.images.flatMap(spans).sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of cut) {
    if (s.start < pos) continue;
    const start = added.has(s.start) ? file.text.lastIndexOf('\n', s.start) : s.start;
    const from = added.has(s.start) && file.text[start - 1] === '\r' ? start - 1 : start;
    out += file.text.slice(pos, from) + (added.has(s.start) ? '' : '\u0000');
    pos = s.end;
  }
  out += file.text.slice(pos);
  return out;
}

const files = corpusFiles();
const readable = files
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter((f) => !f.text.includes('{{'));

describeCorpus('pin over the corpus', () => {
  test('the corpus is there and has images', async () => {
    expect(files.length).toBeGreaterThan(300);
    const located = await Promise.all(readable.map((f) => locateImages(f.path, f.text)));
    expect(located.flatMap((f) => f.images).length).toBeGreaterThan(200);
  });

  test.each(readable.map((f) => [relative(corpusDir, f.path), f.text] as const))(
    '%s',
    async (name, text) => {
      const before = await locateImages(name, text);
      const repos = new Set(
        before.images.map((f) => fieldRepository(f)).flatMap((r) => (r ? [repositoryName(r)] : [])),
      );
      for (const repo of repos) {
        const planned = await pinText(name, text, `${repo}:pinned@${D}`);
        const after = await locateImages(name, planned.newText);
        expect(after.images.length).toBe(before.images.length);
        expect(remainder(after, before)).toBe(remainder(before));
        for (const change of planned.changes) {
          const field = after.images.find((f) => f.line === change.line);
          expect(field?.value).toBe(change.to);
          expect(change.to.endsWith(`:pinned@${D}`)).toBe(true);
        }
        expect(planned.changes.length).toBeGreaterThan(0);
        expect((await pinText(name, planned.newText, `${repo}:pinned@${D}`)).changes).toEqual([]);
      }
    },
  );
});
