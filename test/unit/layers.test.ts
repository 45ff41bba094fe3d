/**
 * The layer rules of eslint.config.js (DESIGN.md "Architecture") catch what they are for: each case
 * lints a small offending file, as if it were at `path`, through the project's own ESLint config
 * and expects the rule to report it; the allowed cases beside them must pass. Type-aware rules are
 * switched off here (they need the whole program and are not what this test is about).
 */
import { describe, expect, test } from '@jest/globals';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false } } },
  ],
});

const LAYER_RULES = ['no-restricted-imports', 'no-restricted-syntax'];

async function layerMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === null || LAYER_RULES.includes(m.ruleId))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('reported', () => {
  test.each([
    // manifests/ and rules/ open no sockets and do not use the registry client
    ['src/manifests/probe.ts', use('node:http'), /no-restricted-imports: .*no sockets/],
    ['src/manifests/probe.ts', use('node:https'), /no-restricted-imports: .*no sockets/],
    ['src/rules/probe.ts', use('node:net'), /no-restricted-imports: .*no sockets/],
    ['src/rules/probe.ts', use('undici'), /no-restricted-imports: .*no sockets/],
    ['src/manifests/probe.ts', use('../registry/client.js'), /registry access belongs/],
    ['src/rules/probe.ts', use('../registry/http/transport.js'), /registry access belongs/],
    // commands return outcomes: they do not print or exit
    [
      'src/commands/probe.ts',
      "process.stdout.write('x');\n",
      /no-restricted-syntax: .*only cli\.ts and the action print/,
    ],
    [
      'src/commands/verify/probe.ts',
      "process.stderr.write('x');\n",
      /no-restricted-syntax: .*only cli\.ts and the action print/,
    ],
    ['src/commands/probe.ts', 'process.exit(3);\n', /no-restricted-syntax: .*print or exit/],
    ['src/commands/probe.ts', "console.log('x');\n", /no-restricted-syntax: .*does not print/],
    // nothing imports upward
    ['src/manifests/probe.ts', use('../commands/types.js'), /imports upward/],
    ['src/report/probe.ts', use('../commands/verify/index.js'), /imports upward/],
    ['src/registry/http/probe.ts', use('../../commands/push.js'), /imports upward/],
    ['src/push/relay/probe.ts', use('../../action/main.js'), /imports upward/],
    ['src/rules/probe.ts', use('../cli.js'), /imports upward/],
    ['src/settings.ts', use('./commands/push.js'), /imports upward/],
    ['src/commands/probe.ts', use('../action/inputs.js'), /must not import the action/],
    ['src/commands/verify/probe.ts', use('../../cli.js'), /must not import the CLI/],
  ])('%s: %j', async (path, code, expected) => {
    const messages = await layerMessages(path, code);
    expect(messages).toEqual([expect.stringMatching(expected)]);
  });
});

describe('allowed', () => {
  test.each([
    ['src/manifests/probe.ts', use('../errors.js')],
    ['src/manifests/probe.ts', use('../context.js')],
    ['src/rules/probe.ts', use('../manifests/locate.js')],
    ['src/report/probe.ts', use('./types.js')],
    ['src/push/relay/probe.ts', use('../index.js')],
    ['src/commands/probe.ts', use('../registry/client.js')],
    ['src/commands/probe.ts', use('node:http')],
    ['src/commands/verify/probe.ts', use('../types.js')],
    ['src/action/probe.ts', use('../commands/push.js')],
    ['src/cli.ts', use('./commands/push.js')],
    ['src/cli.ts', "process.stdout.write('x');\n"],
    ['src/action/probe.ts', "console.log('x');\n"],
  ])('%s: %j', async (path, code) => {
    expect(await layerMessages(path, code)).toEqual([]);
  });
});
