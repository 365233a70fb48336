/**
 * trace.md: one counterexample as Markdown, for reading on GitHub, in an editor or in a mail.
 *
 * Why this file exists: a trace committed under reports/ or attached to a bug report is read
 * where nobody has a terminal of our choosing. It holds a header (model, parameters, property,
 * length), the compact timeline (compact.ts) as a fenced text block MD_WIDTH columns wide, the
 * verdict, the initial and final states (display names, collapsed) and how to replay.
 *
 * Layout decision: only the compact form, no swimlane table. A two-CPU kvfree swimlane row runs
 * to 600+ characters of Markdown source (unreadable in an editor), and GitHub squeezes its
 * changed-fields column until every `before → after` wraps mid-word; the compact block reads the
 * same in both, at 120 columns, with no horizontal scrolling. The swimlane stays one click away
 * in trace.html and on wide terminals (`rcucheck replay trace.itf.json`).
 *
 * What it must not do: look at `process`, print, or write files.
 */
import { fieldName, type Trace } from './trace.js';
import { formatValue, headingOf, loopText, paramsText, verdictLine } from './format.js';
import { renderCompact } from './compact.js';

/** Width of the timeline block: GitHub's code view and an editor window both show it whole. */
export const MD_WIDTH = 120;

/** Text for Markdown prose: no emphasis from `__get_free_page`, no table breaks, no HTML. */
function mdText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/([|_*`[\]])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/\n/g, ' ');
}

/** A fence longer than any run of backticks in `body`. */
function fence(body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Leaves of a plain state as `path = value` lines, paths shown through `name` (raw by default). */
export function leaves(v: unknown, path = '', name: (p: string) => string = (p) => p): string[] {
  if (typeof v !== 'object' || v === null) return [`${name(path)} = ${formatValue(v)}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`, name));
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(x, path === '' ? k : `${path}.${k}`, name));
}

/** `trace.md`: header, the compact timeline, the verdict, the initial and final state, how to replay. */
export function renderMarkdown(trace: Trace): string {
  const n = trace.steps.length - 1;
  const params = paramsText(trace);
  const out: string[] = [];
  out.push(`# ${trace.model}: ${headingOf(trace)}`);
  out.push('');
  out.push(`- model: \`${trace.model}\`${params === '' ? '' : ` with \`${params}\``}`);
  out.push(`- property: \`${trace.property}\` (${trace.kind}): ${mdText(trace.description)}`);
  if (trace.measured?.witness === true && trace.loop === undefined) out.push(`- trace: ${n} steps, ${trace.switches} actor switches (the measured run starts at step ${trace.pIndex ?? 0}; it attains the worst-case latency)`);
  else if (trace.loop === undefined) out.push(`- trace: ${n} steps, ${trace.switches} actor switches (shortest, then fewest switches)`);
  else out.push(`- trace: ${mdText(loopText(trace))}, ${trace.switches} actor switches (a lasso: an infinite behaviour)`);
  out.push(`- rcucheck ${trace.rcucheck}`);
  out.push('');
  const timeline = renderCompact(trace, { color: false, width: MD_WIDTH }).trimEnd();
  const f = fence(timeline);
  out.push(`${f}text`, timeline, f);
  out.push('');
  out.push(`**${mdText(verdictLine(trace))}**`);
  out.push('');
  const name = (p: string): string => fieldName(trace, p);
  for (const [title, step] of [
    ['Initial state', trace.steps[0]],
    [`Final state (after step ${n})`, trace.steps[n]],
  ] as const) {
    if (step === undefined || (title !== 'Initial state' && n === 0)) continue;
    out.push(`<details><summary>${title}</summary>`);
    out.push('');
    const body = leaves(step.state, '', name).join('\n');
    const g = fence(body);
    out.push(g, body, g);
    out.push('');
    out.push('</details>');
    out.push('');
  }
  out.pop();
  out.push('');
  out.push('Re-execute this trace against the model with `rcucheck replay trace.itf.json`.');
  return out.join('\n') + '\n';
}
