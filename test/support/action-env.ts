/**
 * The environment the Actions runner gives a JavaScript action: INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, GITHUB_EVENT_NAME / GITHUB_EVENT_PATH with an event payload,
 * GITHUB_REPOSITORY and GITHUB_API_URL. Used in-process (set on process.env) and for
 * `node dist/index.js` subprocesses (passed as env).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunnerFiles {
  dir: string;
  outputFile: string;
  summaryFile: string;
  eventFile: string;
  cleanup(): Promise<void>;
}

export async function runnerFiles(): Promise<RunnerFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'digestpin-action-'));
  const files = {
    dir,
    outputFile: path.join(dir, 'github_output'),
    summaryFile: path.join(dir, 'step_summary.md'),
    eventFile: path.join(dir, 'event.json'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await Promise.all([writeFile(files.outputFile, ''), writeFile(files.summaryFile, '')]);
  return files;
}

/** INPUT_<NAME> as @actions/core reads it: spaces to underscores, upper case, hyphens kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
  );
}

/** A pull_request payload shaped like the one GitHub sends (only the fields that matter here and a few more). */
export function pullRequestPayload(owner: string, repo: string, number: number, fork = false) {
  const repository = { name: repo, full_name: `${owner}/${repo}`, owner: { login: owner } };
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      title: 'Build app',
      head: {
        ref: 'feature',
        sha: 'a'.repeat(40),
        repo: fork ? { ...repository, full_name: `fork/${repo}`, fork: true } : repository,
      },
      base: { ref: 'main', sha: 'b'.repeat(40), repo: repository },
    },
    repository,
    sender: { login: 'octocat' },
  };
}

export interface EventOptions {
  name: string;
  payload: unknown;
  repository: string;
  apiUrl: string;
}

/** Writes the event payload and returns the GITHUB_* variables that describe the run. */
export async function githubEnv(
  files: RunnerFiles,
  event: EventOptions,
): Promise<Record<string, string>> {
  await writeFile(files.eventFile, JSON.stringify(event.payload));
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.eventFile,
    GITHUB_REPOSITORY: event.repository,
    GITHUB_API_URL: event.apiUrl,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF_NAME: 'feature',
  };
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter\nvalue\ndelimiter` records, as @actions/core writes). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      out[name] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

export async function readOutputs(files: RunnerFiles): Promise<Record<string, string>> {
  return parseOutputFile(await readFile(files.outputFile, 'utf8'));
}

/** Sets variables on process.env and returns a function that restores what was there. */
export function setProcessEnv(vars: Record<string, string>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(vars)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
