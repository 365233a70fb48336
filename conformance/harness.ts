/**
 * The conformance harness as a library (issue 29, stage 1): get the kernel's source, cut the
 * kvfree_rcu() section out of kernel/rcu/tree.c, compile it with the project's user-space shim,
 * and run scripts through it.
 *
 * Why this file exists: every verdict rcucheck prints is about its model; this harness runs the
 * kernel's own C code so that the model can be compared with it. The C is hand-written
 * (conformance/shim/) because no library does this: the kernel has no user-space build of
 * kernel/rcu/tree.c (its KUnit and rcutorture run inside a kernel), and the existing user-space
 * RCU (liburcu) is a different implementation, not the code under check. Debian ships the source
 * as a package (`linux-source-6.12`, a tarball under /usr/src), installed here with apt-get when
 * absent, as bench/run.ts installs spin.
 *
 * Everything is built outside the repository: under $XDG_CACHE_HOME/rcucheck when that is set,
 * else under os.tmpdir(), in `rcucheck-conformance-<package version>`.
 *
 * What it must not do: write any kernel source into the repository; edit a byte of the cut
 * section (extract.ts cuts, gcc compiles what was cut); touch `process` (run.ts owns it); install
 * anything other than linux-source-6.12 and gcc; decide a run's outcome by chance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, have } from './apt.js';
import { SECTION, cutSection } from './extract.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository (this file runs from conformance/ under vitest, or dist/conformance/ when built). */
export const ROOT = resolve(here, existsSync(join(here, 'shim')) ? '..' : join('..', '..'));
export const SHIM_DIR = join(ROOT, 'conformance', 'shim');
export const SCRIPTS_DIR = join(ROOT, 'conformance', 'scripts');

export const PACKAGE = 'linux-source-6.12';
export const TARBALL = `/usr/src/${PACKAGE}.tar.xz`;
const TREE_C = 'kernel/rcu/tree.c';

/** gcc's flags: the kernel's own dialect, its warnings off where the kernel turns them off. */
export const CFLAGS = ['-std=gnu11', '-O1', '-g', '-Wall', '-Wextra', '-Werror', '-Wno-sign-compare', '-Wno-unused-function', '-Wno-unused-parameter'];
const SHIM_SOURCES = ['section.c', 'shim.c', 'sched.c', 'driver.c'];

export type Log = (line: string) => void;

/**
 * How long a first build may take (tests give it to a beforeAll): extracting tree.c decompresses
 * the whole 150 MB tarball, about 15 s on an idle core and several times that on a loaded one.
 */
export const BUILD_TIMEOUT_MS = 600_000;

/**
 * Make sure gcc and the kernel source tarball are here, installing them when possible. Returns
 * null when both are present, else the reason they are not (for a test's skip message).
 */
export function ensureTools(log: Log = () => {}): string | null {
  const install = (pkg: string): string | null => {
    log(`installing ${pkg} with apt-get`);
    return aptInstall(pkg);
  };
  const noGcc = have('gcc') ? null : install('gcc');
  if (noGcc !== null) return `gcc is absent and could not be installed: ${noGcc}`;
  if (!have('gcc')) return 'gcc is absent after apt-get install gcc';
  const noSource = existsSync(TARBALL) ? null : install(PACKAGE);
  if (noSource !== null) return `${TARBALL} is absent and could not be installed: ${noSource}`;
  if (!existsSync(TARBALL)) return `${TARBALL} is absent after apt-get install ${PACKAGE}`;
  return null;
}

/** The installed package's version (e.g. 6.12.118-1~deb12u1), or "unknown". */
export function packageVersion(): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', PACKAGE], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : 'unknown';
}

export function buildDir(version: string = packageVersion()): string {
  const base = process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'rcucheck') : tmpdir();
  return join(base, `rcucheck-conformance-${version.replace(/[^\w.+-]/g, '_')}`);
}

export interface Build {
  dir: string;
  version: string;
  tarballSha256: string;
  treeSha256: string;
  /** The functions, types and variables compiled, with their lines in tree.c. */
  kept: { name: string; line: number; kind: string }[];
  binary: string;
  /** The gcc command line, as run (in `dir`). */
  gcc: string[];
}

/** Write by rename, so that runs sharing the build directory (parallel tests) never see half a file. */
function writeAtomic(path: string, data: string | Buffer): void {
  writeFileSync(`${path}.${process.pid}`, data);
  renameSync(`${path}.${process.pid}`, path);
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Extract tree.c (only that file) from the tarball, cut the section, compile. Throws on failure.
 * `capacity` (stage 3): compile with a PAGE_SIZE whose KVFREE_BULK_MAX_ENTR is that many records
 * (the model's `capacity`; kernel.h, CONF_PAGE_SIZE), into a binary of its own.
 */
export function build(log: Log = () => {}, capacity?: number): Build {
  const version = packageVersion();
  const dir = buildDir(version);
  mkdirSync(dir, { recursive: true });
  const tar = statSync(TARBALL);
  const stampPath = join(dir, 'tarball.stamp');
  const stamp = `${tar.size} ${tar.mtimeMs}`;
  const tree = join(dir, 'tree.c');
  let tarballSha256: string;
  if (existsSync(tree) && existsSync(stampPath) && readFileSync(stampPath, 'utf8').split('\n')[0] === stamp) {
    tarballSha256 = readFileSync(stampPath, 'utf8').split('\n')[1];
  } else {
    log(`extracting ${TREE_C} from ${TARBALL}`);
    const inner = execFileSync('tar', ['-xJOf', TARBALL, '--wildcards', `*/${TREE_C}`], { maxBuffer: 64 * 1024 * 1024 });
    if (inner.length === 0) throw new Error(`${TARBALL} holds no ${TREE_C}`);
    writeAtomic(tree, inner);
    tarballSha256 = sha256(TARBALL);
    writeAtomic(stampPath, `${stamp}\n${tarballSha256}\n`);
  }
  const cut = cutSection(readFileSync(tree, 'utf8'), TREE_C, SECTION);
  const section = join(dir, 'kvfree_section.c');
  if (!existsSync(section) || readFileSync(section, 'utf8') !== cut.text) writeAtomic(section, cut.text);
  const binary = join(dir, capacity === undefined ? 'kvfree-conformance' : `kvfree-conformance-cap${capacity}`);
  // struct kvfree_rcu_bulk_data is 40 bytes on x86-64 (list 16, gp_snap 16, nr_records 8), records 8 each.
  const pageSize = capacity === undefined ? [] : [`-DCONF_PAGE_SIZE=${40 + 8 * capacity}`];
  const gcc = [...CFLAGS, ...pageSize, `-I${SHIM_DIR}`, `-I${dir}`, '-o', binary, ...SHIM_SOURCES.map((f) => join(SHIM_DIR, f))];
  log(`gcc ${gcc.join(' ')}`);
  // Compiled to a name of this process's own, then renamed: a parallel run never runs half a binary.
  const r = spawnSync('gcc', gcc.map((a) => (a === binary ? `${binary}.${process.pid}` : a)), { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc failed (exit ${String(r.status)}):\n${r.stderr}`);
  renameSync(`${binary}.${process.pid}`, binary);
  return { dir, version, tarballSha256, treeSha256: sha256(tree), kept: cut.kept, binary, gcc: ['gcc', ...gcc] };
}

export interface Run {
  status: number | null;
  /** Every line the harness printed: "> command" echoes and event lines. */
  lines: string[];
  stderr: string;
}

/** Run a script (the driver's commands, conformance/shim/driver.c) through a built harness. */
export function runScript(b: Build, script: string): Run {
  const r = spawnSync(b.binary, [], { input: script, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, lines: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

export function smokeScript(): string {
  return readFileSync(join(SCRIPTS_DIR, 'smoke.txt'), 'utf8');
}

/** A committed script of conformance/scripts/ by name (e.g. "interleave"). */
export function script(name: string): string {
  return readFileSync(join(SCRIPTS_DIR, `${name}.txt`), 'utf8');
}
