/**
 * The search's slot schedule with workers: which frontier states go to which slot, which slot is
 * awaited next, and what happens to a slot's unfinished part or after a worker failure.
 *
 * Why this file exists: the order in which states come back decides ids, parents and traces, so
 * it is written once, apart from the search's insertion and properties. Slots are filled from
 * the frontier in frontier order, in cyclic slot order, and consumed oldest first; the states of
 * a slot are handed to the search in order, each either with the successor records a worker
 * computed (`insertComputed`) or to be expanded on the search's thread (`expandHere`: a state a
 * worker flagged RARE, or at the depth limit). A slot whose records ran out of room goes back
 * to its worker, still the oldest; after a worker failure every state still handed out is
 * expanded here, in order. So the insertion order is frontier order then action order, for any
 * number of workers and any thread timing (ADR 7 in ARCHITECTURE.md).
 *
 * What it must not do: insert, check properties or count (the search does, through
 * `SlotClient`); reorder states; allocate per state; import immer, graphology, yargs or node:fs.
 */
import { scratchInt32 } from './buffers.js';
import { RECORD_HEAD } from './expand-state.js';
import { STATE_RARE, type ExpanderSlots } from './expander.js';
import type { Frontier } from './frontier.js';

/** What the search does with each state a slot hands back; each returns true when the search must stop. */
export interface SlotClient {
  /** Expand state `id` at `depth` (its words in the scheduler's `cur`) on this thread. */
  expandHere(id: number, depth: number): boolean;
  /** Insert the `k` successor records of state `id` (its words in `cur`) a worker wrote at `out[base]`. */
  insertComputed(id: number, depth: number, out: Int32Array, base: number, k: number): boolean;
  /** A slot's `n` records at `out[base]` are about to be inserted: touch their seen-set slots (a prefetch; no effect on results). */
  touchRecords(out: Int32Array, base: number, n: number): void;
}

/** `SlotScheduler.run`: the client asked to stop. */
export const SLOTS_STOPPED = 0;
/** `SlotScheduler.run`: no slot out and an empty frontier: the search is over. */
export const SLOTS_EMPTY = 1;
/** `SlotScheduler.run`: the budget is spent, or a worker failed and every slot was drained: call `run` again or go on alone. */
export const SLOTS_AGAIN = 2;

export class SlotScheduler {
  /** Per slot: ids and depths of the states handed to its worker; the oldest slot not consumed, and how many are out. */
  private readonly slotIds: Int32Array[] = [];
  private readonly slotDepths: Int32Array[] = [];
  private readonly slotCount: Int32Array;
  private oldestSlot = 0;
  private slotsOut = 0;
  private readonly stride: number;
  /** States whose successors came from a slot (computed by a worker thread or, while waiting, by this one). */
  expandedInSlots = 0;
  /** Slots consumed whole. */
  slotsConsumed = 0;

  /** `cur`: where a state's words are put before the client sees it (the search's `cur`). */
  constructor(
    private readonly ex: ExpanderSlots,
    private readonly frontier: Frontier,
    private readonly cur: Int32Array,
    private readonly words: number,
    private readonly maxDepth: number,
    private readonly client: SlotClient,
  ) {
    const sh = ex.shared;
    for (let s = 0; s < sh.slots; s++) {
      this.slotIds.push(scratchInt32(sh.perSlot));
      this.slotDepths.push(scratchInt32(sh.perSlot));
    }
    this.slotCount = scratchInt32(sh.slots);
    this.stride = words + RECORD_HEAD;
  }

  /** Should the search go through the slots (some are out, or the workers are ready and none failed)? */
  wanted(): boolean {
    return this.slotsOut > 0 || (this.ex.ready() && !this.ex.failed());
  }

  /**
   * Hand frontier states to the slots in order, consume the oldest slot's states in order, for
   * up to `budget` states (whole slots may go a little over). Returns SLOTS_STOPPED,
   * SLOTS_EMPTY or SLOTS_AGAIN.
   */
  run(budget: number): number {
    const { ex, cur, words, stride, client, maxDepth } = this;
    const statesWords = ex.shared.perSlot * 3;
    let n = 0;
    // Exceptions reach the search's handler (the client's calls throw through here).
    while (n < budget) {
      if (ex.failed()) return this.drain();
      this.fill();
      if (this.slotsOut === 0) return SLOTS_EMPTY;
      const slot = this.oldestSlot;
      const count = this.slotCount[slot];
      const did = ex.await(slot, this.slotsOut);
      if (did < 0) return this.drain();
      const input = ex.inputs[slot];
      const out = ex.outputs[slot];
      const ids = this.slotIds[slot];
      const depths = this.slotDepths[slot];
      if (did > 0) client.touchRecords(out, statesWords, out[(did - 1) * 3] + out[(did - 1) * 3 + 1]);
      for (let i = 0; i < did; i++) {
        const id = ids[i];
        const depth = depths[i];
        for (let x = 0; x < words; x++) cur[x] = input[i * words + x];
        let stop: boolean;
        if ((out[i * 3 + 2] & STATE_RARE) !== 0 || depth >= maxDepth) {
          stop = client.expandHere(id, depth);
        } else {
          this.expandedInSlots++;
          stop = client.insertComputed(id, depth, out, statesWords + out[i * 3] * stride, out[i * 3 + 1]);
        }
        n++;
        if (stop) return SLOTS_STOPPED;
      }
      if (did < count) {
        // Out of record room: the rest of the slot goes back to its worker, still the oldest.
        input.copyWithin(0, did * words, count * words);
        ids.copyWithin(0, did, count);
        depths.copyWithin(0, did, count);
        this.slotCount[slot] = count - did;
        ex.dispatch(slot, count - did);
      } else {
        this.slotsConsumed++;
        this.releaseOldest();
      }
    }
    return SLOTS_AGAIN;
  }

  private releaseOldest(): void {
    this.slotCount[this.oldestSlot] = 0;
    this.oldestSlot = (this.oldestSlot + 1) % this.ex.shared.slots;
    this.slotsOut--;
  }

  /** A worker failed: expand every state still handed out here, in order; the search then goes on alone. */
  private drain(): number {
    const { ex, cur, words, client } = this;
    while (this.slotsOut > 0) {
      const slot = this.oldestSlot;
      const input = ex.inputs[slot];
      for (let i = 0; i < this.slotCount[slot]; i++) {
        for (let x = 0; x < words; x++) cur[x] = input[i * words + x];
        if (client.expandHere(this.slotIds[slot][i], this.slotDepths[slot][i])) return SLOTS_STOPPED;
      }
      this.releaseOldest();
    }
    return SLOTS_AGAIN;
  }

  /** Hand waiting frontier states to every free slot, in slot order, spread evenly over the free slots. */
  private fill(): void {
    const { ex, frontier, cur, words } = this;
    const slots = ex.shared.slots;
    const free = slots - this.slotsOut;
    if (free === 0 || frontier.length === 0) return;
    const per = Math.min(ex.shared.perSlot, Math.max(1, Math.ceil(frontier.length / free)));
    for (let f = 0; f < free && frontier.length > 0; f++) {
      const slot = (this.oldestSlot + this.slotsOut) % slots;
      const input = ex.inputs[slot];
      const ids = this.slotIds[slot];
      const depths = this.slotDepths[slot];
      let c = 0;
      for (; c < per && frontier.length > 0; c++) {
        ids[c] = frontier.take(cur);
        depths[c] = frontier.takenDepth;
        input.set(cur, c * words);
      }
      this.slotCount[slot] = c;
      ex.dispatch(slot, c);
      this.slotsOut++;
    }
  }
}
