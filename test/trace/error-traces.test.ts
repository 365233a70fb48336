import { describe, expect, it } from 'vitest';
import { int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type ModelDef } from '../../src/model/types.js';
import { compileModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import { buildTrace } from '../../src/trace/trace.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';

type S = { x: number };

/** A counter whose step from x = 2 throws (mode 'action'), or whose invariant throws at x = 2 (mode 'property'). */
function thrower(mode: 'action' | 'property'): ModelDef {
  return defineModel({
    id: `throws-${mode}`,
    description: 'test model whose code throws',
    params: {},
    propertyNames: ['fine'],
    build() {
      const actions: ActionDef<S, undefined>[] = [
        {
          name: 'inc',
          actor: 'cpu0',
          enabled: (s) => s.x < 3,
          apply: (d) => {
            if (mode === 'action' && d.x === 2) throw new TypeError('NULL pointer dereference');
            d.x += 1;
          },
        },
      ];
      return {
        shape: struct({ x: int(0, 3) }),
        init: [{ x: 0 }],
        actions,
        properties: [
          {
            kind: 'invariant' as const,
            name: 'fine',
            description: 'never false',
            holds: (s: Readonly<S>) => {
              if (mode === 'property' && s.x === 2) throw new RangeError('bad index');
              return true;
            },
          },
        ],
        validEnd: () => true,
      };
    },
  });
}

function itfFor(def: ModelDef) {
  const c = compileModel(def, {});
  if (!c.ok) throw new Error(c.error.message);
  const o = explore(c.value);
  expect(o.verdict).toBe('error');
  const t = buildTrace(c.value, o.violations[0]);
  if (!t.ok) throw new Error(t.error.message);
  const itf = readItf(traceFiles(t.value, c.value)['trace.itf.json']);
  if (!itf.ok) throw new Error(itf.error.message);
  return itf.value;
}

describe('error traces', () => {
  it('model code that threw is confirmed with exit 75', () => {
    const def = thrower('action');
    const itf = itfFor(def);
    expect(itf.meta.kind).toBe('error');
    const r = confirmTrace(itf, { find: () => def });
    expect(r.ok && [r.value.exitCode, r.value.message]).toEqual([
      75,
      'confirmed: model code threw after step 2 of throws-action: model code threw in action inc: TypeError: NULL pointer dereference',
    ]);
  });

  it('a property that threw is confirmed with exit 76', () => {
    const def = thrower('property');
    const itf = itfFor(def);
    const r = confirmTrace(itf, { find: () => def });
    expect(r.ok && [r.value.exitCode, r.value.message]).toEqual([
      76,
      'confirmed: property code threw after step 2 of throws-property: property fine threw: RangeError: bad index',
    ]);
  });

  it('an error trace whose code no longer throws is refused (RC101)', () => {
    const itf = itfFor(thrower('action'));
    // Another model behind the id, and no fingerprint to tell: the trace replays (same shape and
    // actions), but nothing throws at its end.
    delete itf.meta.fingerprint;
    const r = confirmTrace(itf, { find: () => thrower('property') });
    expect(!r.ok && r.error.message).toBe(
      'the trace replays, but does not end in the violation it reports: error model-error does not throw again after step 2',
    );
  });
});
