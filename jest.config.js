// Two projects: fast unit tests and integration tests against the real registry and skopeo.
// ESM throughout (@actions/core 3 and @actions/github 9 are ESM-only): run through `npm run jest`,
// which starts node with --experimental-vm-modules.
const tsJest = [
  'ts-jest',
  { useESM: true, isolatedModules: true, diagnostics: false, tsconfig: 'tsconfig.json' },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      slowTestThreshold: 30,
    },
  ],
  collectCoverageFrom: ['src/**/*.ts', '!src/cli.ts', '!src/index.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { global: { lines: 85 } },
  testTimeout: 60000,
};
