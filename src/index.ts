// The GitHub Action entry: everything happens in action/main.ts. The step ends once its report is
// written, not when the last socket closes (a request a stalled registry never answers).
import { run } from './action/main.js';
import { exitWhenWritten } from './interrupt.js';

await run();
await exitWhenWritten();
