/**
 * Inputs that digestpin could read differently from Kubernetes (kubectl's Go YAML, kustomize's
 * kyaml): each must be read the same way or refused with path:line:column (issue 13, DESIGN.md
 * "Manifests"). The kubectl differential test (test/integration/kubectl-differential.test.ts)
 * holds the same cases to the real reader.
 */
import { describe, expect, test } from '@jest/globals';
import { locateImages } from '../../../src/manifests/locate.js';

const D = `sha256:${'0'.repeat(64)}`;

/** The reproduction: a second container hidden behind a comment by `brk`. */
function hiddenContainer(brk: string): string {
  return (
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n' +
    `      image: nginx:1.27@${D}  # ok${brk}    - name: b${brk}      image: nginx:latest\n`
  );
}

describe('line breaks other than LF and CRLF', () => {
  test.each([
    ['a lone CR', '\r'],
    ['NEL (U+0085)', '\u0085'],
    ['LINE SEPARATOR (U+2028)', '\u2028'],
    ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
  ])('%s (kubectl reads a line break there) is refused at its line and column', async (_n, brk) => {
    await expect(locateImages('x.yaml', hiddenContainer(brk))).rejects.toThrow(
      expect.objectContaining({
        code: 'MALFORMED_YAML',
        message: expect.stringMatching(/^x\.yaml:7:\d+: .*line break/),
      }),
    );
  });

  test('one inside a quoted value, or a comment, is refused too; LF and CRLF are read', async () => {
    await expect(
      locateImages('x.yaml', 'kind: Pod\nmetadata:\n  annotations: {a: "x\u2028y"}\n'),
    ).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^x\.yaml:3:22: /) }),
    );
    await expect(locateImages('x.yaml', '# a\u0085b\nkind: Pod\n')).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^x\.yaml:1:4: /) }),
    );
    const crlf = hiddenContainer('\r\n');
    expect((await locateImages('x.yaml', crlf)).images.map((i) => i.value)).toEqual([
      `nginx:1.27@${D}`,
      'nginx:latest',
    ]);
  });
});
