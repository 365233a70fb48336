/**
 * Exit statuses by name (issue #30): one table, `EXIT` in src/base/errors.ts, and no command
 * writes a status as a number.
 *
 * Why this file exists: the statuses are a public interface (scripts and CI branch on them), so
 * their values are pinned to the documented ones here and in README's "Exit statuses" table, and
 * every module under src/cli/, src/prove/ and the entry src/cli.ts is parsed and searched for a
 * numeric literal where a status goes: the status argument of `fail`, `process.exit`, a value
 * given to an `exitCode` (assigned, declared, an object property) or compared with one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeForError } from '../../src/base/errors.js';
import { exitCodeFor } from '../../src/engine/outcome.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The documented values (README, "Exit statuses"; `rcucheck --help`'s epilogue). */
const DOCUMENTED = {
  OK: 0,
  DIFFERS: 1,
  DEADLOCK: 11,
  SAFETY: 12,
  LIVENESS: 13,
  MODEL_THREW: 75,
  PROPERTY_THREW: 76,
  QUIT: 130,
  INPUT: 150,
  OPTION: 151,
  INCOMPLETE: 152,
  INTERNAL: 255,
};

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The numeric literals an expression can evaluate to as a whole (through ?:, ??, ||, parentheses, `as`). */
function statusLiterals(e: ts.Expression): ts.Expression[] {
  if (ts.isNumericLiteral(e)) return [e];
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) return [e];
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) return statusLiterals(e.expression);
  if (ts.isConditionalExpression(e)) return [...statusLiterals(e.whenTrue), ...statusLiterals(e.whenFalse)];
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.AmpersandAmpersandToken) return [...statusLiterals(e.left), ...statusLiterals(e.right)];
  }
  return [];
}

/** Is this the name `exitCode` (an identifier, `x.exitCode`, or `x['exitCode']`)? */
function namesExitCode(e: ts.Node): boolean {
  if (ts.isIdentifier(e)) return e.text === 'exitCode';
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'exitCode';
  if (ts.isElementAccessExpression(e)) return ts.isStringLiteral(e.argumentExpression) && e.argumentExpression.text === 'exitCode';
  return false;
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** Every numeric exit status literal in a module's text, as `file:line: code`. */
function numericStatuses(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      // fail(ctx, STATUS, message), process.exit(STATUS)
      const status = name === 'fail' ? n.arguments[1] : name === 'exit' ? n.arguments[0] : undefined;
      if (status !== undefined) found.push(...statusLiterals(status));
    } else if (ts.isBinaryExpression(n)) {
      const k = n.operatorToken.kind;
      if (k === ts.SyntaxKind.EqualsToken && namesExitCode(n.left)) found.push(...statusLiterals(n.right));
      if (COMPARISONS.has(k) && namesExitCode(n.left)) found.push(...statusLiterals(n.right));
      if (COMPARISONS.has(k) && namesExitCode(n.right)) found.push(...statusLiterals(n.left));
    } else if (ts.isPropertyAssignment(n) || ts.isVariableDeclaration(n)) {
      if (n.initializer !== undefined && namesExitCode(n.name)) found.push(...statusLiterals(n.initializer));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found.map((n) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.parent.getText(sf)}`);
}

describe('exit statuses', () => {
  it('the table holds the documented values, each once', () => {
    expect(EXIT).toEqual(DOCUMENTED);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });

  it('errors and outcomes map onto the table', () => {
    expect(exitCodeForError({ code: 'RC001', message: '' })).toBe(EXIT.INPUT);
    expect(exitCodeForError({ code: 'RC002', message: '' })).toBe(EXIT.OPTION);
    expect(exitCodeForError({ code: 'RC010', message: '' })).toBe(EXIT.MODEL_THREW);
    expect(exitCodeForError({ code: 'RC011', message: '' })).toBe(EXIT.PROPERTY_THREW);
    expect(exitCodeForError({ code: 'RC255', message: '' })).toBe(EXIT.INTERNAL);
    expect(exitCodeFor({ verdict: 'ok' })).toBe(EXIT.OK);
    expect(exitCodeFor({ verdict: 'deadlock' })).toBe(EXIT.DEADLOCK);
    expect(exitCodeFor({ verdict: 'violation', violations: [{ kind: 'invariant' }] })).toBe(EXIT.SAFETY);
    expect(exitCodeFor({ verdict: 'violation', violations: [{ kind: 'liveness' }] })).toBe(EXIT.LIVENESS);
    expect(exitCodeFor({ verdict: 'incomplete' })).toBe(EXIT.INCOMPLETE);
    expect(exitCodeFor({ verdict: 'error' })).toBe(EXIT.INTERNAL);
  });

  it("README's exit-status table names every status with its value, and nothing else", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Exit statuses$/m)[1]?.split(/^## /m)[0];
    expect(section, 'README has a "## Exit statuses" section').toBeDefined();
    const rows = [...(section ?? '').matchAll(/^\| `([A-Z_]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(Object.fromEntries(rows)).toEqual(DOCUMENTED);
    expect(rows.length).toBe(Object.keys(DOCUMENTED).length);
  });

  it('no command in src/cli/, src/prove/ or src/cli.ts writes an exit status as a number', () => {
    const files = [...filesUnder('src/cli'), ...filesUnder('src/prove'), 'src/cli.ts'];
    expect(files).toContain('src/cli/check.ts');
    expect(files.flatMap((f) => numericStatuses(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the scan catches a numeric status and lets a named one and ordinary numbers pass', () => {
    const text = [
      'fail(ctx, 150, `x ${n > 0 ? 1 : 2}`);',
      'fail(ctx, EXIT.INPUT, `x ${n > 0 ? 1 : 2}`);',
      'process.exit(130);',
      'process.exit(process.exitCode ?? 0);',
      'process.exit(process.exitCode ?? EXIT.OK);',
      'ctx.exitCode = differing === 0 ? 0 : 1;',
      'ctx.exitCode = differing === 0 ? EXIT.OK : EXIT.DIFFERS;',
      'if (r.exitCode === 152) {}',
      'if (r.exitCode === EXIT.INCOMPLETE) {}',
      'const o = { exitCode: 255, count: 3 };',
      'let exitCode = workers < 1 ? 151 : EXIT.OK;',
      'const w = Math.max(1, n - 1);',
    ].join('\n');
    expect(numericStatuses('t.ts', text)).toEqual([
      't.ts:1: fail(ctx, 150, `x ${n > 0 ? 1 : 2}`)',
      't.ts:3: process.exit(130)',
      't.ts:4: process.exitCode ?? 0',
      't.ts:6: differing === 0 ? 0 : 1',
      't.ts:6: differing === 0 ? 0 : 1',
      't.ts:8: r.exitCode === 152',
      't.ts:10: exitCode: 255',
      't.ts:11: workers < 1 ? 151 : EXIT.OK',
    ]);
  });
});
