// ESLint flat config: typescript-eslint (type-aware) + prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Layer rules (DESIGN.md "Architecture": data flows one way, inputs → plan → registry → manifests →
// report; only cli.ts and the action print or exit). Each entry is a part of src/ and what it must
// not import; imports are relative, so each rule is written out per folder depth (src/x/…/file.ts).
const UP = 'imports upward: the commands, the action and the CLI entry sit above this layer';
const NETWORK = ['node:net', 'node:http', 'node:https', 'net', 'http', 'https', 'undici'];
const LAYERS = [
  {
    folders: ['commands'],
    banned: {
      'action/': 'a command must not import the action (src/action/ calls the commands)',
      'cli.js': 'a command must not import the CLI entry (cli.ts calls the commands)',
      'index.js': 'a command must not import the action entry',
    },
  },
  {
    folders: ['push', 'registry', 'report', 'demo'],
    banned: { 'commands/': UP, 'action/': UP, 'cli.js': UP, 'index.js': UP },
  },
  {
    folders: ['manifests', 'rules'],
    banned: {
      'commands/': UP,
      'action/': UP,
      'cli.js': UP,
      'index.js': UP,
      'registry/': 'manifests/ and rules/ read files only: registry access belongs to the commands',
    },
    network:
      'manifests/ and rules/ read files only: no sockets (the registry client is in src/registry/)',
  },
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const layerRules = LAYERS.flatMap(({ folders, banned, network }) =>
  [1, 2, 3, 4].map((depth) => ({
    files: folders.map((f) => `src/${f}/${'*/'.repeat(depth - 1)}*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: network ? NETWORK.map((name) => ({ name, message: network })) : [],
          patterns: Object.entries(banned).map(([target, message]) => ({
            regex: `^${'\\.\\./'.repeat(depth)}${target.endsWith('/') ? escape(target) : `${escape(target)}$`}`,
            message,
          })),
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...layerRules,
  {
    files: ['src/*.ts'],
    ignores: ['src/cli.ts', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['commands/', 'action/', 'cli.js', 'index.js'].map((target) => ({
            regex: `^\\./${target.endsWith('/') ? escape(target) : `${escape(target)}$`}`,
            message: UP,
          })),
        },
      ],
    },
  },
  {
    // Commands return results; only cli.ts and the action print or exit.
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='process'][property.name=/^(stdout|stderr|exit|exitCode)$/]",
          message: 'a command returns its outcome; only cli.ts and the action print or exit',
        },
        {
          selector: "MemberExpression[object.name='console']",
          message: 'a command logs through ctx.logger and returns its outcome; it does not print',
        },
      ],
    },
  },
  prettier,
);
