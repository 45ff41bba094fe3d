import { describe, expect, test } from '@jest/globals';
import { escapeData, escapeProperty, formatGithub } from '../../../src/report/github.js';
import { legacy, never, report } from './fixtures.js';

describe('github workflow commands', () => {
  test('an annotation per finding with file, line, col and title, then the summary', () => {
    expect(formatGithub(report()).split('\n')).toEqual([
      '::error file=k8s/deploy.yaml,line=21,col=16,title=digestpin legacy-registry::k8s.gcr.io/redis:e2e: k8s.gcr.io was frozen on 3 Apr 2023%0Afix: registry.k8s.io/redis:e2e',
      '::warning file=k8s/deploy.yaml,line=25,col=26,title=digestpin never-pull-policy::imagePullPolicy Never for app:dev%0Afix: imagePullPolicy: IfNotPresent',
      '2 problems (1 error, 1 warning) in 1 of 3 files',
      '',
    ]);
  });

  test('skipped files are warnings', () => {
    const out = formatGithub(
      report({ findings: [], skipped: [{ path: 'c/t.yaml', reason: 'not YAML: x' }] }),
    );
    expect(out).toBe(
      '::warning file=c/t.yaml,title=digestpin skipped::not YAML: x\nno problems in 3 files, 1 skipped\n',
    );
  });

  test.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['%0A', '%250A', '%250A'],
  ])('escapes %p', (raw, data, property) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(property);
  });

  test('untrusted strings cannot end the command or start another', () => {
    const evil = {
      ...legacy,
      path: 'x,line=1,title=owned::\n::set-env name=A::b',
      image: 'a\n::add-mask::x',
      message: 'm\r\n::error::injected%0A',
      fix: 'f\n::stop-commands::tok',
    };
    const lines = formatGithub(report({ findings: [evil, never] }))
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(2);
    const [first] = lines;
    // file is one property: no raw ':' ',' or newline in it
    const props = /^::error (.*?)::/.exec(first)![1];
    expect(props.split(',')).toEqual([
      'file=x%2Cline=1%2Ctitle=owned%3A%3A%0A%3A%3Aset-env name=A%3A%3Ab',
      'line=21',
      'col=16',
      'title=digestpin legacy-registry',
    ]);
    expect(first).toContain('m%0D%0A::error::injected%250A%0Afix: f%0A::stop-commands::tok');
  });
});
