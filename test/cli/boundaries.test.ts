/**
 * Architecture boundaries that lint would otherwise enforce (architecture §3, §9):
 * - only src/cli.ts touches `process` (library code never exits, reads argv or writes stdout);
 * - the engine never imports immer, graphology, yargs or node:fs;
 * - only report/write.ts writes files among the report, prove and CLI modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Source text without comments (so a comment may mention `process`). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const rel = (p: string): string => relative(ROOT, p).split('\\').join('/');

describe('boundaries', () => {
  it('only src/cli.ts touches process', () => {
    const offenders = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'models')), ...files(join(ROOT, 'invariants'))]
      .filter((p) => rel(p) !== 'src/cli.ts')
      .filter((p) => /\bprocess\s*\.\s*(exit|argv|stdout|stderr|stdin|env|on|once|exitCode|cwd|kill|chdir)\b/.test(code(p)));
    expect(offenders.map(rel)).toEqual([]);
  });

  it('the engine imports no immer, graphology, yargs or node:fs', () => {
    const offenders = files(join(ROOT, 'src', 'engine')).filter((p) =>
      /from\s+['"](immer|graphology[^'"]*|yargs[^'"]*|node:fs[^'"]*|fs)['"]/.test(code(p)),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it('report, prove and CLI modules write files only through report/write.ts', () => {
    const mine = [...files(join(ROOT, 'src', 'prove')), ...files(join(ROOT, 'src', 'report')), join(ROOT, 'src', 'cli', 'check.ts'), join(ROOT, 'src', 'cli', 'list.ts'), join(ROOT, 'src', 'cli', 'prove.ts'), join(ROOT, 'src', 'cli', 'main.ts')];
    const offenders = mine
      .filter((p) => rel(p) !== 'src/report/write.ts')
      .filter((p) => /\b(writeFile|writeFileSync|appendFile|createWriteStream|mkdir|rename|rm|cp)\s*\(/.test(code(p)));
    expect(offenders.map(rel)).toEqual([]);
  });
});
