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
import { access, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

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
 * Can a report directory be written at `dir`? Checked before a long search, without writing
 * anything: the path must be absent, empty or a previous report (it is replaced whole), and
 * its nearest existing ancestor a writable directory. Returns a reason, or null when it is fine.
 */
export async function probeReportDir(dir: string): Promise<string | null> {
  let p = resolve(dir);
  let st;
  try {
    st = await stat(p);
  } catch {
    st = null; // absent: fine, it will be created
  }
  if (st !== null) {
    if (!st.isDirectory()) return `${dir} exists and is not a directory`;
    // A report directory is replaced whole: never replace something that is not a report.
    const names = await readdir(p);
    if (names.length > 0 && !names.includes('summary.json')) {
      return `${dir} exists and is not an rcucheck report (no summary.json); name a new or empty directory`;
    }
  }
  for (;;) {
    const parent = dirname(p);
    try {
      const st = await stat(parent);
      if (!st.isDirectory()) return `${parent} is not a directory`;
      await access(parent, constants.W_OK);
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') return `${parent} is not writable`;
      if (parent === p) return `no existing ancestor of ${dir}`;
      p = parent;
    }
  }
}

/** Write `files` into an existing directory `dir` (no rename; used inside a staging directory). */
export async function writeInto(dir: string, files: FileSet): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    checkRelative(name);
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
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
  const abs = resolve(target);
  await mkdir(dirname(abs), { recursive: true });
  const tmp = tmpSibling(abs, 'tmp');
  await mkdir(tmp);
  return {
    path: tmp,
    target: abs,
    async commit() {
      await replaceDir(tmp, abs);
    },
    async discard() {
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
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
    await rename(to, old);
  }
  try {
    await rename(from, to);
  } catch (e) {
    if (old !== null) await rename(old, to);
    throw e;
  }
  if (old !== null) await rm(old, { recursive: true, force: true });
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

/** Write one file atomically (temporary sibling, then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  const tmp = tmpSibling(abs, 'tmp');
  try {
    await writeFile(tmp, content);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Copy directory `from` to `dir/name` inside a staging directory (merge of shard reports). */
export async function copyInto(dir: string, name: string, from: string): Promise<void> {
  checkRelative(name);
  await cp(from, join(dir, name), { recursive: true });
}

/** Read every file under `dir` as text, keyed by relative path with `/` separators (for tests and merge). */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else out[r] = await readFile(join(dir, ...r.split('/')), 'utf8');
    }
  };
  await walk('');
  return out;
}

