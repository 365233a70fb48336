/**
 * Per-state metadata: parent id, action id and actor switches, indexed by StateId.
 *
 * Why this file exists: a trace is parent pointers plus action ids, replayed from an initial
 * state (architecture rule 4). One parent pointer per state; nothing else is kept. For an
 * initial state, parent = -1 and action = the index of that initial state. The depth is not
 * kept per state: frontier records carry it, and a trace's length is its parent chain's.
 *
 * Layout (7 bytes per state): parent Int32, action Uint16 (Int32 when a model has more than
 * 65535 action ids), switches Uint8 saturating at 255 (it only breaks ties between shortest
 * paths). Chunked arrays, so memory grows by 64 Ki states and is never copied.
 *
 * What it must not do: hold states themselves (that is the seen set's job) or graph objects.
 */
import { ChunkedInt32, ChunkedUint16, ChunkedUint8 } from './chunked.js';

const SWITCH_MAX = 255;

export class StateMeta {
  private readonly parents = new ChunkedInt32();
  private readonly actions: ChunkedUint16 | ChunkedInt32;
  private readonly switchCounts = new ChunkedUint8();

  constructor(nActions = 0) {
    this.actions = nActions > 0xffff ? new ChunkedInt32() : new ChunkedUint16();
  }

  add(id: number, parent: number, action: number, switches: number): void {
    if (id >= this.parents.capacity) {
      this.parents.ensure(id);
      this.actions.ensure(id);
      this.switchCounts.ensure(id);
    }
    this.parents.set(id, parent);
    this.actions.set(id, action);
    this.switchCounts.set(id, switches > SWITCH_MAX ? SWITCH_MAX : switches);
  }

  parent(id: number): number {
    return this.parents.get(id);
  }
  action(id: number): number {
    return this.actions.get(id);
  }
  switches(id: number): number {
    return this.switchCounts.get(id);
  }

  /** Give `id` another parent (an equally short path with fewer actor switches). */
  reparent(id: number, parent: number, action: number, switches: number): void {
    this.parents.set(id, parent);
    this.actions.set(id, action);
    this.switchCounts.set(id, switches > SWITCH_MAX ? SWITCH_MAX : switches);
  }

  /** Action ids from an initial state to `id`, the ids along the way, and that initial state's index. */
  path(id: number): { init: number; actions: number[]; ids: number[] } {
    const actions: number[] = [];
    const ids: number[] = [];
    let cur = id;
    while (this.parent(cur) !== -1) {
      actions.push(this.action(cur));
      ids.push(cur);
      cur = this.parent(cur);
    }
    ids.push(cur);
    return { init: this.action(cur), actions: actions.reverse(), ids: ids.reverse() };
  }

  bytes(): number {
    return this.parents.bytes() + this.actions.bytes() + this.switchCounts.bytes();
  }
}
