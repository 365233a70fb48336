import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readItf, serializeItf, toItf, writeItf, type ItfTrace, type PlainValue } from '../../src/trace/itf.js';
import { traceOf } from './fixtures.js';

const SEED = 20261129;

describe('ITF writer', () => {
  it('writes the philosophers deadlock as ITF with meta, vars and states', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    const doc = JSON.parse(writeItf(trace, { fingerprint: 'sha256:0000000000000000' }));
    expect(doc['#meta']).toMatchObject({
      format: 'ITF',
      model: 'philosophers',
      params: { n: 3 },
      property: 'deadlock',
      kind: 'deadlock',
      rcucheck: '0.1.0',
      fingerprint: 'sha256:0000000000000000',
      init: 0,
      switches: 2,
      actions: ['take left [phil0]', 'take left [phil1]', 'take left [phil2]'],
      actors: ['phil0', 'phil1', 'phil2'],
    });
    expect(doc.vars).toEqual(['phil', 'fork']);
    expect(doc.params).toBeUndefined();
    expect(doc.states).toHaveLength(4);
    expect(doc.states[0]).toEqual({
      '#meta': { index: 0, action: 'init', actor: 'init', choice: '' },
      phil: ['THINK', 'THINK', 'THINK'],
      fork: [false, false, false],
    });
    expect(doc.states[3]['#meta']).toEqual({ index: 3, action: 'take left [phil2]', actor: 'phil2', choice: 'phil2' });
    expect(doc.loop).toBeUndefined();
  });

  it('reads back what it wrote (real trace)', () => {
    const { trace } = traceOf('philosophers', { n: 4 });
    const itf = toItf(trace, { fingerprint: 'sha256:1' });
    const r = readItf(serializeItf(itf));
    expect(r.ok && r.value).toEqual(itf);
    if (r.ok) expect(r.value.states.map((s) => s.state)).toEqual(trace.steps.map((s) => s.state));
  });

  it('encodes integers outside the safe range as #bigint and reads #bigint and #tup', () => {
    const r = readItf(
      JSON.stringify({
        '#meta': { model: 'm', params: {}, property: 'p', kind: 'invariant', rcucheck: '0.1.0', actions: [] },
        vars: ['x', 't'],
        states: [{ x: { '#bigint': '-42' }, t: { '#tup': [1, true] } }],
      }),
    );
    expect(r.ok && r.value.states[0].state).toEqual({ x: -42, t: [1, true] });
    const itf: ItfTrace = {
      meta: { ...(r.ok ? r.value.meta : ({} as ItfTrace['meta'])) },
      vars: ['x'],
      states: [{ meta: { index: 0, action: 'init', actor: 'init', choice: '' }, state: { x: 2 ** 60 } }],
    };
    expect(serializeItf(itf)).toContain('"#bigint": "1152921504606846976"');
  });
});

describe('ITF reader refuses malformed input with RC004', () => {
  const good = () => ({
    '#meta': { model: 'm', params: { n: 1 }, property: 'p', kind: 'invariant', rcucheck: '0.1.0', actions: ['a'] },
    vars: ['x'],
    states: [{ x: 1 }, { x: 2 }],
  });
  const cases: [string, (d: ReturnType<typeof good>) => unknown, RegExp][] = [
    ['bad JSON', () => '{"vars": [', /not JSON/],
    ['no #meta', (d) => ({ ...d, '#meta': undefined }), /#meta: missing/],
    ['no states', (d) => ({ ...d, states: [] }), /"states" must be a non-empty array/],
    ['missing variable', (d) => ({ ...d, states: [{ x: 1 }, {}] }), /states\[1\]: missing variable "x"/],
    ['undeclared variable', (d) => ({ ...d, states: [{ x: 1, y: 2 }, { x: 2 }] }), /variable "y" is not listed/],
    ['actions count', (d) => ({ ...d, '#meta': { ...d['#meta'], actions: [] } }), /"actions" has 0 entries/],
    ['bad kind', (d) => ({ ...d, '#meta': { ...d['#meta'], kind: 'fairness' } }), /"kind" must be one of/],
    ['float', (d) => ({ ...d, states: [{ x: 1.5 }, { x: 2 }] }), /states\[0\]\.x: 1.5 is not a safe integer/],
    ['set', (d) => ({ ...d, states: [{ x: { '#set': [] } }, { x: 2 }] }), /#set values do not occur/],
    ['loop out of range', (d) => ({ ...d, loop: 5 }), /"loop" 5 is not a state index/],
  ];
  for (const [name, mutate, msg] of cases) {
    it(name, () => {
      const d = mutate(good());
      const r = readItf(typeof d === 'string' ? d : JSON.stringify(d));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('RC004');
        expect(r.error.message).toMatch(msg);
      }
    });
  }
  it('accepts the unmutated document', () => {
    expect(readItf(JSON.stringify(good())).ok).toBe(true);
  });
  it('accepts ITF constants (top-level params) and ignores their per-state values', () => {
    const d = { ...good(), params: ['N'], states: [{ x: 1, N: { '#bigint': '3' } }, { x: 2, N: { '#bigint': '3' } }] };
    const r = readItf(JSON.stringify(d));
    expect(r.ok && r.value.states.map((s) => s.state)).toEqual([{ x: 1 }, { x: 2 }]);
  });
});

// Arbitrary rcucheck-like traces: fixed vars, values of a fixed random shape per var.
const leaf = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.boolean(), fc.string({ maxLength: 6 }));
const value: fc.Arbitrary<PlainValue> = fc.letrec<{ v: PlainValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const itfArb: fc.Arbitrary<ItfTrace> = fc
  .record({
    vars: fc.uniqueArray(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/), { minLength: 1, maxLength: 4 }),
    n: fc.integer({ min: 1, max: 5 }),
    labels: fc.array(fc.string({ maxLength: 12 }), { minLength: 5, maxLength: 5 }),
    params: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.integer({ min: 0, max: 9 }), fc.string({ maxLength: 4 }))),
    kind: fc.constantFrom('invariant', 'transition', 'terminal', 'deadlock', 'error' as const),
    loop: fc.option(fc.nat(4), { nil: undefined }),
    fingerprint: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  })
  .chain(({ vars, n, labels, params, kind, loop, fingerprint }) =>
    fc.array(fc.tuple(...vars.map(() => value)), { minLength: n, maxLength: n }).map((rows): ItfTrace => {
      const actions = labels.slice(0, n - 1);
      const t: ItfTrace = {
        meta: {
          format: 'ITF',
          'format-description': 'x',
          source: 'test',
          model: 'm',
          params,
          property: 'p',
          kind,
          description: 'd',
          explanation: 'e',
          rcucheck: '0.1.0',
          init: 0,
          switches: 0,
          actions,
          actors: actions.map((a) => `${a}-actor`),
        },
        vars,
        states: rows.map((row, i) => ({
          meta: { index: i, action: i === 0 ? 'init' : actions[i - 1], actor: i === 0 ? 'init' : `${actions[i - 1]}-actor`, choice: '' },
          state: Object.fromEntries(vars.map((v, j) => [v, row[j]])),
        })),
      };
      if (fingerprint !== undefined) t.meta.fingerprint = fingerprint;
      if (loop !== undefined && loop < n) t.loop = loop;
      return t;
    }),
  );

describe('ITF round trip (fast-check)', () => {
  it(`readItf(serializeItf(t)) equals t (seed ${SEED})`, () => {
    fc.assert(
      fc.property(itfArb, (t) => {
        const r = readItf(serializeItf(t));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(t);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
