import type { Finding } from '../rules/types.js';

/** A file check read but passed over (a template that does not parse as YAML on its own). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Everything a reporter needs: the findings and what was read. */
export interface CheckReport {
  findings: Finding[];
  /** Files read (including the skipped ones). */
  files: number;
  skipped: SkippedFile[];
  /** Files rewritten by --fix (empty without it). */
  fixed: { path: string; changes: number }[];
}
