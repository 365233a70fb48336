/**
 * Issue 32's second adversarial pass: every case of `adversarial-cases.ts` through the built CLI,
 * in its own scratch directory, against the README's contract: the expected exit status, never a
 * stack trace, and a bad input (150/151) is one stderr line with nothing created or changed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, type Case, type Fixtures, type Itf } from './adversarial-cases.js';
import { CLI, cli, tmp } from './run.js';

/** At most this many CLI children at once (the machine has 2 shared cores). */
const PARALLEL = 3;
/** A case that runs longer than this did work it should have refused (or hangs). */
const CASE_TIMEOUT_MS = 40_000;

let running = 0;
const queue: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    queue.shift()?.();
  }
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CASE_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every path under `dir` with what it is (a file's content hash, a link's target). */
function snapshot(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = join(rel, name);
    const p = join(dir, r);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.push(`${r} -> link`);
    else if (st.isFIFO()) out.push(`${r} fifo`);
    else if (st.isDirectory()) out.push(`${r}/`, ...snapshot(dir, r));
    else out.push(`${r} ${createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16)}`);
  }
  return out;
}

function prepare(c: Case, fx: Fixtures): string {
  const dir = tmp(`rcucheck-adv-${c.id}-`);
  for (const d of c.setup?.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
  for (const [name, body] of Object.entries(c.setup?.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof body === 'string' ? body : body(fx));
  }
  for (const [link, target] of Object.entries(c.setup?.links ?? {})) symlinkSync(target, join(dir, link));
  for (const f of c.setup?.fifos ?? []) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    expect(spawnSync('mkfifo', [join(dir, f)]).status).toBe(0);
  }
  return dir;
}

const STACK = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;
const JS_ERROR = /^(\w*Error|Error)(: |$)|^node:internal|^Node\.js v\d+/m;

async function check(c: Case, fx: Fixtures): Promise<void> {
  const dir = prepare(c, fx);
  const before = snapshot(dir);
  const r = await slot(() => run(c.argv, dir, { ...process.env, TMPDIR: dir, NO_COLOR: '1', ...c.env }));
  const codes = Array.isArray(c.expect.code) ? c.expect.code : [c.expect.code];
  const badInput = codes.every((x) => x === 150 || x === 151);
  const where = `${c.id} (${c.why}): rcucheck ${c.argv.join(' ')}\nexit ${r.code}${r.signal ? ` (${r.signal})` : ''}\nstderr: ${r.stderr.slice(0, 2000)}`;
  expect(r.stderr, where).not.toMatch(STACK);
  expect(r.stderr, where).not.toMatch(JS_ERROR);
  expect(codes, where).toContain(r.code);
  if (c.expect.stderrLines === 1 || badInput) {
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, where).toHaveLength(1);
    expect(r.stderr.endsWith('\n'), where).toBe(true);
  }
  // Nothing on stdout for bad input; replay alone shows a readable but divergent trace's timeline
  // (as the file has it) before its one-line error, so the reader sees where it diverges.
  if (badInput && c.argv[0] !== 'replay') expect(r.stdout, where).toBe('');
  if (c.argv.includes('--json') && !badInput && c.argv[0] !== 'tags') {
    // --json: exactly one JSON object on stdout, whatever the verdict.
    expect(() => JSON.parse(r.stdout) as unknown, where).not.toThrow();
    if (r.code === 152) expect(r.stdout, where).toMatch(/incomplete|undecided/);
  }
  if (c.expect.incompleteReport !== undefined) {
    const summary = readFileSync(join(dir, c.expect.incompleteReport, 'summary.json'), 'utf8');
    expect(summary, where).toMatch(/"verdict": ?"incomplete"/);
  }
  if (c.expect.nothingWritten ?? badInput) {
    // TMPDIR is the scratch directory, so a leftover temporary file would show here too.
    expect(snapshot(dir), where).toEqual(before);
  }
}

let fixtures: Fixtures | undefined;
beforeAll(() => {
  const base = tmp('rcucheck-adv-fixtures-');
  const rep = join(base, 'trace');
  expect(cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '-q', '--report-dir', rep]).code).toBe(12);
  const itf = JSON.parse(readFileSync(join(rep, 'traces', 'mutual-exclusion', 'trace.itf.json'), 'utf8')) as Itf;
  const plan = JSON.stringify({
    entries: [
      { id: 'p2', model: 'peterson', params: { n: 2 }, expect: 'holds' },
      { id: 'ph3', model: 'philosophers', params: { n: 3 }, expect: { violates: 'deadlock', note: 'the circular wait' } },
    ],
  });
  writeFileSync(join(base, 'plan.json'), plan);
  const shards = [1, 2].map((i) => {
    const out = join(base, `s${i}`);
    const r = cli(['prove', '--plan', 'plan.json', '--shard', `${i}/2`, '--no-baselines', '--no-coverage', '-q', '--workers', '1', '--report-dir', out], base);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
  });
  fixtures = { itf, shard1: shards[0], shard2: shards[1], plan };
});

const COMMANDS = ['check', 'replay', 'graph', 'prove', 'merge', 'sweep', 'compare'];
const groupOf = (c: Case): string => (COMMANDS.includes(c.argv[0]) ? c.argv[0] : 'list, plan, report, tags, history and others');

describe('issue 32, second adversarial pass: the CLI contract holds', () => {
  it('the cases are at least 100, with unique ids, covering every command', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    const commands = new Set(CASES.map((c) => c.argv[0]));
    for (const cmd of ['check', 'replay', 'graph', 'list', 'prove', 'merge', 'plan', 'report', 'tags', 'sweep', 'history', 'compare']) {
      expect(commands, cmd).toContain(cmd);
    }
    expect(existsSync(CLI)).toBe(true);
  });

  for (const group of [...COMMANDS, 'list, plan, report, tags, history and others']) {
    const cases = CASES.filter((c) => groupOf(c) === group);
    describe.concurrent(group, () => {
      it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
        if (!fixtures) throw new Error('fixtures were not made');
        await check(c, fixtures);
      });
    });
  }
});
