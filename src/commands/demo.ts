import { notImplemented } from '../errors.js';
import type { CommandContext, CommandOutcome } from './types.js';

export interface DemoOptions {
  keep: boolean;
}

export function runDemo(_opts: DemoOptions, _ctx: CommandContext): Promise<CommandOutcome> {
  return Promise.reject(notImplemented('demo'));
}
