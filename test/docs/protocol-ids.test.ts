/**
 * docs/protocol.md cannot drift from the code: every step id, actor letter, property id and
 * action name the kvfree models use (action names and labels, property descriptions, over
 * configurations that enable every optional actor), every property's rcucheck name, and every
 * section the repository cites ("docs/protocol.md §4.2", bare "§6.3" in model code) must be
 * defined in the document. Old citations of the design doc outside the repository are refused.
 *
 * What it must not do: pin the document's wording; only that each cited id has a definition.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/index.js';
import { resolveParams } from '../../src/model/compile.js';
import type { ModelDef, ModelInstance } from '../../src/model/types.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'protocol.md'), 'utf8');
const LINES = DOC.split('\n');

/** Configurations that together enable every actor and action family of each kvfree model. */
const CONFIGS: Record<string, Record<string, string | number>[]> = {
  'kvfree-v1': [{}, { cpus: 2, objects: 'h,e,hv,ev', boot: 'boot', shrinker: 1, alignWrap: 1, spontaneous: 1, readers: 2 }, { objects: 'e', shrinkCore: 1 }],
  'kvfree-v5.9': [{}, { cpus: 2, objects: 'h,e,hv,ev', boot: 'boot', shrinker: 1, spontaneous: 1 }, { cpus: 2, objects: 'h,e,hv,ev', kernel: 'v5.11', rt: 1 }],
  'kvfree-v6': [{}, { cpus: 2, objects: 'h,e,hv,ev', boot: 'boot', refill: 1, tag: 'dyn-head', alignWrap: 1, spontaneous: 1 }, { cpus: 2, objects: 'h', kernel: 'v6.4' }, { objects: 'h', spontaneous: 1, gpinit: 1 }, { teardown: 'destroy', kernel: 'v6.12-merge-2b55d6a42d14' }, { teardown: 'barrier', teardownIn: 'reclaim-worker' }],
};

function instances(def: ModelDef): ModelInstance[] {
  return (CONFIGS[def.id] ?? [{}]).map((raw) => {
    const p = resolveParams(def, raw);
    if (!p.ok) throw new Error(p.error.message);
    return def.build(p.value);
  });
}

// kvfree-lite (models/reference/) is specified by its own page, not by this document.
const KVFREE = MODELS.filter((m) => m.id.startsWith('kvfree') && m.id !== 'kvfree-lite');

interface Cited {
  names: Set<string>;
  texts: string[];
  properties: Map<string, string>;
}

function cited(): Cited {
  const names = new Set<string>();
  const texts: string[] = [];
  const properties = new Map<string, string>();
  for (const def of KVFREE) {
    for (const inst of instances(def)) {
      for (const a of inst.actions) {
        names.add(a.name);
        texts.push(a.name);
        if (a.label !== undefined) for (const p of a.params ?? [undefined]) texts.push(a.label(p));
      }
      for (const p of inst.properties) {
        properties.set(p.name, p.description);
        texts.push(p.description);
      }
    }
  }
  return { names, texts, properties };
}

/** Step ids in a text, ranges expanded: `C1-C7` → C1..C7, `W2/W3` → W2, W3. */
function stepIds(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b([CMW])(\d)(?:([-/])\1?(\d))?\b/g)) {
    const [, actor, from, sep, to] = m;
    if (to === undefined) out.push(`${actor}${from}`);
    else if (sep === '/') out.push(`${actor}${from}`, `${actor}${to}`);
    else for (let i = Number(from); i <= Number(to); i++) out.push(`${actor}${i}`);
  }
  return out;
}

/** Property ids in a text: P1(a), P3b, P6, ... (`P4/P2` gives both). */
function propertyIds(text: string): string[] {
  return [...text.matchAll(/\bP(\d)(\([a-e]\)|b\b)?/g)].map((m) => `P${m[1]}${m[2] ?? ''}`);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A table row whose first cell is exactly `id`. */
const hasRow = (id: string, lines = LINES): boolean => lines.some((l) => new RegExp(`^\\|\\s*${escape(id)}\\s*\\|`).test(l));
/** A heading that names `id`, or a list item that starts with **id**. */
const hasDefinition = (id: string): boolean =>
  LINES.some((l) => new RegExp(`^#+\\s+${escape(id)}(\\s|$)`).test(l) || new RegExp(`^\\s*[-*]\\s+\\*\\*${escape(id)}\\*\\*`).test(l));

/** Section number → its lines (heading included, up to the next heading of the same or a higher level). */
function sections(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  LINES.forEach((l, i) => {
    const m = /^(#{2,})\s+(\d+(?:\.\d+)*)\.?\s/.exec(l);
    if (m === null) return;
    const level = m[1].length;
    let end = i + 1;
    while (end < LINES.length && !(/^#{2,}\s/.test(LINES[end]) && (/^#+/.exec(LINES[end])?.[0].length ?? 0) <= level)) end++;
    out.set(m[2], LINES.slice(i, end));
  });
  return out;
}

describe('docs/protocol.md defines what the models cite', () => {
  const c = cited();

  it('the collector sees the ids it should (sanity)', () => {
    expect(stepIds('C1-C7 x, W2/W3 y, M1-M3, C0')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'W2', 'W3', 'M1', 'M2', 'M3', 'C0']);
    expect(propertyIds('P1(b): x; P4/P2: y; P3b: z')).toEqual(['P1(b)', 'P4', 'P2', 'P3b']);
    const ids = new Set(c.texts.flatMap(stepIds));
    for (const id of ['C0', 'C4', 'C8', 'M0', 'M3', 'W0', 'W4']) expect(ids).toContain(id);
    expect(c.names.size).toBeGreaterThan(40);
  });

  it('every step id in an action name or label has a table row', () => {
    const missing = [...new Set(c.texts.flatMap(stepIds))].filter((id) => !hasRow(id)).sort();
    expect(missing).toEqual([]);
  });

  it('every actor letter that starts an action name is in the actor table', () => {
    const actors = new Set([...c.names].map((n) => n.split(' ')[0]).filter((w) => /^[A-Z]$/.test(w)));
    expect([...actors].sort()).toEqual(expect.arrayContaining(['B', 'C', 'G', 'M', 'R', 'S', 'W']));
    expect([...actors].filter((a) => !hasRow(a)).sort()).toEqual([]);
  });

  it('every action name appears in the document', () => {
    expect([...c.names].filter((n) => !DOC.includes(`\`${n}\``)).sort()).toEqual([]);
  });

  it('every property id in a property description or label is defined', () => {
    const ids = [...new Set(c.texts.flatMap(propertyIds))];
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(ids.filter((id) => !hasDefinition(id)).sort()).toEqual([]);
  });

  it('every property name is in the §5 table, next to the ids its description cites', () => {
    const table = sections().get('5') ?? [];
    for (const [name, description] of c.properties) {
      const rows = table.filter((l) => l.startsWith('|') && l.includes(`\`${name}\``));
      expect(rows, `${name} has no row in §5`).not.toHaveLength(0);
      for (const id of propertyIds(description)) {
        expect(rows.some((r) => r.split('|')[1].includes(id)), `${name}: no §5 row pairs it with ${id}`).toBe(true);
      }
    }
  });
});

describe('citations of docs/protocol.md in the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && /\.(ts|js|md|json)$/.test(f) && !f.startsWith('node_modules/'));
  // Generated trace files are large and carry no citations; the report pages do.
  const text = (f: string): string => (f.startsWith('reports/') && !/^reports\/[^/]+\.md$/.test(f) ? '' : readFileSync(join(ROOT, f), 'utf8'));
  const secs = sections();

  it('every cited section exists, and a cited step of a section is a row of it', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const f of files) {
      if (f === 'docs/protocol.md') continue;
      text(f)
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(/§(\d+(?:\.\d+)*)( [CMW]\d(?:[-/][CMW]\d)?)?/g)) {
            const before = line.slice(Math.max(0, m.index - 40), m.index);
            if (/architecture/i.test(before)) continue; // the architecture guide's sections
            const protocolCode = /^(models|invariants|src)\//.test(f);
            if (!protocolCode && !/protocol/i.test(before)) continue;
            checked++;
            const sec = secs.get(m[1]);
            if (sec === undefined) bad.push(`${f}:${i + 1}: §${m[1]} is not a section`);
            else if (m[2] !== undefined && !hasRow(m[2].trim(), sec)) bad.push(`${f}:${i + 1}: §${m[1]} has no row ${m[2].trim()}`);
          }
        });
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(30); // the scan found the citations (models, reports, README, ARCHITECTURE)
  });

  it('nothing cites the design doc outside the repository or a bare protocol.md', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => x !== 'test/docs/protocol-ids.test.ts')) {
      text(f)
        .split('\n')
        .forEach((line, i) => {
          if (/shared\/design\/protocol\.md/.test(line) || /(?<!docs\/)protocol\.md/.test(line)) bad.push(`${f}:${i + 1}`);
        });
    }
    expect(bad).toEqual([]);
  });
});
