/**
 * The benchmarks' load gate: `npm run bench` and `npm run bench:reach` refuse to start on a busy
 * machine (1-minute load average above 0.5) unless `--allow-load` is given, and can wait up to
 * `--wait-idle S` seconds for the load to fall first.
 *
 * Why this file exists: the committed report of issue #31 was taken at a load average of 1.8 on
 * 2 cores, which halves the rates, so its ratios against SPIN and Rumur meant little. A run on a
 * busy machine must either not happen or say so loudly (bench.md's banner, bench.json's
 * `loadOk: false`). The decision is a pure function of the load, the options and the time waited
 * (`decide`), so test/bench/load-gate.test.ts checks it without running any benchmark; `gate`
 * only adds the clock, the sleep and the load reading, all injectable.
 *
 * What it must not do: write anything, start any benchmark work, or read the load itself inside
 * `decide` (the caller passes it in).
 */
import { loadavg } from 'node:os';

/** Above this 1-minute load average the machine is not idle (2 cores: one busy core is ~1). */
export const LOAD_THRESHOLD = 0.5;

export interface GateOptions {
  /** `--allow-load`: run on a busy machine anyway (the report is marked not comparable). */
  allowLoad: boolean;
  /** `--wait-idle S`: wait up to S seconds for the load to fall (0: do not wait). */
  waitIdleSeconds: number;
}

export type Decision =
  /** Start now; loadOk says whether the machine was idle. */
  | { action: 'run'; loadOk: boolean; load: number }
  /** Load too high but time is left under --wait-idle: sample again later. */
  | { action: 'wait'; load: number }
  /** Do not start: `message` is the one line for stderr. */
  | { action: 'refuse'; load: number; message: string };

/** Parse `--allow-load` and `--wait-idle S` from argv; throws on a malformed `--wait-idle`. */
export function parseGateOptions(argv: readonly string[]): GateOptions {
  const at = argv.indexOf('--wait-idle');
  let waitIdleSeconds = 0;
  if (at >= 0) {
    const raw = argv[at + 1];
    waitIdleSeconds = raw === undefined || !/^\d+(\.\d+)?$/.test(raw) ? NaN : Number(raw);
    if (!Number.isFinite(waitIdleSeconds)) throw new Error(`--wait-idle wants a number of seconds (got ${raw ?? 'nothing'})`);
  }
  return { allowLoad: argv.includes('--allow-load'), waitIdleSeconds };
}

const show = (load: number): string => load.toFixed(2);

/**
 * The gate's decision for one sample of the 1-minute load average, after `waitedSeconds` of
 * waiting. Idle (load <= threshold) always runs; a busy machine waits while --wait-idle time is
 * left, then runs marked `loadOk: false` with --allow-load, else is refused.
 */
export function decide(load: number, opts: GateOptions, waitedSeconds = 0, threshold = LOAD_THRESHOLD): Decision {
  if (load <= threshold) return { action: 'run', loadOk: true, load };
  if (waitedSeconds < opts.waitIdleSeconds) return { action: 'wait', load };
  if (opts.allowLoad) return { action: 'run', loadOk: false, load };
  const waited = opts.waitIdleSeconds > 0 ? ` after waiting ${opts.waitIdleSeconds} s` : '';
  return {
    action: 'refuse',
    load,
    message:
      `refusing to start: 1-minute load average ${show(load)} is above ${show(threshold)}${waited} (a busy machine skews the rates); ` +
      'wait for an idle machine, pass --wait-idle S to wait up to S seconds for it, or --allow-load to run anyway (the report is then marked not comparable)',
  };
}

/** The banner at the top of a report taken on a busy machine. */
export function loadBanner(load: number | string): string {
  return `**Not an idle machine: load ${typeof load === 'number' ? show(load) : load} at start; rates are not comparable**`;
}

export interface GateEnv {
  readLoad: () => number;
  sleep: (seconds: number) => Promise<void>;
  /** Seconds since some fixed point. */
  now: () => number;
  log: (line: string) => void;
}

const realEnv: GateEnv = {
  readLoad: () => loadavg()[0] ?? 0,
  sleep: (s) => new Promise((done) => setTimeout(done, s * 1000)),
  now: () => performance.now() / 1000,
  log: (line) => console.log(line),
};

/** Sample the load until `decide` says run or refuse (polling every `pollSeconds` while waiting). */
export async function gate(opts: GateOptions, env: GateEnv = realEnv, pollSeconds = 10): Promise<Exclude<Decision, { action: 'wait' }>> {
  const t0 = env.now();
  let announced = false;
  for (;;) {
    const waited = env.now() - t0;
    const d = decide(env.readLoad(), opts, waited);
    if (d.action !== 'wait') return d;
    if (!announced) {
      env.log(`load average ${show(d.load)} is above ${show(LOAD_THRESHOLD)}: waiting up to ${opts.waitIdleSeconds} s for it to fall (--wait-idle)`);
      announced = true;
    }
    await env.sleep(Math.max(0.01, Math.min(pollSeconds, opts.waitIdleSeconds - waited)));
  }
}
