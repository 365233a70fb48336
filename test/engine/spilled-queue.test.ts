/**
 * The disk-backed BFS queue is a FIFO: `SpilledQueue` against `QueueFrontier`.
 *
 * Why this file exists: `SpilledQueue` splits one FIFO across a head block, memory blocks, a
 * spill store and a tail block; an ordering slip there would silently change which states BFS
 * expands (and so the counterexamples it reports) without failing any model test. Random
 * interleavings of push and take, with budgets of a few records so that every path (memory
 * blocks, store blocks, the tail becoming the head) is taken, must give exactly the records,
 * depths, lengths and peaks of the in-memory queue; with an in-memory fake store and with the
 * real file store. The file store's files must exist while spilled and be gone after dispose.
 *
 * What it must not do: leave temp directories behind (each test's directory is removed in
 * afterEach), or write outside them. fast-check runs with a fixed seed (printed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueFrontier, type SpillStore, type SpillStoreFactory } from '../../src/engine/frontier.js';
import { SpilledQueue } from '../../src/engine/spilled-queue.js';
import { disposeAllSpillStores, fileSpillStore, liveSpillStores } from '../../src/spill/file-spill.js';

const SEED = 20260611;
console.log(`fast-check seed: ${SEED}`);

/** A SpillStore in memory that checks the FIFO contract and counts what happens. */
class FakeStore implements SpillStore {
  readonly blocks: Int32Array[] = [];
  writes = 0;
  reads = 0;
  disposed = 0;
  write(block: Int32Array): void {
    expect(this.disposed).toBe(0);
    this.blocks.push(block.slice()); // a copy: the queue reuses its block
    this.writes++;
  }
  read(out: Int32Array): void {
    expect(this.disposed).toBe(0);
    const b = this.blocks.shift();
    expect(b).toBeDefined();
    expect(b!.length).toBe(out.length);
    out.set(b!);
    this.reads++;
  }
  bytes(): number {
    let n = 0;
    for (const b of this.blocks) n += b.byteLength;
    return n;
  }
  dispose(): void {
    this.disposed++;
  }
}

function fakeFactory(): { make: SpillStoreFactory; stores: FakeStore[] } {
  const stores: FakeStore[] = [];
  return {
    stores,
    make: () => {
      const s = new FakeStore();
      stores.push(s);
      return s;
    },
  };
}

/** A command: push `n` records, or take `n` (as many as there are). */
type Cmd = { push: boolean; n: number };
const cmds = fc.array(
  fc.record({ push: fc.boolean(), n: fc.integer({ min: 1, max: 12 }) }),
  { minLength: 1, maxLength: 80 },
);

/**
 * Run `cmds` on `q` and on a QueueFrontier, comparing every take and `length`/`peak` after every
 * step, then drain both. Word values are derived from a counter so every record is distinct.
 */
function runEquivalence(q: SpilledQueue, words: number, script: readonly Cmd[]): { maxLength: number } {
  const ref = new QueueFrontier(words);
  const w = new Int32Array(words + 3);
  const a = new Int32Array(words);
  const b = new Int32Array(words);
  let next = 0;
  let maxLength = 0;
  const bound = Math.max(q.budgetBytes, 2 * q.blockBytes);
  const takeBoth = (): void => {
    const ia = q.take(a);
    const ib = ref.take(b);
    expect(ia).toBe(ib);
    expect(q.takenDepth).toBe(ref.takenDepth);
    expect([...a]).toEqual([...b]);
  };
  for (const c of script) {
    for (let k = 0; k < c.n; k++) {
      if (c.push) {
        const off = next % 3; // push reads at an offset
        for (let i = 0; i < words; i++) w[off + i] = Math.imul(next + 1, 40503 + i) ^ (i << 24);
        q.push(next, next >> 2, w, off);
        ref.push(next, next >> 2, w, off);
        next++;
      } else if (ref.length > 0) {
        takeBoth();
      }
      expect(q.length).toBe(ref.length);
      expect(q.peak).toBe(ref.peak);
      expect(q.bytes()).toBeLessThanOrEqual(bound);
      maxLength = Math.max(maxLength, ref.length);
    }
  }
  while (ref.length > 0) takeBoth();
  expect(q.length).toBe(0);
  expect(q.peak).toBe(ref.peak);
  expect(q.spilledBytes()).toBe(0);
  return { maxLength };
}

describe('SpilledQueue with an in-memory store', () => {
  it('gives exactly the sequence of QueueFrontier under random push/take interleavings', () => {
    let spilledRuns = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 7 }),
        cmds,
        (words, budgetRecords, slack, script) => {
          const { make, stores } = fakeFactory();
          const q = new SpilledQueue(words, budgetRecords * (words + 2) * 4 + slack, make);
          const { maxLength } = runEquivalence(q, words, script);
          // Memory holds at most maxBlocks blocks, so a longer queue must have spilled.
          const inMemory = q.maxBlocks * q.blockRecords;
          if (maxLength > inMemory) {
            expect(stores.length).toBe(1);
            expect(stores[0].writes).toBeGreaterThan(0);
            expect(stores[0].reads).toBe(stores[0].writes);
            spilledRuns++;
          }
          expect(stores.length).toBeLessThanOrEqual(1);
          q.dispose();
          q.dispose();
          for (const s of stores) expect(s.disposed).toBe(1);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    // The generator must actually exercise the spill path, not just the in-memory one.
    expect(spilledRuns).toBeGreaterThan(50);
  });

  it('spills a long queue, keeps memory within the budget, and reads it back in order', () => {
    const { make, stores } = fakeFactory();
    const words = 3;
    const q = new SpilledQueue(words, 4 * (words + 2) * 4, make); // a budget of 4 records
    expect(q.blockRecords).toBe(1);
    const w = new Int32Array(words);
    for (let i = 0; i < 10_000; i++) {
      w.fill(i);
      q.push(i, i % 7, w, 0);
    }
    expect(q.bytes()).toBeLessThanOrEqual(q.budgetBytes);
    expect(stores).toHaveLength(1);
    expect(stores[0].writes).toBeGreaterThan(9_990);
    expect(q.spilledBytes()).toBe(stores[0].bytes());
    expect(q.spilledBytes()).toBeGreaterThan(0);
    const out = new Int32Array(words);
    for (let i = 0; i < 10_000; i++) {
      expect(q.take(out)).toBe(i);
      expect(q.takenDepth).toBe(i % 7);
      expect(out[2]).toBe(i);
    }
    expect(q.length).toBe(0);
    expect(q.peak).toBe(10_000);
    expect(() => q.take(out)).toThrow(/empty/);
    q.dispose();
    expect(stores[0].disposed).toBe(1);
  });
});

describe('SpilledQueue with fileSpillStore', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'rcucheck-test-spill-'));
  });
  afterEach(() => {
    disposeAllSpillStores();
    fs.rmSync(base, { recursive: true, force: true });
  });

  /** The spill directories under `base`, and the files in each. */
  const spillDirs = (): { dir: string; files: string[] }[] =>
    fs
      .readdirSync(base)
      .filter((d) => d.startsWith('rcucheck-spill-'))
      .map((d) => ({ dir: path.join(base, d), files: fs.readdirSync(path.join(base, d)) }));

  const fill = (q: SpilledQueue, n: number, words: number): void => {
    const w = new Int32Array(words);
    for (let i = 0; i < n; i++) {
      w.fill(i);
      q.push(i, 0, w, 0);
    }
  };

  it('gives exactly the sequence of QueueFrontier, and removes its directory on dispose', () => {
    let spilledRuns = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 6 }), cmds, (words, budgetRecords, script) => {
        const make = fileSpillStore(base, { segmentBytes: 3 * (words + 2) * 4 });
        const q = new SpilledQueue(words, budgetRecords * (words + 2) * 4, make);
        const { maxLength } = runEquivalence(q, words, script);
        if (maxLength > q.maxBlocks * q.blockRecords) {
          expect(q.spilledBlocks).toBeGreaterThan(0);
          expect(spillDirs()).toHaveLength(1);
          spilledRuns++;
        }
        q.dispose();
        expect(spillDirs()).toHaveLength(0);
        expect(liveSpillStores()).toBe(0);
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(spilledRuns).toBeGreaterThan(10);
  });

  it('the file exists while spilled, is truncated when read back, and is gone after dispose', () => {
    const words = 2;
    const q = new SpilledQueue(words, 64 * (words + 2) * 4, fileSpillStore(base));
    fill(q, 1000, words);
    const dirs = spillDirs();
    expect(dirs).toHaveLength(1);
    expect(dirs[0].files).toHaveLength(1);
    const file = path.join(dirs[0].dir, dirs[0].files[0]);
    expect(fs.statSync(file).size).toBe(q.spilledBytes());
    expect(q.spilledBytes()).toBe(q.spilledBlocks * q.blockBytes);
    expect(q.spilledBlocks).toBeGreaterThan(0);
    const out = new Int32Array(words);
    for (let i = 0; i < 1000; i++) expect(q.take(out)).toBe(i);
    // Every block read back: the file is truncated, not deleted (the next level reuses it).
    expect(fs.statSync(file).size).toBe(0);
    expect(q.spilledBytes()).toBe(0);
    // A second level reuses the file from offset 0.
    fill(q, 1000, words);
    expect(fs.statSync(file).size).toBe(q.spilledBytes());
    expect(q.spilledBytes()).toBeGreaterThan(0);
    q.dispose();
    expect(fs.existsSync(dirs[0].dir)).toBe(false);
    expect(() => q.dispose()).not.toThrow();
  });

  it('a long-lived queue moves through segments and deletes the ones read', () => {
    const words = 1;
    const recBytes = (words + 2) * 4;
    const q = new SpilledQueue(words, 4 * recBytes, fileSpillStore(base, { segmentBytes: 10 * recBytes }));
    const w = new Int32Array(words);
    const out = new Int32Array(words);
    let pushed = 0;
    let taken = 0;
    // The head chases the tail through the store: 100 records always queued, 5000 in all.
    for (; pushed < 100; pushed++) q.push(pushed, 0, w, 0);
    let maxBytes = 0;
    while (pushed < 5000) {
      q.push(pushed++, 0, w, 0);
      expect(q.take(out)).toBe(taken++);
      maxBytes = Math.max(maxBytes, q.spilledBytes());
      const files = spillDirs()[0].files.length;
      expect(files).toBeLessThanOrEqual(12);
    }
    // Disk use tracks the queue's length, not the 5000 records ever spilled.
    expect(maxBytes).toBeLessThanOrEqual(100 * recBytes + 2 * 10 * recBytes);
    while (q.length > 0) expect(q.take(out)).toBe(taken++);
    expect(taken).toBe(5000);
    expect(q.spilledBytes()).toBe(0);
    q.dispose();
    expect(spillDirs()).toHaveLength(0);
  });

  it('disposeAllSpillStores removes every live store, and the queues can still be disposed', () => {
    const words = 1;
    const qs = [0, 1, 2].map(() => new SpilledQueue(words, 4 * (words + 2) * 4, fileSpillStore(base)));
    for (const q of qs) fill(q, 50, words);
    expect(spillDirs()).toHaveLength(3);
    expect(liveSpillStores()).toBe(3);
    disposeAllSpillStores();
    expect(spillDirs()).toHaveLength(0);
    expect(liveSpillStores()).toBe(0);
    disposeAllSpillStores();
    for (const q of qs) expect(() => q.dispose()).not.toThrow();
  });

  it('a store used after dispose, or one whose files cannot be written, throws naming the file and code', () => {
    const make = fileSpillStore(base, { segmentBytes: 8 });
    const s = make();
    const dir = spillDirs()[0].dir;
    s.write(Int32Array.of(1, 2));
    // Block the next segment's path: writing must roll over to it and fail loudly.
    const blocked = path.join(dir, 'segment-000001.bin');
    fs.mkdirSync(blocked);
    let err: unknown;
    try {
      s.write(Int32Array.of(3, 4));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(blocked);
    expect((err as Error).message).toContain('EEXIST');
    // The block written before the failure is still there.
    const out = new Int32Array(2);
    s.read(out);
    expect([...out]).toEqual([1, 2]);
    fs.rmdirSync(blocked);
    s.dispose();
    expect(fs.existsSync(dir)).toBe(false);
    expect(() => s.write(Int32Array.of(1))).toThrow(/after dispose/);
    expect(() => s.dispose()).not.toThrow();
  });

  it('a missing base directory is reported with its path and code', () => {
    const missing = path.join(base, 'no-such-dir');
    expect(() => fileSpillStore(missing)()).toThrow(/no-such-dir.*ENOENT/);
  });
});

describe('SpilledQueue within budget', () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'rcucheck-test-spill-'));
  });
  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('never creates a spill store when everything fits', () => {
    let made = 0;
    const words = 4;
    const file = fileSpillStore(base);
    const q = new SpilledQueue(words, 1 << 20, () => {
      made++;
      return file();
    });
    const w = new Int32Array(words);
    const out = new Int32Array(words);
    let taken = 0;
    // About 10 000 records queued at most (240 KB of a 1 MiB budget), 60 000 through the queue.
    for (let i = 0; i < 60_000; i++) {
      w[0] = i;
      q.push(i, 0, w, 0);
      if (i >= 20_000 || i % 2 === 1) {
        expect(q.take(out)).toBe(taken);
        expect(out[0]).toBe(taken++);
      }
    }
    while (q.length > 0) expect(q.take(out)).toBe(taken++);
    expect(taken).toBe(60_000);
    expect(made).toBe(0);
    expect(q.spilledBlocks).toBe(0);
    expect(q.spilledBytes()).toBe(0);
    expect(q.bytes()).toBeLessThanOrEqual(1 << 20);
    expect(fs.readdirSync(base)).toEqual([]);
    q.dispose();
  });
});
