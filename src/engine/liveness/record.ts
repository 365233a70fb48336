/**
 * The liveness recorder: the state graph of a search, kept compactly for a `leadsTo` check.
 *
 * Why this file exists: liveness is decided on the whole state graph after a complete search
 * (graph.ts, fair.ts), but the search keeps only one parent per state. This visitor, plugged into
 * the search only when the model has a `leadsTo` property (explore.ts), records every edge as an
 * (from, action, to) triple in a growable Int32Array and, per expanded state, whether `p` and `q`
 * hold for each property instance (one byte per state and instance: bit 0 p, bit 1 q), computed
 * on the state's own mirror. Enabled actions need no storage: every enabled action gives exactly
 * one edge, so a state's enabled set is the set of actions on its out-edges.
 *
 * What it must not do: run in a search without a liveness property (the hot loop then has no
 * per-state work for liveness), change the words it is shown, or throw (a throwing `p`/`q` is an
 * RC011 error value).
 */
import { checkError, type CheckError } from '../../base/errors.js';
import type { CompiledModel } from '../../model/compile.js';
import type { Mirror } from '../../model/codec.js';
import { allocInt32 } from '../buffers.js';
import type { SearchVisitor } from '../visitor.js';

/** One checked instance of a liveness property: its index in `m.liveness` and its instance number. */
export interface LivenessSlot {
  property: number;
  instance: number;
}

export class LivenessRecorder implements SearchVisitor {
  /** (from, action, to) triples. */
  edges: Int32Array = allocInt32(3 * 1024);
  edgeCount = 0;
  /** Per state id, per slot: bit 0 p holds, bit 1 q holds. */
  flags: Uint8Array = new Uint8Array(1024);
  readonly slots: LivenessSlot[] = [];
  /** Highest expanded id + 1. */
  states = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compiled models are heterogeneous
  private readonly mirror: Mirror<any>;

  constructor(private readonly m: CompiledModel) {
    this.mirror = m.codec.makeMirror();
    m.liveness.forEach((p, property) => {
      for (let instance = 0; instance < (p.instances ?? 1); instance++) this.slots.push({ property, instance });
    });
  }

  expanded(id: number, w: Int32Array): CheckError | null {
    const n = this.slots.length;
    if ((id + 1) * n > this.flags.length) {
      const f = new Uint8Array(Math.max(this.flags.length * 2, (id + 1) * n));
      f.set(this.flags);
      this.flags = f;
    }
    if (id + 1 > this.states) this.states = id + 1;
    this.mirror.load(w);
    const s: unknown = this.mirror.state;
    const props = this.m.liveness;
    let k = 0;
    try {
      for (; k < n; k++) {
        const { property, instance } = this.slots[k];
        const p = props[property];
        this.flags[id * n + k] = (p.p(s, instance) ? 1 : 0) | (p.q(s, instance) ? 2 : 0);
      }
    } catch (e) {
      const name = props[this.slots[k].property].name;
      return checkError('RC011', `property ${name} threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    return null;
  }

  edge(from: number, action: number, to: number): void {
    let c = this.edgeCount * 3;
    if (c + 3 > this.edges.length) {
      const e = allocInt32(this.edges.length * 2);
      e.set(this.edges);
      this.edges = e;
    }
    this.edges[c++] = from;
    this.edges[c++] = action;
    this.edges[c] = to;
    this.edgeCount++;
  }

  bytes(): number {
    return this.edges.byteLength + this.flags.byteLength;
  }
}
