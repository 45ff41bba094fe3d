import { describe, expect, test } from '@jest/globals';
import {
  installSdkWarningFilter,
  isSdkNodeVersionWarning,
  loadEcrSdk,
  sdkNamespace,
  type EcrSdk,
} from '../../../../src/registry/ecr/sdk.js';

const SDK_TEXT =
  'NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)\nversions published after the first week of January 2027\nwill require node >=22.';

describe('isSdkNodeVersionWarning', () => {
  const named = Object.assign(new Error('x'), { name: 'NodeVersionSupportWarning' });
  test.each([
    ['the SDK string', SDK_TEXT, undefined, true],
    ['as an Error', new Error(SDK_TEXT), undefined, true],
    ['an Error named so', named, undefined, true],
    ['type argument', 'whatever', 'NodeVersionSupportWarning', true],
    ['type option', 'whatever', { type: 'NodeVersionSupportWarning' }, true],
    ['another SDK-looking warning', 'NodeVersionSupportWarning: something else', undefined, false],
    ['a deprecation', 'Buffer() is deprecated', 'DeprecationWarning', false],
    ['options without type', 'x', { code: 'X' }, false],
    ['not a warning', 42, undefined, false],
  ])('%s → %s', (_what, warning, type, expected) => {
    expect(isSdkNodeVersionWarning(warning, type)).toBe(expected);
  });
});

describe('installSdkWarningFilter', () => {
  test('drops only the SDK notice; installing twice wraps once', () => {
    const passed: unknown[][] = [];
    const proc = {
      emitWarning: ((...args: unknown[]) => {
        passed.push(args);
      }) as NodeJS.Process['emitWarning'],
    };
    installSdkWarningFilter(proc);
    const once = proc.emitWarning;
    installSdkWarningFilter(proc);
    expect(proc.emitWarning).toBe(once);
    proc.emitWarning(SDK_TEXT);
    proc.emitWarning(new Error(SDK_TEXT));
    proc.emitWarning('digestpin test warning', 'TestWarning');
    proc.emitWarning('other', { type: 'DeprecationWarning', code: 'DEP0005' });
    expect(passed).toEqual([
      ['digestpin test warning', 'TestWarning'],
      ['other', { type: 'DeprecationWarning', code: 'DEP0005' }],
    ]);
  });

  test('the real SDK emits its notice through process.emitWarning when a client is created', async () => {
    // loadEcrSdk installs the filter on process; a recorder on top sees what the SDK sends to it.
    const sdk = await loadEcrSdk();
    const seen: string[] = [];
    const below = process.emitWarning;
    process.emitWarning = (w: string | Error, ...rest: unknown[]) => {
      seen.push(typeof w === 'string' ? w : w.message);
      (below as (...a: unknown[]) => void)(w, ...rest);
    };
    try {
      new sdk.ECRClient({ region: 'us-east-1' }).destroy();
    } finally {
      process.emitWarning = below;
    }
    const expected = Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0;
    expect(seen.filter((s) => isSdkNodeVersionWarning(s))).toHaveLength(expected);
  });
});

describe('sdkNamespace', () => {
  class Fake {}
  test('named exports, default-only (esbuild CJS interop), neither', () => {
    const named = { ECRClient: Fake } as unknown as EcrSdk;
    expect(sdkNamespace(named)).toBe(named);
    expect(sdkNamespace({ default: named } as unknown as EcrSdk)).toBe(named);
    expect(() => sdkNamespace({} as EcrSdk)).toThrow(/loaded without its ECRClient export/);
  });
});
