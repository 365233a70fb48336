import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import type { CliContext } from '../../src/cli/context.js';
import { replayCommand } from '../../src/cli/replay.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { hasModel, traceOf } from './fixtures.js';

function ctx(stdoutColumns?: number): CliContext & { out: string; err: string } {
  const c = {
    stdoutColumns,
    out: '',
    err: '',
    stdout(s: string) {
      c.out += s;
    },
    stderr(s: string) {
      c.err += s;
    },
    stderrIsTTY: false,
    stdoutIsTTY: false,
    signal: new AbortController().signal,
    execPath: process.execPath,
    cliPath: '',
    pid: process.pid,
    processAlive: () => false,
    now: () => 0,
    exitCode: 0,
  };
  return c;
}

async function replay(args: string[], stdoutColumns?: number): Promise<ReturnType<typeof ctx>> {
  const c = ctx(stdoutColumns);
  await yargs(args).command(replayCommand(c)).strict().exitProcess(false).parseAsync();
  return c;
}

const dir = mkdtempSync(join(tmpdir(), 'rcucheck-replay-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('rcucheck replay', () => {
  const phil = traceFiles(traceOf('philosophers', { n: 3 }).trace)['trace.itf.json'];

  it('prints the timeline and confirms the deadlock (exit 11)', async () => {
    const c = await replay(['replay', file('phil.itf.json', phil)]);
    expect(c.err).toBe('');
    expect(c.exitCode).toBe(11);
    expect(c.out).toContain('# │ phil0     │ phil1     │ phil2     │ changed fields');
    expect(c.out.trimEnd().split('\n').at(-1)).toBe(
      'confirmed: deadlock after step 3 of philosophers: no action is enabled after step 3, and the state is not a valid end state',
    );
    expect(c.out).not.toContain('\x1b[');
  });

  it('prints the compact timeline on a terminal narrower than 160 columns, within its width', async () => {
    const c = await replay(['replay', file('phil-narrow.itf.json', phil)], 60);
    expect(c.exitCode).toBe(11);
    expect(c.out).toContain('1  phil0  take left\n          phil[0]: THINK → LEFT; fork[0]: false → true\n');
    expect(c.out).not.toContain(' │ ');
    const timeline = c.out.slice(0, c.out.indexOf('confirmed:'));
    for (const l of timeline.split('\n')) expect([...l].length).toBeLessThanOrEqual(60);
    const wide = await replay(['replay', file('phil-wide.itf.json', phil)], 200);
    expect(wide.out).toContain('# │ phil0     │ phil1     │ phil2     │ changed fields');
  });

  it('colours on request', async () => {
    const c = await replay(['replay', file('phil2.itf.json', phil), '--color']);
    expect(c.out).toContain('\x1b[');
  });

  it.runIf(hasModel('peterson'))('confirms peterson mutate=1 (exit 12)', async () => {
    const t = traceFiles(traceOf('peterson', { mutate: 1 }).trace)['trace.itf.json'];
    const c = await replay(['replay', file('pm.itf.json', t), '-q']);
    expect(c.exitCode).toBe(12);
    expect(c.out).toMatch(/^confirmed: invariant mutual-exclusion violated after step \d+ of peterson: /);
  });

  it('names the diverging step of a corrupted trace (exit 150)', async () => {
    const doc = JSON.parse(phil);
    doc.states[2].phil[1] = 'EAT';
    const c = await replay(['replay', file('bad.itf.json', JSON.stringify(doc))]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toBe(
      'rcucheck: error: RC101: trace diverges from model philosophers at step 2 (take left [phil1]): field phil[1] is LEFT in the model but EAT in the trace\n',
    );
    // The stored timeline is still shown, so the user sees what the file claims.
    expect(c.out).toContain('phil[1]: THINK → EAT');
  });

  it('refuses a trace of another model version (exit 150, RC005)', async () => {
    const doc = JSON.parse(phil);
    doc['#meta'].fingerprint = 'sha256:0123456789abcdef';
    const c = await replay(['replay', file('old.itf.json', JSON.stringify(doc))]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toMatch(/^rcucheck: error: RC005: the trace was written by rcucheck 0\.1\.0 for another version of model philosophers/);
  });

  it('refuses unreadable and malformed files (exit 150, RC004)', async () => {
    let c = await replay(['replay', join(dir, 'missing.json')]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toMatch(/RC004: cannot read trace file .*missing\.json \(ENOENT\)/);
    c = await replay(['replay', file('junk.json', '{"vars": 1')]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toMatch(/RC004: .*junk\.json: malformed ITF trace: trace: not JSON/);
  });
});
