// Entry bundled by test/integration/ecr-lazy-load.test.ts with the project's esbuild options. Like
// push/guard, it imports the ECR module statically and calls ecrPlan(); only an ECR host may make
// the bundle load the SDK chunk.
import { silentLogger } from '../../src/log.js';
import { ecrPlan } from '../../src/push/ecr-plan.js';

const [host = '', repository = 'app'] = process.argv.slice(2);
const plan = await ecrPlan(host, {
  repository,
  tag: 'v1',
  env: process.env,
  logger: silentLogger,
  ecr: process.env.TEST_FORCE_ECR === '1',
});
process.stdout.write(
  JSON.stringify(plan ? { ecr: true, existing: plan.existing ?? null } : { ecr: false }),
);
