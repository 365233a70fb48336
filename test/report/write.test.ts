/** report/write.ts: whole directories appear at once, replace old ones, and leave no temporaries. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, stage, writeFileAtomic, writeReport } from '../../src/report/write.js';
import { sortKeys, stableJson } from '../../src/report/summary.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'rcucheck-write-'));

describe('writeReport', () => {
  it('writes nested files and replaces an existing directory whole', async () => {
    const parent = tmp();
    const dir = join(parent, 'r');
    await writeReport(dir, { 'a.json': '1', 'traces/x/trace.md': '# x' });
    expect(await readTree(dir)).toEqual({ 'a.json': '1', 'traces/x/trace.md': '# x' });
    await writeReport(dir, { 'b.json': '2' });
    expect(await readTree(dir)).toEqual({ 'b.json': '2' });
    expect(readdirSync(parent)).toEqual(['r']);
  });

  it('a failing write leaves neither the report nor a temporary', async () => {
    const parent = tmp();
    const dir = join(parent, 'r');
    await expect(writeReport(dir, { 'ok.txt': 'x', '../escape.txt': 'y' })).rejects.toThrow(/relative path/);
    expect(readdirSync(parent)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('a staging directory is invisible until committed', async () => {
    const parent = tmp();
    const s = await stage(join(parent, 'proofs'));
    expect(existsSync(join(parent, 'proofs'))).toBe(false);
    await s.commit();
    expect(readdirSync(parent)).toEqual(['proofs']);
  });

  it('writeFileAtomic replaces a file', async () => {
    const parent = tmp();
    const f = join(parent, 'sub', 'b.json');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(join(parent, 'sub'))).toEqual(['b.json']);
  });
});

describe('stable JSON', () => {
  it('sorts keys recursively, keeps array order, drops undefined', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }))).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(stableJson({ b: 1, a: 2 })).toBe('{\n  "a": 2,\n  "b": 1\n}\n');
  });
});
