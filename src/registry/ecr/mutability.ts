// ECR tag immutability: is *our* tag protected from being overwritten, and what --ensure-immutable
// may change. Pure functions; the API calls live in ecr.ts.

export type Mutability =
  'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';

export interface MutabilityReport {
  /** imageTagMutability as ECR reports it (MUTABLE when the field is missing: the API default). */
  mutability: string;
  /** WILDCARD filters of imageTagMutabilityExclusionFilters. */
  exclusionFilters: string[];
  /** Whether ECR would refuse to overwrite `tag` once it exists. */
  immutableForTag: boolean;
  /** The exclusion filter that decided it, when one matched. */
  matchedFilter?: string;
  /** Warning text when the tag is mutable (the guard is then check-then-push, not atomic). */
  warning?: string;
}

/**
 * ECR WILDCARD filter match: `*` matches any run of characters (also none); everything else is
 * literal and case-sensitive; the whole tag must match. Filters allow [0-9a-zA-Z._*-]{1,128}.
 */
export function wildcardMatch(filter: string, tag: string): boolean {
  const parts = filter.split('*');
  if (parts.length === 1) return filter === tag;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (tag.length < first.length + last.length) return false;
  if (!tag.startsWith(first) || !tag.endsWith(last)) return false;
  let pos = first.length;
  const end = tag.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const at = tag.indexOf(middle, pos);
    if (at < 0 || at + middle.length > end) return false;
    pos = at + middle.length;
  }
  return true;
}

/**
 * Decides whether `tag` is immutable under a repository's settings:
 * - IMMUTABLE: every tag; MUTABLE: none;
 * - IMMUTABLE_WITH_EXCLUSION: every tag except those matching a filter (the filters list mutable tags);
 * - MUTABLE_WITH_EXCLUSION: only tags matching a filter (the filters list immutable tags).
 * An unknown future value is treated as mutable (we then warn rather than promise atomicity).
 */
export function mutabilityForTag(
  mutability: string | undefined,
  filters: readonly { filterType?: string; filter?: string }[] | undefined,
  tag: string,
): MutabilityReport {
  const value = mutability ?? 'MUTABLE';
  const wildcards = (filters ?? [])
    .filter((f) => (f.filterType ?? 'WILDCARD') === 'WILDCARD' && typeof f.filter === 'string')
    .map((f) => f.filter!);
  const matched = wildcards.find((f) => wildcardMatch(f, tag));
  let immutableForTag: boolean;
  switch (value) {
    case 'IMMUTABLE':
      immutableForTag = true;
      break;
    case 'IMMUTABLE_WITH_EXCLUSION':
      immutableForTag = matched === undefined;
      break;
    case 'MUTABLE_WITH_EXCLUSION':
      immutableForTag = matched !== undefined;
      break;
    default:
      immutableForTag = false;
  }
  const report: MutabilityReport = {
    mutability: value,
    exclusionFilters: wildcards,
    immutableForTag,
  };
  if (matched !== undefined) report.matchedFilter = matched;
  if (!immutableForTag) report.warning = mutableWarning(value, tag, matched);
  return report;
}

function mutableWarning(value: string, tag: string, matched: string | undefined): string {
  const why =
    value === 'IMMUTABLE_WITH_EXCLUSION'
      ? `tag ${tag} matches the exclusion filter "${matched}" of this IMMUTABLE_WITH_EXCLUSION repository, so it can be overwritten`
      : value === 'MUTABLE_WITH_EXCLUSION'
        ? `tags of this MUTABLE_WITH_EXCLUSION repository can be overwritten unless they match an exclusion filter, and ${tag} matches none`
        : `tags of this ${value} repository can be overwritten`;
  return (
    `${why}; the guard is check-then-push, not atomic: a concurrent push of the same tag between the ` +
    'check and the push would be overwritten silently. Make tags immutable (--ensure-immutable, or ' +
    'aws ecr put-image-tag-mutability --image-tag-mutability IMMUTABLE).'
  );
}

export type EnsureDecision = { change: false; reason: string } | { change: true; to: 'IMMUTABLE' };

/**
 * What --ensure-immutable does. We only ever change the mutability *value*, never the exclusion
 * filters, because the filters mean opposite things under the two *_WITH_EXCLUSION values:
 * - MUTABLE → IMMUTABLE (the documented switch).
 * - IMMUTABLE, or a *_WITH_EXCLUSION value under which our tag is already immutable → nothing to do.
 * - IMMUTABLE_WITH_EXCLUSION where our tag matches a filter → unchanged: the filters are the user's
 *   deliberate list of mutable tags (`latest`, `dev-*`); we neither delete them nor rewrite them.
 * - MUTABLE_WITH_EXCLUSION where our tag matches no filter → unchanged: its filters list the tags that
 *   are immutable, so "keeping them" under IMMUTABLE_WITH_EXCLUSION would invert them (protected tags
 *   would become overwritable), and switching to IMMUTABLE would delete them. The user decides.
 * In the unchanged cases the reason says what to do, and the guard stays check-then-push.
 */
export function ensureImmutableDecision(report: MutabilityReport, tag: string): EnsureDecision {
  if (report.immutableForTag) {
    return { change: false, reason: `tag ${tag} is already immutable (${report.mutability})` };
  }
  if (report.mutability === 'MUTABLE') return { change: true, to: 'IMMUTABLE' };
  if (report.mutability === 'IMMUTABLE_WITH_EXCLUSION') {
    return {
      change: false,
      reason:
        `not changed: tag ${tag} matches the exclusion filter "${report.matchedFilter}", which keeps ` +
        'such tags mutable on purpose; use a tag template that matches no exclusion filter, or remove the filter',
    };
  }
  return {
    change: false,
    reason:
      `not changed: this ${report.mutability} repository's exclusion filters ` +
      `(${report.exclusionFilters.join(', ') || 'none'}) list the tags that are immutable, and ${tag} ` +
      'matches none; digestpin does not rewrite exclusion filters — add a filter matching your tags or ' +
      'switch the repository to IMMUTABLE yourself',
  };
}
