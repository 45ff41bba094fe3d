/**
 * File owners for the "a replaced file keeps its owner" tests (issue 16, finding 8), wherever the
 * tests run: as root (this machine) or as an ordinary user (GitHub's `runner`, which has several
 * groups and passwordless sudo). Nothing is skipped: a machine that offers neither fails the test
 * with the reason.
 */
import { execFileSync } from 'node:child_process';

/**
 * An owner other than the default that the running user can still give a file: as root another
 * uid and gid; otherwise the user's own uid with another of its groups.
 */
export function anotherOwner(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? -1;
  if (uid === 0) return { uid: 4242, gid: 4343 };
  const gid = process.getgroups?.().find((g) => g !== process.getgid?.());
  if (gid === undefined)
    throw new Error('this test needs root, or a user with a supplementary group to chown to');
  return { uid, gid };
}

/**
 * Makes `file` (world-writable, in a folder the runner can write) belong to someone the user that
 * runs digestpin cannot give it back to, and says who runs it: as root, uid/gid 65534 runs it over
 * a root-owned file; otherwise the current user runs it over a file made root's with `sudo -n`.
 */
export function foreignOwner(file: string): { runAs?: { uid: number; gid: number }; uid: number } {
  const uid = process.getuid?.() ?? -1;
  if (uid === 0) return { runAs: { uid: 65534, gid: 65534 }, uid: 65534 };
  try {
    execFileSync('sudo', ['-n', 'chown', '0:0', file], { stdio: 'pipe' });
  } catch (err) {
    throw new Error('this test needs root or passwordless sudo to give a file to root', {
      cause: err,
    });
  }
  return { uid };
}
