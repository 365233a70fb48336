/**
 * The benchmarks' load gate (bench/load-gate.ts): its decision is a pure function of the load,
 * the options and the time waited, so it is checked here on made-up loads and a fake clock.
 *
 * What it must not do: run any benchmark or read the machine's real load.
 */
import { describe, expect, it } from 'vitest';
import { decide, gate, LOAD_THRESHOLD, loadBanner, parseGateOptions, type GateEnv } from '../../bench/load-gate.js';

const none = { allowLoad: false, waitIdleSeconds: 0 };

describe('decide', () => {
  it('runs on an idle machine, the threshold included', () => {
    expect(LOAD_THRESHOLD).toBe(0.5);
    expect(decide(0, none)).toEqual({ action: 'run', loadOk: true, load: 0 });
    expect(decide(0.5, none)).toEqual({ action: 'run', loadOk: true, load: 0.5 });
    expect(decide(0.3, { allowLoad: true, waitIdleSeconds: 60 })).toEqual({ action: 'run', loadOk: true, load: 0.3 });
  });

  it('refuses above the threshold with one line naming the load and the options', () => {
    const d = decide(1.81, none);
    expect(d.action).toBe('refuse');
    if (d.action !== 'refuse') return;
    expect(d.message).not.toContain('\n');
    expect(d.message).toContain('1.81');
    expect(d.message).toContain('0.50');
    expect(d.message).toContain('--allow-load');
    expect(d.message).toContain('--wait-idle');
    expect(decide(0.51, none).action).toBe('refuse');
  });

  it('runs marked not idle with --allow-load', () => {
    expect(decide(1.81, { allowLoad: true, waitIdleSeconds: 0 })).toEqual({ action: 'run', loadOk: false, load: 1.81 });
  });

  it('waits while --wait-idle time is left, then refuses or runs marked', () => {
    const w = { allowLoad: false, waitIdleSeconds: 30 };
    expect(decide(2, w, 0).action).toBe('wait');
    expect(decide(2, w, 29.9).action).toBe('wait');
    const d = decide(2, w, 30);
    expect(d.action).toBe('refuse');
    if (d.action === 'refuse') expect(d.message).toContain('after waiting 30 s');
    expect(decide(2, { ...w, allowLoad: true }, 30)).toEqual({ action: 'run', loadOk: false, load: 2 });
    expect(decide(0.4, w, 10)).toEqual({ action: 'run', loadOk: true, load: 0.4 });
  });
});

describe('parseGateOptions', () => {
  it('reads --allow-load and --wait-idle S', () => {
    expect(parseGateOptions([])).toEqual(none);
    expect(parseGateOptions(['--reps', '3', '--allow-load'])).toEqual({ allowLoad: true, waitIdleSeconds: 0 });
    expect(parseGateOptions(['--wait-idle', '120'])).toEqual({ allowLoad: false, waitIdleSeconds: 120 });
  });
  it('rejects a malformed --wait-idle', () => {
    expect(() => parseGateOptions(['--wait-idle'])).toThrow(/--wait-idle/);
    expect(() => parseGateOptions(['--wait-idle', '-5'])).toThrow(/--wait-idle/);
    expect(() => parseGateOptions(['--wait-idle', '--allow-load'])).toThrow(/--wait-idle/);
  });
});

describe('gate (fake clock)', () => {
  function env(loads: number[]): GateEnv & { slept: number[]; logged: string[] } {
    let t = 0;
    let i = 0;
    const slept: number[] = [];
    const logged: string[] = [];
    return {
      slept,
      logged,
      readLoad: () => loads[Math.min(i++, loads.length - 1)],
      sleep: (s) => {
        slept.push(s);
        t += s;
        return Promise.resolve();
      },
      now: () => t,
      log: (line) => logged.push(line),
    };
  }

  it('does not sleep without --wait-idle', async () => {
    const e = env([3]);
    expect((await gate(none, e)).action).toBe('refuse');
    expect(e.slept).toEqual([]);
  });

  it('starts once the load falls during --wait-idle', async () => {
    const e = env([2, 1, 0.4]);
    expect(await gate({ allowLoad: false, waitIdleSeconds: 60 }, e, 10)).toEqual({ action: 'run', loadOk: true, load: 0.4 });
    expect(e.slept).toEqual([10, 10]);
    expect(e.logged).toHaveLength(1);
  });

  it('gives up after --wait-idle seconds, never sleeping past it', async () => {
    const e = env([2]);
    const d = await gate({ allowLoad: true, waitIdleSeconds: 25 }, e, 10);
    expect(d).toEqual({ action: 'run', loadOk: false, load: 2 });
    expect(e.slept).toEqual([10, 10, 5]);
  });
});

it('the banner states the load', () => {
  expect(loadBanner(1.8)).toBe('**Not an idle machine: load 1.80 at start; rates are not comparable**');
  expect(loadBanner('1.81')).toContain('load 1.81 at start');
});
