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

/** A place in a manifest file: the path as shown, 1-based line and column. */
export interface Location {
  path: string;
  line: number;
  column: number;
}

/** verify's answer for one pinned image (DESIGN.md "JSON results"). */
export type VerifyStatus = 'ok' | 'missing' | 'unauthorized' | 'unreachable' | 'error';

export interface VerifyTag {
  tag: string;
  status: 'same' | 'drift' | 'absent' | 'unknown';
  digest?: string;
  message: string;
  locations: Location[];
}

export interface VerifyImage {
  image: string;
  status: VerifyStatus;
  message: string;
  hint: string;
  locations: Location[];
  /** Manifest media type, for images the registry has. */
  mediaType?: string;
  /** With --tag-consistency: the tags written next to the digest, and where they point now. */
  tags?: VerifyTag[];
}

export interface VerifyResult {
  images: VerifyImage[];
  /** Manifest files read. */
  files: number;
  /** Image values without a digest: not verified (`check` reports them). */
  unpinned: number;
  /** Files passed over: templates that do not parse as YAML on their own. */
  skipped: { path: string; reason: string }[];
}
