/**
 * The smoke run's verdict (issue 29, stage 1), shared by `npm run conformance` and
 * test/conformance/smoke.test.ts.
 *
 * Why this file exists: "freed exactly once, and nothing before the grace period" is read off
 * the harness's event lines the same way by the command and by the test.
 *
 * What it must not do: accept a run with an `error` or `warn` line, or with a free before the
 * first `gp-end` line.
 */

/** The problems with a smoke run's lines; empty when every named object was freed once, after the GP. */
export function checkSmoke(lines: string[], objects: string[]): string[] {
  const problems: string[] = [];
  const gpEnd = lines.findIndex((l) => l.startsWith('gp-end '));
  if (gpEnd < 0) problems.push('no grace period ended');
  for (const l of lines) if (l.startsWith('error ') || l.startsWith('warn ')) problems.push(`the harness reported: ${l}`);
  for (const name of objects) {
    const frees = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.startsWith(`free obj=${name} `));
    if (frees.length !== 1) problems.push(`${name} freed ${frees.length} times`);
    for (const f of frees) if (gpEnd < 0 || f.i < gpEnd) problems.push(`${name} freed before the grace period ended: ${f.l}`);
  }
  return problems;
}
