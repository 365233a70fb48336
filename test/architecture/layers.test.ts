/**
 * The layers of src/ and the direction of their imports (ARCHITECTURE.md, "Layers").
 *
 * Why this file exists: "dependencies point down" is only true while something checks it. Every
 * relative import of every module under src/, models/ and invariants/ is read and its target's
 * layer compared with its own: a module may import its own layer or a lower one, never a higher
 * one, and never another layer of the same rank (experiments and prove, for instance, stay apart).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Layer of a file (path relative to the repository), lowest first. */
const LAYERS: [RegExp, string, number][] = [
  [/^src\/(base\/|version\.ts$)/, 'base', 0],
  [/^src\/model\//, 'model', 1],
  [/^(models|invariants)\//, 'models', 2],
  [/^src\/engine\//, 'engine', 2.5],
  [/^src\/spill\//, 'spill', 3],
  [/^src\/trace\//, 'trace', 4],
  [/^src\/graph\//, 'graph', 5],
  [/^src\/check\//, 'check', 6],
  [/^src\/report\//, 'report', 7],
  [/^src\/experiments\//, 'experiments', 8],
  [/^src\/prove\//, 'prove', 8],
  [/^src\/cli\//, 'cli', 9],
  [/^src\/cli\.ts$/, 'entry', 10],
];

function layerOf(rel: string): { name: string; rank: number } {
  for (const [re, name, rank] of LAYERS) if (re.test(rel)) return { name, rank };
  throw new Error(`no layer for ${rel}: add it to LAYERS`);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every `from '...'` / `import('...')` of a relative module in a file, as repository paths. */
function importsOf(rel: string): string[] {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)) {
    out.push(relative(ROOT, resolve(ROOT, dirname(rel), m[1])).replace(/\.js$/, '.ts'));
  }
  return out;
}

const FILES = [...filesUnder('src'), ...filesUnder('models'), ...filesUnder('invariants')];

/** The imports that break the rule, for files and their imports. */
function arrowsUp(files: readonly string[], imports: (f: string) => string[]): string[] {
  const wrong: string[] = [];
  for (const f of files) {
    const from = layerOf(f);
    for (const to of imports(f)) {
      const t = layerOf(to);
      if (t.name !== from.name && t.rank >= from.rank) wrong.push(`${f} (${from.name}) imports ${to} (${t.name})`);
    }
  }
  return wrong;
}

describe('layers', () => {
  it('every import points to the same layer or a lower one', () => {
    expect(importsOf('src/cli/check.ts')).toContain('src/check/prepare.ts');
    expect(arrowsUp(FILES, importsOf)).toEqual([]);
  });

  it('the rule catches an arrow up and a sideways arrow', () => {
    const fake: Record<string, string[]> = {
      'src/model/compile.ts': ['src/engine/outcome.ts'],
      'src/prove/plan.ts': ['src/cli/check.ts', 'src/experiments/tagging.ts', 'src/check/prepare.ts'],
    };
    expect(arrowsUp(Object.keys(fake), (f) => fake[f])).toEqual([
      'src/model/compile.ts (model) imports src/engine/outcome.ts (engine)',
      'src/prove/plan.ts (prove) imports src/cli/check.ts (cli)',
      'src/prove/plan.ts (prove) imports src/experiments/tagging.ts (experiments)',
    ]);
  });
});
