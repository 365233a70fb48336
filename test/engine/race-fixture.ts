/**
 * A small model with known data races and known non-races, for the `--races` check
 * (src/model/races.ts; test/engine/races.test.ts).
 *
 * Why this file exists: the race check must be shown to find exactly the races a model has, on
 * a model small enough to know them all by reading it. Three actors, w, r and c, each step runs
 * once (`done[k]`), every state is a valid end. The labelled accesses:
 *
 *   W write x      (w)  plain write x, no lock          } a race: r's read is enabled after `R start`
 *   R read x       (r)  plain read x, no lock, after R start
 *   T read x       (w)  plain read x: same actor as W, and a read like R: races with nothing
 *   C read x       (c)  plain read x only `when` never holds: races with nothing
 *   A WRITE_ONCE y (w)  marked write y                  } both marked: no race
 *   B READ_ONCE y  (r)  marked read y
 *   L1 write z     (w)  plain write z holding L         } a common lock: no race; with mutate=1
 *   L2 read z      (r)  plain read z holding L          } L2 drops L, and that is a race
 *   S1 write q     (w)  plain write q                   } never both enabled (S2 needs S1 done,
 *   S2 read q      (r)  plain read q, after S1          } and S1 is then disabled): no race
 *
 * What it must not do: be registered in models/index.ts (it is a test fixture: tests compile it
 * and give it to `confirmTrace` through `find`).
 */
import { array, bool, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type Access, type ModelDef } from '../../src/model/types.js';

type S = { done: boolean[] };

interface Step {
  name: string;
  actor: string;
  after?: number;
  access?: Access<S>;
}

export const RACE_FIXTURE_ID = 'race-fixture';

function steps(mutate: number): Step[] {
  return [
    { name: 'W write x', actor: 'w', access: { loc: 'x', kind: 'write', mode: 'plain' } },
    { name: 'R start', actor: 'r' },
    { name: 'R read x', actor: 'r', after: 1, access: { loc: 'x', kind: 'read', mode: 'plain' } },
    { name: 'T read x', actor: 'w', access: { loc: 'x', kind: 'read', mode: 'plain' } },
    { name: 'C read x', actor: 'c', access: { loc: 'x', kind: 'read', mode: 'plain', when: () => false } },
    { name: 'A WRITE_ONCE y', actor: 'w', access: { loc: 'y', kind: 'write', mode: 'marked' } },
    { name: 'B READ_ONCE y', actor: 'r', access: { loc: 'y', kind: 'read', mode: 'marked' } },
    { name: 'L1 write z', actor: 'w', access: { loc: 'z', kind: 'write', mode: 'plain', locks: ['L'] } },
    { name: 'L2 read z', actor: 'r', access: { loc: 'z', kind: 'read', mode: 'plain', locks: mutate ? [] : ['L'] } },
    { name: 'S1 write q', actor: 'w', access: { loc: 'q', kind: 'write', mode: 'plain' } },
    { name: 'S2 read q', actor: 'r', after: 9, access: { loc: 'q', kind: 'read', mode: 'plain' } },
  ];
}

export const raceFixture: ModelDef = defineModel({
  id: RACE_FIXTURE_ID,
  description: 'known data races and non-races for --races',
  params: { mutate: { description: '1: L2 read z drops the lock L', default: 0, values: [0, 1] } },
  propertyNames: [],
  build(params) {
    const list = steps(Number(params.mutate));
    const shape = struct({ done: array(list.length, bool()) });
    const actions: ActionDef<S>[] = list.map((st, k) => ({
      name: st.name,
      actor: st.actor,
      enabled: (s) => !s.done[k] && (st.after === undefined || s.done[st.after]),
      apply: (d) => {
        d.done[k] = true;
      },
      ...(st.access === undefined ? {} : { accesses: [st.access] }),
    }));
    return { shape, init: [{ done: list.map(() => false) }], actions, properties: [], validEnd: () => true };
  },
});
