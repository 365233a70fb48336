/**
 * Every counterexample we publish under reports/ must replay against the current models: a model
 * change that silently invalidates a committed trace fails here (regenerate with `rcucheck report`,
 * `rcucheck tags` or `rcucheck prove`). A latency witness (traces/latency/: the path attaining a
 * worst-case reclaim latency) is not a violation: it must replay and confirm its count (exit 0).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';

const ROOT = join(import.meta.dirname, '..', '..', 'reports');

function itfFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      // Local run outputs (git-ignored) are not published: tmp, runs (check), deep (the deep plan).
      if (!['tmp', 'runs', 'deep'].includes(name)) out.push(...itfFiles(p));
    } else if (name.endsWith('.itf.json')) out.push(p);
  }
  return out;
}

const files = itfFiles(ROOT);

describe('published traces', () => {
  it('there are published traces to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  it.each(files.map((f) => [relative(ROOT, f), f]))('%s replays and confirms its violation or latency witness', (rel, file) => {
    const itf = readItf(readFileSync(file, 'utf8'));
    expect(itf.ok, itf.ok ? '' : itf.error.message).toBe(true);
    if (!itf.ok) return;
    const c = confirmTrace(itf.value);
    expect(c.ok, c.ok ? '' : `${c.error.code}: ${c.error.message}`).toBe(true);
    if (!c.ok) return;
    if (rel.split('/').includes('latency')) {
      expect(c.value.exitCode).toBe(0);
      expect(c.value.message).toMatch(/^confirmed: latency witness for /);
    } else expect([11, 12, 13, 75, 76]).toContain(c.value.exitCode);
  });
});
