/**
 * The sole file writer: every report, summary and baseline rcucheck writes goes through here.
 *
 * Why this file exists: a report is either complete or absent. A directory is written into a
 * temporary sibling (`.<name>.tmp-<random>`) and renamed into place; a single file is written to a
 * temporary sibling and renamed. A crash, an exception or Ctrl-C mid-write leaves at most a
 * hidden temporary, never a half-written report.
 *
 * What it must not do: decide what goes in a report (summary.ts, coverage.ts and the trace
 * renderers do that), or be called before the input has been validated.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { nodeWriterFs, type WriterFs } from './writer-fs.js';

/** The file system every write goes through: the real one, or a test's failing one (setWriterFs). */
let fs: WriterFs = nodeWriterFs;

/**
 * Make every later write go through `next` (a test's failing file system); returns a function
 * that puts the previous one back. Only tests call it; the CLI always writes to the real disk.
 */
export function setWriterFs(next: WriterFs): () => void {
  const prev = fs;
  fs = next;
  return () => {
    fs = prev;
  };
}

/** File name (may contain `/` for subdirectories) → content. */
export type FileSet = Readonly<Record<string, string>>;

function tmpSibling(target: string, kind: string): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${randomBytes(4).toString('hex')}`);
}

function checkRelative(name: string): void {
  if (name === '' || name.startsWith('/') || name.split(/[\\/]/).some((p) => p === '..' || p === '')) {
    throw new Error(`report file name '${name}' must be a relative path without '..'`);
  }
}

/**
 * The directory a report at `dir` really goes to: `dir` itself, or, when `dir` is a symbolic
 * link, the directory it points to (the report is written through the link; replacing the link
 * by a directory would leave the report it names stale). A dangling link throws ENOENT.
 */
async function reportTarget(dir: string): Promise<string> {
  const abs = resolve(dir);
  try {
    if (!(await fs.lstat(abs)).isSymbolicLink()) return abs;
  } catch {
    return abs; // absent
  }
  return fs.realpath(abs);
}

/** Is `p` (an existing directory) the root of a mounted filesystem? It cannot be renamed or replaced. */
async function isMountPoint(p: string): Promise<boolean> {
  const parent = dirname(p);
  if (parent === p) return true;
  const [a, b] = await Promise.all([fs.stat(p), fs.stat(parent)]);
  return a.dev !== b.dev;
}

function unwritable(path: string, code: string | undefined): string | null {
  if (code === 'EROFS') return `${path} is on a read-only filesystem`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} is not writable`;
  return null;
}

/**
 * Can a report directory be written at `dir`? Checked before a long search, without writing
 * anything: the path must be absent, empty or a previous report (it is replaced whole), and
 * writable where it will be written: its nearest existing ancestor, or, for a directory that
 * is a mount point (it cannot be replaced, so the report is written inside it), the directory
 * itself, which must then be empty or a previous report. A symbolic link is judged (and later
 * written) through; a dangling one, or a name that is not UTF-8, is refused. Returns a reason,
 * or null when it is fine.
 */
export async function probeReportDir(dir: string): Promise<string | null> {
  // Node decodes a path argument that is not UTF-8 with U+FFFD: writing there would silently
  // rename the directory asked for.
  if (dir.includes('\uFFFD')) return `${dir} is not valid UTF-8 (the name cannot be kept); name another directory`;
  if (dir.trim() === '') return 'the path is empty; name a directory';
  let p: string;
  try {
    p = await reportTarget(dir);
  } catch {
    const to = await fs.readlink(resolve(dir)).catch(() => '?');
    return `${dir} is a symbolic link to ${to}, which does not exist`;
  }
  // The report directory is replaced whole: never the working directory or one that holds it.
  const cwd = resolve('.');
  if (cwd === p || cwd.startsWith(p.endsWith(sep) ? p : p + sep)) return `${dir} is the working directory or holds it, and a report directory is replaced whole; name a directory below it`;
  let st;
  try {
    st = await fs.stat(p);
  } catch {
    st = null; // absent: fine, it will be created
  }
  if (st !== null) {
    if (!st.isDirectory()) return `${dir} exists and is not a directory`;
    // A report directory is replaced whole: never replace something that is not a report.
    const names = (await fs.readdir(p)).filter((n) => n !== LOCK_IN_PLACE);
    if (names.length > 0 && !names.includes('summary.json')) {
      return `${dir} exists and is not an rcucheck report (no summary.json); name a new or empty directory`;
    }
    if (await isMountPoint(p)) {
      try {
        await fs.access(p, constants.W_OK);
        return null;
      } catch (e) {
        return unwritable(dir, (e as NodeJS.ErrnoException).code) ?? `${dir} cannot be written: ${String(e)}`;
      }
    }
  }
  for (;;) {
    const parent = dirname(p);
    try {
      const st = await fs.stat(parent);
      if (!st.isDirectory()) return `${parent} is not a directory`;
      await fs.access(parent, constants.W_OK);
      return null;
    } catch (e) {
      const why = unwritable(parent, (e as NodeJS.ErrnoException).code);
      if (why !== null) return why;
      if (parent === p) return `no existing ancestor of ${dir}`;
      p = parent;
    }
  }
}

/**
 * A system error (ENOSPC, EROFS, EACCES, ENOTDIR, ...) as one line, or null for anything else (a
 * bug). Every command maps such an error to exit 150 with this line, never a stack trace.
 */
export function ioErrorMessage(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  return e.message.replace(/\s*\n\s*/g, ' ').trim();
}

/** The nearest existing ancestor of `abs` (itself included), or a reason none is a directory. */
async function nearestExisting(abs: string): Promise<{ ok: true; path: string; dir: boolean } | { ok: false; error: string }> {
  for (let q = abs; ; q = dirname(q)) {
    try {
      const st = await fs.stat(q);
      return { ok: true, path: q, dir: st.isDirectory() };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') continue; // a file in the way: found on the way up
      if (code !== 'ENOENT') return { ok: false, error: `${q}: ${code ?? String(e)}` };
      if (dirname(q) === q) return { ok: false, error: `no existing ancestor of ${abs}` };
    }
  }
}

/**
 * Try a real write in directory `dir`: create a small hidden file, write to it, remove it. This
 * finds what permission bits do not (a read-only or full filesystem, /proc, root's writes) before
 * the work starts. Returns a reason, or null.
 */
async function probeWrite(dir: string, shown: string): Promise<string | null> {
  const p = join(dir, `.rcucheck-probe-${randomBytes(4).toString('hex')}`);
  let fh;
  try {
    fh = await fs.open(p, 'wx');
    await fh.write(Buffer.alloc(512));
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return unwritable(shown, code) ?? `${shown} cannot be written (${code ?? String(e)})`;
  } finally {
    await fh?.close().catch(() => undefined);
    await fs.rm(p, { force: true }).catch(() => undefined);
  }
  return null;
}

/**
 * Can the file `path` be written (replaced atomically)? Checked before the work: it must be
 * absent or a regular file (never a directory or a device such as /dev/full, which a rename would
 * replace), and the directory it goes in (or the nearest one that exists, the rest being created)
 * must take a real write. Returns a reason, or null.
 */
export async function probeOutputFile(path: string): Promise<string | null> {
  if (path.trim() === '') return 'the path is empty; name a file';
  if (/[\\/]$/.test(path)) return `${path} names a directory, not a file`;
  const abs = resolve(path);
  const at = await nearestExisting(abs);
  if (!at.ok) return at.error;
  if (at.path === abs) {
    if (!at.dir) {
      const st = await fs.stat(abs);
      if (!st.isFile()) return `${path} exists and is not a regular file`;
      return probeWrite(dirname(abs), dirname(path));
    }
    return `${path} is a directory`;
  }
  if (!at.dir) return `${at.path} is not a directory`;
  return probeWrite(at.path, at.path);
}

/**
 * Can files be written into the directory `dir` (created if absent)? As probeOutputFile, for a
 * command that writes several files and subdirectories there (report, history, tags).
 */
export async function probeOutputDir(dir: string): Promise<string | null> {
  if (dir.trim() === '') return 'the path is empty; name a directory';
  const abs = resolve(dir);
  const at = await nearestExisting(abs);
  if (!at.ok) return at.error;
  if (!at.dir) return at.path === abs ? `${dir} exists and is not a directory` : `${at.path} is not a directory`;
  return probeWrite(at.path, at.path === abs ? dir : at.path);
}

/** The lock file's name inside a report directory that is a mount point (elsewhere it is a sibling). */
export const LOCK_IN_PLACE = '.rcucheck.lock';

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(p, { recursive: true })` never returns on a path
 * under /proc (each level's mkdir fails with ENOENT and it retries the parent forever); here a
 * failing level is an error.
 */
async function mkdirs(p: string): Promise<void> {
  const missing: string[] = [];
  for (let q = resolve(p); ; q = dirname(q)) {
    try {
      if ((await fs.stat(q)).isDirectory()) break;
      throw Object.assign(new Error(`${q} is not a directory`), { code: 'ENOTDIR' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(q) === q) throw e;
      missing.push(q);
    }
  }
  for (const q of missing.reverse()) {
    try {
      await fs.mkdir(q);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Write `files` into an existing directory `dir` (no rename; used inside a staging directory). */
export async function writeInto(dir: string, files: FileSet): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    checkRelative(name);
    const path = join(dir, name);
    await mkdirs(dirname(path));
    await fs.writeFile(path, content);
  }
}

/** A staging directory: fill it, then `commit()` renames it onto its target (replacing any old one). */
export interface Staging {
  /** Where to write (a temporary sibling of the target). */
  readonly path: string;
  readonly target: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export async function stage(target: string): Promise<Staging> {
  const abs = await reportTarget(target);
  await mkdirs(dirname(abs));
  if ((await exists(abs)) && (await isMountPoint(abs))) return stageInPlace(abs);
  const tmp = tmpSibling(abs, 'tmp');
  await fs.mkdir(tmp);
  return {
    path: tmp,
    target: abs,
    async commit() {
      await replaceDir(tmp, abs);
    },
    async discard() {
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * A target that is a mount point cannot be renamed, so the report is staged in a hidden
 * directory inside it; `commit` removes the previous report's entries and moves the new ones up.
 * Not one atomic rename, but a crash before `commit` still leaves the previous report intact.
 */
async function stageInPlace(abs: string): Promise<Staging> {
  const tmp = join(abs, `.rcucheck.tmp-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(tmp);
  return {
    path: tmp,
    target: abs,
    async commit() {
      for (const n of await fs.readdir(abs)) {
        if (n !== basename(tmp) && n !== LOCK_IN_PLACE) await fs.rm(join(abs, n), { recursive: true, force: true });
      }
      for (const n of await fs.readdir(tmp)) await fs.rename(join(tmp, n), join(abs, n));
      await fs.rm(tmp, { recursive: true, force: true });
    },
    async discard() {
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Does anything (a file, a folder, a link's target) exist at `p`? */
export async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Move directory `from` onto `to`; an existing `to` is moved aside first and then removed. */
async function replaceDir(from: string, to: string): Promise<void> {
  let old: string | null = null;
  if (await exists(to)) {
    old = tmpSibling(to, 'old');
    await fs.rename(to, old);
  }
  try {
    await fs.rename(from, to);
  } catch (e) {
    if (old !== null) await fs.rename(old, to);
    throw e;
  }
  if (old !== null) await fs.rm(old, { recursive: true, force: true });
}

/** Write a whole report directory atomically: all of `files` appear at once, or none do. */
export async function writeReport(dir: string, files: FileSet): Promise<void> {
  const s = await stage(dir);
  try {
    await writeInto(s.path, files);
    await s.commit();
  } catch (e) {
    await s.discard();
    throw e;
  }
}

/** A file staged as a temporary sibling: `commit()` renames it onto its target. */
async function stageFile(path: string): Promise<Staging> {
  const abs = resolve(path);
  await mkdirs(dirname(abs));
  const tmp = tmpSibling(abs, 'tmp');
  return {
    path: tmp,
    target: abs,
    async commit() {
      await fs.rename(tmp, abs);
    },
    async discard() {
      await fs.rm(tmp, { force: true });
    },
  };
}

/** Write one file atomically (temporary sibling, then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await writeOutputs([{ path, content }]);
}

/** One output of a set written together: a directory of files (replaced whole), or one file. */
export type Output = { readonly path: string; readonly files: FileSet } | { readonly path: string; readonly content: string };

/**
 * Write the outputs of one report (its trace directory, its JSON, its Markdown) together: every
 * one is staged first, and only when all are written are they renamed into place, in order. A
 * fault while writing (a full disk, EIO, ...) leaves every earlier output as it was and no
 * temporary behind; only a failing rename, after everything was written, can leave the earlier
 * outputs of the set renamed and the later ones not.
 */
export async function writeOutputs(outputs: readonly Output[]): Promise<void> {
  const staged: Staging[] = [];
  const discard = async (from: number): Promise<void> => {
    for (const s of staged.slice(from)) await s.discard().catch(() => undefined);
  };
  try {
    for (const o of outputs) {
      if ('files' in o) {
        const s = await stage(o.path);
        staged.push(s);
        await writeInto(s.path, o.files);
      } else {
        const s = await stageFile(o.path);
        staged.push(s);
        await fs.writeFile(s.path, o.content);
      }
    }
  } catch (e) {
    await discard(0);
    throw e;
  }
  for (let i = 0; i < staged.length; i++) {
    try {
      await staged[i].commit();
    } catch (e) {
      await discard(i);
      throw e;
    }
  }
}

/** Copy directory `from` to `dir/name` inside a staging directory (merge of shard reports). */
export async function copyInto(dir: string, name: string, from: string): Promise<void> {
  checkRelative(name);
  await fs.cp(from, join(dir, name), { recursive: true });
}

/** Read every file under `dir` as text, keyed by relative path with `/` separators (for tests and merge). */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else out[r] = await fs.readFile(join(dir, ...r.split('/')), 'utf8');
    }
  };
  await walk('');
  return out;
}


// ---------------------------------------------------------------------------------------------
// A lock on a report directory, so that two runs writing the same directory cannot both succeed
// while one's results silently vanish: the second refuses at once. The lock is a file created
// exclusively (`O_EXCL`) next to the directory (`.<name>.lock`; inside it when the directory is a
// mount point) holding the owner's pid; a lock whose pid is no longer alive (a run killed with
// SIGKILL) is stale and taken over. Hand-written rather than `proper-lockfile`: that library judges
// staleness by an mtime it refreshes on a timer, so a long, busy proof's lock could be stolen, or
// a killed run's lock kept for the stale period, and it releases its locks from its own exit hook
// (signal-exit) while a Ctrl-C'd run is still writing its incomplete report. A pid check is exact
// on one machine, which is where a report directory lives.

const held = new Set<string>();

/** Release every lock this process holds (the CLI calls it on exit, a crash included). */
export function releaseAllLocks(): void {
  for (const p of held) {
    try {
      unlinkSync(p);
    } catch {
      // already gone
    }
  }
  held.clear();
}

async function lockPathOf(dir: string): Promise<string> {
  // Through a symbolic link, so a run naming the link and one naming its target share the lock.
  const abs = await reportTarget(dir).catch(() => resolve(dir));
  try {
    const [a, b] = await Promise.all([fs.stat(abs), fs.stat(dirname(abs))]);
    if (a.isDirectory() && a.dev !== b.dev) return join(abs, LOCK_IN_PLACE);
  } catch {
    // absent: a sibling lock
  }
  return join(dirname(abs), `.${basename(abs)}.lock`);
}

/** Who takes a lock: its pid, what it is doing, and how to tell whether another pid is alive (from the host). */
export interface LockOwner {
  pid: number;
  what: string;
  alive(pid: number): boolean;
}

export interface ReportLock {
  release(): Promise<void>;
}

/**
 * Take the lock of report directory `dir`. Resolves to the lock, or to the reason it is held
 * (another live run's pid) or cannot be taken.
 */
export async function lockReportDir(dir: string, owner: LockOwner): Promise<{ ok: true; value: ReportLock } | { ok: false; error: string }> {
  const what = owner.what;
  const alive = (pid: number): boolean => owner.alive(pid);
  const path = await lockPathOf(dir);
  // The report's parent may not exist yet (it is created with the report); a failure shows below.
  await mkdirs(dirname(path)).catch(() => undefined);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fs.open(path, 'wx');
      await fh.writeFile(`${JSON.stringify({ pid: owner.pid, what, since: new Date().toISOString() })}\n`);
      await fh.close();
      held.add(path);
      return {
        ok: true,
        value: {
          async release() {
            held.delete(path);
            // A lock that cannot be removed (the filesystem turned read-only) is stale once we exit.
            await fs.rm(path, { force: true }).catch(() => undefined);
          },
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return { ok: false, error: `cannot create the lock ${path}: ${code ?? String(e)}` };
    }
    let holder: { pid?: unknown; what?: unknown; since?: unknown } = {};
    try {
      holder = JSON.parse(await fs.readFile(path, 'utf8')) as typeof holder;
    } catch {
      holder = {}; // being written right now, or garbage: judged by its pid below
    }
    if (typeof holder.pid === 'number' && alive(holder.pid)) {
      return {
        ok: false,
        error:
          `${dir} is in use by another rcucheck run (pid ${holder.pid}${typeof holder.what === 'string' ? `, ${holder.what}` : ''}` +
          `${typeof holder.since === 'string' ? `, since ${holder.since}` : ''}); wait for it or name another --report-dir`,
      };
    }
    if (typeof holder.pid !== 'number' && attempt === 0) {
      // A lock file without a readable pid may be mid-write: look again before calling it stale.
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    await fs.rm(path, { force: true }); // stale: its run is gone
  }
  return { ok: false, error: `cannot take the lock ${path}` };
}
