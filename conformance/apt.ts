/**
 * Installing a Debian package with apt-get: the one routine every script and test of the project
 * uses (the conformance harness's linux-source-6.12 and gcc, the benchmark's spin and rumur, the
 * browser test's chromium).
 *
 * Why this file exists: on a fresh machine several of them install at once (vitest runs test
 * files in parallel workers), and apt-get refuses to run while another holds the dpkg lock: one
 * install failed where the other succeeded, which skipped a test here and failed one there,
 * depending on timing. Here every install waits for the lock (`DPkg::Lock::Timeout`) and the
 * project's own installs take turns under one `flock` (util-linux, Essential in Debian), so
 * `apt-get update` (the lists lock, which the timeout does not cover) cannot collide either.
 * It is hand-written because no npm package installs Debian packages; it is a few lines of
 * spawnSync around apt-get.
 *
 * What it must not do: install anything the caller did not name, prompt (sudo -n, apt-get -y,
 * noninteractive), throw, or touch `process` beyond reading the uid and the environment.
 */
import { spawnSync, type StdioOptions } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The lock file that makes the project's installs take turns (shared by every process). */
const TURN_LOCK = join(tmpdir(), 'rcucheck-apt.lock');
/** How long an install waits for dpkg's lock, and how long any apt-get may run. */
const LOCK_WAIT_SECONDS = 900;
const RUN_LIMIT_MS = 30 * 60 * 1000;

/** Is a command on PATH? */
export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * `apt-get install -y <pkg>`, after `apt-get update` when the first try fails (a fresh image has
 * no package lists). As root, or through passwordless sudo. Returns null when the install
 * succeeded, else why it could not (one line). `stdio` defaults to 'ignore'.
 */
export function aptInstall(pkg: string, stdio: StdioOptions = 'ignore'): string | null {
  const asRoot = isRoot();
  if (!asRoot && !have('sudo')) return `not root and no sudo to run apt-get install -y ${pkg}`;
  if (!have('apt-get')) return `no apt-get to install ${pkg}`;
  const wait = ['-o', `DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS}`];
  const install = ['apt-get', ...wait, 'install', '-y', pkg];
  const update = ['apt-get', ...wait, 'update'];
  const q = (argv: string[]): string => argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // One shell, under the turn lock when flock is here: install, else update then install.
  const body = `${q(install)} || { ${q(update)}; ${q(install)}; }`;
  const script = have('flock') ? `flock ${q([TURN_LOCK])} sh -c ${q([body])}` : body;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = asRoot
    ? spawnSync('sh', ['-c', script], { stdio, env, timeout: RUN_LIMIT_MS })
    : spawnSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'sh', '-c', script], { stdio, env, timeout: RUN_LIMIT_MS });
  if (r.error) return `apt-get install -y ${pkg} could not run: ${r.error.message}`;
  return r.status === 0 ? null : `apt-get install -y ${pkg} failed (exit ${String(r.status ?? r.signal)})`;
}
