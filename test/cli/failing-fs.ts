/**
 * Test helper: a `WriterFs` (src/report/writer-fs.ts) that fails like a sick disk, and a way to
 * run any CLI command in-process through it.
 *
 * Why this file exists: a full, read-only or failing disk can be made with a tmpfs only as root;
 * through the writer's seam every command's disk faults are tested on any machine. The fault
 * is an errno error shaped as node's own (`ENOSPC: no space left on device, open '<path>'`),
 * raised from the `at`-th call that matches `ops` and `path` on (a full disk stays full).
 *
 * What it must not do: change what the real file system does for calls that do not match, or be
 * imported by anything under src/.
 */
import type { FileHandle } from 'node:fs/promises';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { setWriterFs } from '../../src/report/write.js';
import { nodeWriterFs, type WriterFs } from '../../src/report/writer-fs.js';
import { CLI } from './run.js';

export type FaultCode = 'ENOSPC' | 'EACCES' | 'EROFS' | 'EIO';
/** The writer's calls, and `write` for a write through an open file handle. */
export type FsOp = keyof WriterFs | 'write';

const TEXT: Record<FaultCode, string> = {
  ENOSPC: 'no space left on device',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  EIO: 'i/o error',
};

export interface Fault {
  code: FaultCode;
  /** Calls that can fail (default: the ones that create or change something, not `rm`, so clean-up still works). */
  ops?: readonly FsOp[];
  /** Only calls on a path matching this. */
  path?: RegExp;
  /** Fail from the at-th matching call on (default 1). */
  at?: number;
}

export const WRITES: readonly FsOp[] = ['mkdir', 'writeFile', 'open', 'write', 'rename', 'cp'];

export interface FailingFs extends WriterFs {
  /** The paths of the calls that failed. */
  readonly failed: string[];
}

function errnoError(code: FaultCode, op: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${TEXT[code]}, ${op} '${path}'`), { code, syscall: op, path });
}

export function failingFs(fault: Fault, base: WriterFs = nodeWriterFs): FailingFs {
  const ops = fault.ops ?? WRITES;
  const at = fault.at ?? 1;
  let seen = 0;
  const failed: string[] = [];
  const trip = (op: FsOp, path: string): void => {
    if (!ops.includes(op) || (fault.path !== undefined && !fault.path.test(path))) return;
    if (++seen < at) return;
    failed.push(path);
    throw errnoError(fault.code, op, path);
  };
  const str = (p: unknown): string => (typeof p === 'string' ? p : String(p));
  const handle = (fh: FileHandle, path: string): FileHandle =>
    new Proxy(fh, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== 'function') return v;
        if (key === 'write' || key === 'writeFile') {
          return (...args: unknown[]) => {
            trip('write', path);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    });
  const fs: FailingFs = {
    ...base,
    failed,
    mkdir: (async (p: string, ...rest: unknown[]) => {
      trip('mkdir', str(p));
      return (base.mkdir as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as WriterFs['mkdir'],
    writeFile: (async (p: string, ...rest: unknown[]) => {
      trip('writeFile', str(p));
      return (base.writeFile as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as WriterFs['writeFile'],
    open: (async (p: string, ...rest: unknown[]) => {
      trip('open', str(p));
      const fh = await (base.open as (...a: unknown[]) => Promise<FileHandle>)(p, ...rest);
      return handle(fh, str(p));
    }) as WriterFs['open'],
    rename: async (from, to) => {
      trip('rename', str(to));
      return base.rename(from, to);
    },
    cp: (async (from: string, to: string, ...rest: unknown[]) => {
      trip('cp', str(to));
      return (base.cp as (...a: unknown[]) => Promise<unknown>)(from, to, ...rest);
    }) as WriterFs['cp'],
    rm: (async (p: string, ...rest: unknown[]) => {
      trip('rm', str(p));
      return (base.rm as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as WriterFs['rm'],
  };
  return fs;
}

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `argv` in this process (src/cli/main.ts) with every write going through `fs` (the real
 * disk when absent). `stop` may abort the run's signal, as a Ctrl-C would: a function is called
 * with each chunk of output, so a test can stop a command after its first cell or row; 'now'
 * aborts before the command starts (a Ctrl-C that arrives at once).
 */
export async function runInProcess(argv: string[], fs?: WriterFs, stop?: 'now' | ((out: string, abort: () => void) => void)): Promise<InProcessRun> {
  const abort = new AbortController();
  if (stop === 'now') abort.abort('SIGINT');
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    stdout: (s) => {
      stdout += s;
      if (typeof stop === 'function') stop(s, () => abort.abort('SIGINT'));
    },
    stderr: (s) => {
      stderr += s;
      if (typeof stop === 'function') stop(s, () => abort.abort('SIGINT'));
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    signal: abort.signal,
    execPath: process.execPath,
    cliPath: CLI,
    pid: process.pid,
    processAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
    now: () => performance.now(),
    exitCode: 0,
  };
  const restore = fs === undefined ? () => undefined : setWriterFs(fs);
  try {
    const code = await runCli(argv, ctx);
    return { code, stdout, stderr };
  } finally {
    restore();
  }
}
