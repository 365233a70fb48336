/**
 * docs/patch-review.md cannot drift: every `npx rcucheck ...   # exit N` command in it is run (in a
 * temporary directory, in order) and must exit N and print every line of the output block under it;
 * every added line of its model diffs must be in models/kvfree/. Commands marked `slow` run only
 * with RCUCHECK_SLOW=1.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tmp } from '../cli/run.js';

const guide = readFileSync(join(ROOT, 'docs', 'patch-review.md'), 'utf8');

interface Step {
  args: string[];
  exit: number;
  slow: boolean;
  expected: string[];
}

function blocks(text: string): { lang: string; body: string[] }[] {
  const out: { lang: string; body: string[] }[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) out.push({ lang: m[1], body: m[2].replace(/\n$/, '').split('\n') });
  return out;
}

function steps(): Step[] {
  const out: Step[] = [];
  for (const b of blocks(guide)) {
    if (b.lang === 'sh') {
      for (const line of b.body) {
        const m = /^npx rcucheck (.*?)\s+# exit (\d+)(, slow)?$/.exec(line);
        if (m !== null) out.push({ args: m[1].split(/\s+/), exit: Number(m[2]), slow: m[3] !== undefined, expected: [] });
      }
    } else if (b.lang === 'text' && out.length > 0 && out[out.length - 1].expected.length === 0) {
      out[out.length - 1].expected = b.body.filter((l) => l.trim() !== '');
    }
  }
  return out;
}

const dir = tmp('rcucheck-guide-');
const made: string[] = [dir];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('docs/patch-review.md', () => {
  it('has the commands a review runs: compare both ways and replay', () => {
    const s = steps();
    expect(s.length).toBeGreaterThanOrEqual(4);
    expect(s.filter((x) => x.args[0] === 'compare').length).toBeGreaterThanOrEqual(3);
    expect(s.some((x) => x.args[0] === 'replay' && x.exit === 12)).toBe(true);
    expect(s.every((x) => x.expected.length > 0)).toBe(true);
  });

  it('every command exits as the guide says and prints the lines it shows', { timeout: 240_000 }, () => {
    for (const s of steps()) {
      if (s.slow && process.env.RCUCHECK_SLOW !== '1') continue;
      const r = cli(s.args, dir);
      expect({ cmd: s.args.join(' '), code: r.code, stderr: r.stderr }).toEqual({ cmd: s.args.join(' '), code: s.exit, stderr: '' });
      const printed = r.stdout.split('\n');
      for (const line of s.expected) expect(printed, `${s.args.join(' ')}: ${line}`).toContain(printed.find((p) => p === line || (s.args[0] === 'replay' && p.startsWith(line))) ?? line);
    }
  });

  it('every added line of its model diffs is in models/kvfree/', () => {
    const sources = readdirSync(join(ROOT, 'models', 'kvfree'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(ROOT, 'models', 'kvfree', f), 'utf8'))
      .join('\n')
      .split('\n')
      .map((l) => l.trim());
    const added = blocks(guide)
      .filter((b) => b.lang === 'diff')
      .flatMap((b) => b.body.filter((l) => l.startsWith('+')).map((l) => l.slice(1).trim()));
    expect(added.length).toBeGreaterThan(10);
    for (const l of added) expect(sources, l).toContain(l);
  });

  it('the CI template (docs/patch-review.workflow.yml) runs a compare command the CLI accepts', () => {
    const yml = readFileSync(join(ROOT, 'docs', 'patch-review.workflow.yml'), 'utf8');
    const line = /npx rcucheck (compare .*?) \| tee/.exec(yml)?.[1];
    expect(line).toBeDefined();
    const env: Record<string, string> = { MODEL: 'kvfree-v5.9', BEFORE: 'fix=none', AFTER: 'fix=5da7cb193db3', SCOPE: '-D objects=e' };
    const args = line!.split(/\s+/).flatMap((w) => {
      const v = /^"?\$(\w+)"?$/.exec(w);
      return v === null ? [w] : env[v[1]].split(' ');
    });
    const fresh = tmp('rcucheck-guide-ci-');
    made.push(fresh);
    const r = cli(args, fresh);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/0 newly violated/);
  });
});

