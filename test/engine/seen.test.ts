/**
 * Unit tests of the engine's data structures: seen sets (exact and fp64), the frontier ring,
 * and the TLC-family exit codes.
 */
import { describe, expect, it } from 'vitest';
import { ExactSeenSet, FingerprintSeenSet, collisionProbability } from '../../src/engine/seen.js';
import { QueueFrontier, StackFrontier } from '../../src/engine/frontier.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { exitCodeForError } from '../../src/base/errors.js';
import { checkError, type ErrorCode } from '../../src/base/errors.js';

describe('seen sets', () => {
  // 1, 3 and 6 words: inline slots (<= 4 words) and arena-backed ones.
  for (const words of [1, 3, 6]) {
    for (const mode of ['exact', 'fp64'] as const) {
      it(`${mode}, ${words} words: dense ids, duplicates found, survives table growth`, () => {
        const s = mode === 'exact' ? new ExactSeenSet(words) : new FingerprintSeenSet(words);
        const w = new Int32Array(words);
        // 300 000 states: the table (2^18 slots, load <= 1/2) grows twice.
        const N = 300_000;
        const put = (i: number): number => {
          for (let j = 0; j < words; j++) w[j] = Math.imul(i, 2654435761 + j) ^ j;
          return s.insert(w);
        };
        let wrong = 0;
        for (let i = 0; i < N; i++) if (put(i) !== i) wrong++;
        expect(wrong).toBe(0);
        expect(s.size).toBe(N);
        for (let i = 0; i < N; i += 97) if (put(i) !== -i - 1) wrong++;
        expect(wrong).toBe(0);
        expect(s.size).toBe(N);
        if (mode === 'exact') {
          const out = new Int32Array(words);
          expect(s.read(12345, out)).toBe(true);
          for (let j = 0; j < words; j++) expect(out[j]).toBe(Math.imul(12345, 2654435761 + j) ^ j);
        } else {
          expect(s.read(0, new Int32Array(words))).toBe(false);
          for (let j = 0; j < words; j++) w[j] = Math.imul(7, 2654435761 + j) ^ j;
          expect(s.matches(7, w, 0)).toBe(true);
          expect(s.matches(8, w, 0)).toBe(false);
        }
      });
    }
  }

  it('insertAt with a precomputed hash equals insert, at any offset', () => {
    const s = new ExactSeenSet(2);
    const buf = Int32Array.from([9, 9, 1, 2, 3, 4]);
    expect(s.insertAt(buf, 2, s.hash(buf, 2))).toBe(0);
    expect(s.insert(Int32Array.from([1, 2]))).toBe(-1);
    expect(s.insertAt(buf, 4, s.hash(buf, 4))).toBe(1);
    expect(typeof s.touch(s.hash(buf, 4))).toBe('number');
  });

  it("TLC's collision estimate", () => {
    expect(collisionProbability(1e6, 1e7)).toBeCloseTo((1e6 * 9e6) / 2 ** 64, 20);
    expect(collisionProbability(10, 5)).toBe(0);
  });
});

describe('frontier', () => {
  it('is a FIFO for BFS and a LIFO for DFS, across growth and wrap-around', () => {
    const q = new QueueFrontier(2);
    const st = new StackFrontier(2);
    const out = new Int32Array(2);
    let next = 0;
    let head = 0;
    // Interleave pushes and takes so the ring wraps, then grow past 1024 records.
    for (let round = 0; round < 5000; round++) {
      q.push(next, next % 7, Int32Array.from([next, next + 1e6]), 0);
      st.push(next, next % 7, Int32Array.from([next, next + 1e6]), 0);
      next++;
      if (round % 3 === 0) {
        expect(q.take(out)).toBe(head);
        expect([...out]).toEqual([head, head + 1e6]);
        expect(q.takenDepth).toBe(head % 7);
        head++;
      }
    }
    expect(q.length).toBe(next - head);
    expect(st.take(out)).toBe(next - 1);
    expect([...out]).toEqual([next - 1, next - 1 + 1e6]);
    expect(st.takenDepth).toBe((next - 1) % 7);
    expect(q.take(out)).toBe(head);
    expect(q.peak).toBe(next - head);
    expect(st.peak).toBe(next);
  });

  it('push reads the words at an offset', () => {
    const f = new StackFrontier(2);
    f.push(7, 3, Int32Array.from([0, 0, 5, 6]), 2);
    const out = new Int32Array(2);
    expect(f.take(out)).toBe(7);
    expect([...out]).toEqual([5, 6]);
    expect(f.takenDepth).toBe(3);
  });
});

describe('exit codes (TLC families)', () => {
  it('maps verdicts', () => {
    expect(exitCodeFor({ verdict: 'ok' })).toBe(0);
    expect(exitCodeFor({ verdict: 'deadlock' })).toBe(11);
    expect(exitCodeFor({ verdict: 'violation' })).toBe(12);
    expect(exitCodeFor({ verdict: 'incomplete' })).toBe(152);
    expect(exitCodeFor({ verdict: 'error' })).toBe(255);
  });
  it('maps error codes', () => {
    const want: Record<ErrorCode, number> = {
      RC001: 150,
      RC002: 151,
      RC003: 151,
      RC004: 150,
      RC005: 150,
      RC010: 75,
      RC011: 76,
      RC012: 75,
      RC013: 75,
      RC100: 75,
      RC101: 150,
      RC150: 150,
      RC255: 255,
    };
    for (const [code, exit] of Object.entries(want) as [ErrorCode, number][]) {
      expect(exitCodeForError(checkError(code, 'x'))).toBe(exit);
      expect(exitCodeFor({ verdict: 'error', error: checkError(code, 'x') })).toBe(exit);
    }
  });
});
