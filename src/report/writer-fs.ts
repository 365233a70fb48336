/**
 * The file system the report writer (write.ts) uses, as one small interface, and its real
 * implementation (node:fs/promises).
 *
 * Why this file exists: disk faults (a full disk, a read-only or failing one, a directory that
 * lost its permissions) must be testable for every command that writes, not only where a test
 * can mount a tmpfs. Every write the CLI makes goes through write.ts, and write.ts reaches the
 * disk only through a `WriterFs`, so a test can swap in one that fails at the N-th call or on a
 * path (test/cli/failing-fs.ts) and run any command in-process.
 *
 * The spill store (src/spill/) is another concern with its own seam: it writes synchronously
 * from inside the search loop, and tests inject a failing `SpillStore` through the check
 * service's runtime (test/cli/spill-faults.test.ts).
 *
 * What it must not do: add behaviour of its own (no retries, no logging), or list anything
 * write.ts does not call.
 */
import * as fsp from 'node:fs/promises';

/** The calls the writer makes, with node's own signatures. */
export type WriterFs = Pick<
  typeof fsp,
  'access' | 'cp' | 'lstat' | 'mkdir' | 'open' | 'readdir' | 'readFile' | 'readlink' | 'realpath' | 'rename' | 'rm' | 'stat' | 'writeFile'
>;

/** The real file system. */
export const nodeWriterFs: WriterFs = {
  access: fsp.access,
  cp: fsp.cp,
  lstat: fsp.lstat,
  mkdir: fsp.mkdir,
  open: fsp.open,
  readdir: fsp.readdir,
  readFile: fsp.readFile,
  readlink: fsp.readlink,
  realpath: fsp.realpath,
  rename: fsp.rename,
  rm: fsp.rm,
  stat: fsp.stat,
  writeFile: fsp.writeFile,
};
