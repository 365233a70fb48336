import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { confirmTrace, firstDifference } from '../../src/trace/confirm.js';
import { readItf, serializeItf, toItf, type ItfTrace, type PlainValue } from '../../src/trace/itf.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { exitCodeForError } from '../../src/base/errors.js';
import { hasModel, traceOf } from './fixtures.js';

const SEED = 5150;

function itfOf(id: string, raw: Record<string, string | number> = {}): ItfTrace {
  const { trace } = traceOf(id, raw);
  const r = readItf(traceFiles(trace)['trace.itf.json']);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const clone = (t: ItfTrace): ItfTrace => structuredClone(t);

describe('confirmTrace', () => {
  it('confirms the philosophers deadlock (exit 11)', () => {
    const itf = itfOf('philosophers', { n: 3 });
    expect(itf.meta.fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    const r = confirmTrace(itf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.exitCode).toBe(11);
    expect(r.value.steps).toBe(3);
    expect(r.value.message).toBe(
      'confirmed: deadlock after step 3 of philosophers: no action is enabled after step 3, and the state is not a valid end state',
    );
    expect(r.value.notes).toEqual([]);
    expect(r.value.trace.switches).toBe(2);
  });

  it.runIf(hasModel('peterson'))('confirms the peterson mutate=1 mutual-exclusion violation (exit 12)', () => {
    const itf = itfOf('peterson', { mutate: 1 });
    expect(itf.meta.kind).toBe('invariant');
    expect(itf.meta.property).toBe('mutual-exclusion');
    const r = confirmTrace(itf);
    expect(r.ok && r.value.exitCode).toBe(12);
  });

  it("refuses a trace whose state's step label was changed (RC101, exit 150)", () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.states[2].meta.action = 'frobnicate';
    const r = confirmTrace(itf);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('RC101');
    expect(r.error.message).toContain('inconsistent at step 2');
    expect(r.error.message).toContain('"frobnicate"');
    expect(exitCodeForError(r.error)).toBe(150);
    // The untouched trace is confirmed.
    expect(confirmTrace(itfOf('philosophers', { n: 3 })).ok).toBe(true);
  });

  it('refuses an unknown model (RC001)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.meta.model = 'no-such-model';
    const r = confirmTrace(itf);
    expect(!r.ok && r.error.code).toBe('RC001');
  });

  it('refuses a trace from another model version (RC005, fingerprint)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.meta.fingerprint = 'sha256:deadbeefdeadbeef';
    itf.meta.rcucheck = '0.0.9';
    const r = confirmTrace(itf);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('RC005');
    expect(r.error.message).toMatch(/written by rcucheck 0\.0\.9 for another version of model philosophers/);
    expect(r.error.message).toMatch(/sha256:deadbeefdeadbeef/);
    expect(exitCodeForError(r.error)).toBe(150);
  });

  it('refuses parameters the model no longer has (RC005)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.meta.params = { n: 3, cpus: 2 };
    const r = confirmTrace(itf);
    expect(!r.ok && r.error.code).toBe('RC005');
    expect(!r.ok && r.error.message).toMatch(/no parameter 'cpus'/);
  });

  it('the fingerprint depends on the parameters', () => {
    expect(modelFingerprint(traceOf('philosophers', { n: 3 }).model)).not.toBe(modelFingerprint(traceOf('philosophers', { n: 4 }).model));
  });

  it('notes a trace without fingerprint and one from another rcucheck version', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    delete itf.meta.fingerprint;
    itf.meta.rcucheck = '0.0.1';
    const r = confirmTrace(itf);
    expect(r.ok && r.value.notes).toEqual([
      'the trace carries no model fingerprint; its states are checked one by one instead',
      'written by rcucheck 0.0.1; the model fingerprint matches this 0.1.0',
    ]);
  });

  it('names the step of an unknown action label (RC101)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.meta.actions[1] = 'take fork [phil1]';
    const r = confirmTrace(itf);
    expect(!r.ok && r.error).toEqual({
      code: 'RC101',
      message: "trace diverges at step 2: model philosophers has no action 'take fork [phil1]'",
    });
  });

  it('names the first diverging step and field (RC101)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    (itf.states[2].state.fork as PlainValue[])[1] = false;
    const r = confirmTrace(itf);
    expect(!r.ok && r.error).toEqual({
      code: 'RC101',
      message: 'trace diverges from model philosophers at step 2 (take left [phil1]): field fork[1] is true in the model but false in the trace',
    });
  });

  it('reports a disabled action after a correct prefix (RC101)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    // Edited consistently (both records of step 3), so it is the replay that refuses it.
    itf.meta.actions[2] = 'eat [phil0]';
    itf.meta.actors[2] = 'phil0';
    itf.states[3].meta.action = 'eat [phil0]';
    itf.states[3].meta.actor = 'phil0';
    const r = confirmTrace(itf);
    expect(!r.ok && r.error.code).toBe('RC101');
    expect(!r.ok && r.error.message).toMatch(/step 3: action eat \[phil0\] is not enabled/);
  });

  it('refuses a trace that does not end in its violation (RC101)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.states.pop();
    itf.meta.actions.pop();
    itf.meta.actors.pop();
    const r = confirmTrace(itf);
    expect(!r.ok && r.error.message).toBe(
      'the trace replays, but does not end in the violation it reports: deadlock deadlock is not reached: take left [phil2] is still enabled after step 2',
    );
  });

  it('refuses a property the model does not have (RC005)', () => {
    const itf = clone(itfOf('philosophers', { n: 3 }));
    itf.meta.kind = 'invariant';
    itf.meta.property = 'no-such';
    const r = confirmTrace(itf);
    expect(!r.ok && r.error.code).toBe('RC005');
  });

  it('firstDifference walks records and arrays in order', () => {
    expect(firstDifference({ a: [1, 2], b: 1 }, { a: [1, 3], b: 2 })).toEqual({ path: 'a[1]', model: 2, trace: 3 });
    expect(firstDifference({ a: 1 }, { a: 1, z: 0 })).toEqual({ path: 'z', model: undefined, trace: 0 });
    expect(firstDifference({ a: [1] }, { a: [1] })).toBeNull();
  });
});

const configs: [string, Record<string, number>][] = [
  ...[2, 3, 4, 5].map((n): [string, Record<string, number>] => ['philosophers', { n }]),
  ...(hasModel('peterson') ? [2, 3].map((n): [string, Record<string, number>] => ['peterson', { n, mutate: 1 }]) : []),
];

describe('fast-check properties over real traces', () => {
  it(`every trace written by traceFiles replays to its reported violation (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...configs), ([id, params]) => {
        const itf = itfOf(id, params);
        const r = confirmTrace(itf);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.exitCode).toBe(itf.meta.kind === 'deadlock' ? 11 : 12);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it(`a corrupted state is refused at the step it diverges at (seed ${SEED})`, () => {
    const traces = configs.map(([id, params]) => itfOf(id, params));
    fc.assert(
      fc.property(fc.nat(traces.length - 1), fc.nat(), fc.nat(), (t, stepSeed, leafSeed) => {
        const itf = clone(traces[t]);
        const k = stepSeed % itf.states.length;
        const leaves = leafPaths(itf.states[k].state);
        const [path, set] = leaves[leafSeed % leaves.length];
        set();
        const r = confirmTrace(itf);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('RC101');
        const where = k === 0 ? 'the initial state (0)' : `step ${k} (`;
        expect(r.error.message).toContain(`at ${where}`);
        expect(r.error.message).toContain(`field ${path} `);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`a corrupted action label is refused at its step (seed ${SEED})`, () => {
    const traces = configs.map(([id, params]) => itfOf(id, params));
    fc.assert(
      fc.property(fc.nat(traces.length - 1), fc.nat(), fc.nat(), (t, stepSeed, labelSeed) => {
        const itf = clone(traces[t]);
        const k = stepSeed % itf.meta.actions.length;
        const m = traceOf(itf.meta.model, itf.meta.params as Record<string, number>).model;
        const other = m.actionLabel.filter((l) => l !== itf.meta.actions[k]);
        itf.meta.actions[k] = other[labelSeed % other.length];
        const r = confirmTrace(itf);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('RC101');
        expect(r.error.message).toContain(`step ${k + 1}`);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

/** Every leaf of a state as [path, mutate-in-place]. */
function leafPaths(state: Record<string, PlainValue>): [string, () => void][] {
  const out: [string, () => void][] = [];
  const walk = (v: PlainValue, path: string, set: (x: PlainValue) => void): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, (y) => (v[i] = y)));
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, (y) => (v[k] = y));
    else out.push([path, () => set(typeof v === 'boolean' ? !v : typeof v === 'number' ? v + 1 : v + 'X')]);
  };
  for (const [k, v] of Object.entries(state)) walk(v, k, (y) => (state[k] = y));
  return out;
}

it('serializeItf ∘ toItf output is what traceFiles writes', () => {
  const { trace, model } = traceOf('philosophers', { n: 3 });
  expect(traceFiles(trace, model)['trace.itf.json']).toBe(serializeItf(toItf(trace, { fingerprint: modelFingerprint(model) })));
});
