// Reports shared by the reporter tests.
import type { CheckReport } from '../../../src/report/types.js';
import type { Finding } from '../../../src/rules/types.js';

export const legacy: Finding = {
  path: 'k8s/deploy.yaml',
  line: 21,
  column: 16,
  rule: 'legacy-registry',
  severity: 'error',
  image: 'k8s.gcr.io/redis:e2e',
  message: 'k8s.gcr.io/redis:e2e: k8s.gcr.io was frozen on 3 Apr 2023',
  fix: 'registry.k8s.io/redis:e2e',
};

export const never: Finding = {
  path: 'k8s/deploy.yaml',
  line: 25,
  column: 26,
  rule: 'never-pull-policy',
  severity: 'warning',
  image: 'app:dev',
  message: 'imagePullPolicy Never for app:dev',
  fix: 'imagePullPolicy: IfNotPresent',
};

export function report(over: Partial<CheckReport> = {}): CheckReport {
  return { findings: [legacy, never], files: 3, skipped: [], fixed: [], ...over };
}
