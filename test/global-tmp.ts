/**
 * One temporary root per test run: every temporary directory a test (or a CLI child it spawns,
 * or a spill file of a search) makes goes under it, and it is removed when the run ends, so
 * `npm test` leaves nothing behind in the machine's temporary directory.
 *
 * Works through TMPDIR, which Node's `os.tmpdir()` reads at each call and which the test workers
 * and their child processes inherit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'rcucheck-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
