/**
 * Format: the text pieces every trace renderer shares (values, changed fields with their display
 * names, choices, the verdict sentence, lane order, width-aware wrapping).
 *
 * Why this file exists: the swimlane (timeline.ts), the compact timeline (compact.ts), trace.md
 * (markdown.ts) and trace.html (html.ts) must say the same thing in the same words; they differ
 * only in layout.
 *
 * Widths are visible terminal columns, measured with `string-width` (sindresorhus): the traces
 * contain `→`, `✗`, `∅`, `─` and, in the model's own strings, any Unicode; counting code points
 * or UTF-16 units would misjudge wide and zero-width characters, and ANSI colour codes must
 * count as nothing.
 *
 * What it must not do: look at `process`, print, or write files.
 */
import stringWidth from 'string-width';
import { fieldName, type Change, type Trace, type TraceStepView } from './trace.js';

/** Actors in lane order: natural order of their names (`cpu2` before `cpu10`), `init` excluded. */
export function lanesOf(trace: Pick<Trace, 'steps'>): string[] {
  const seen = new Set<string>();
  for (const s of trace.steps) if (s.index > 0) seen.add(s.actor);
  return [...seen].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Integers at least this large are shown in hex: in bounded kernel models they are addresses. */
export const HEX_FROM = 0x10000;

/**
 * A leaf value as kernel developers read it: enums and strings bare, integers of HEX_FROM and
 * above in hex (`0x180008`: addresses and address-carrying words), the rest as JSON.
 * (ITF keeps every value exact; this is display only.)
 */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '∅';
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= HEX_FROM) {
    return (v < 0 ? '-0x' : '0x') + Math.abs(v).toString(16);
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(',')}]`;
  return JSON.stringify(v);
}

/** `name: before → after`; `name` defaults to the raw path (pass the display name). */
export function formatChange(c: Change, name: string = c.path): string {
  return `${name}: ${formatValue(c.before)} → ${formatValue(c.after)}`;
}

/** A step's changed fields as shown in `trace` (display names when the model declares them). */
export function changeLines(trace: Pick<Trace, 'names'>, step: Pick<TraceStepView, 'changes'>): string[] {
  return step.changes.map((c) => formatChange(c, fieldName(trace, c.path)));
}

/** The closing sentence: which property broke, why, and how many actor switches the trace has. */
export function verdictLine(trace: Trace): string {
  const n = trace.steps.length - 1;
  if (trace.measured?.witness === true) return `✓ latency witness for ${trace.property} (instance ${trace.instance ?? 0}): ${trace.explanation} (${trace.loop === undefined ? `${n} steps` : loopText(trace)}; ${trace.switches} actor switches)`;
  if (trace.kind === 'liveness' && trace.loop === undefined) return `✗ liveness ${trace.property} violated after step ${n}: ${trace.explanation} (${n} steps, ${trace.switches} actor switches)`;
  if (trace.kind === 'liveness') return `✗ liveness ${trace.property} violated: ${trace.explanation} (${loopText(trace)}; ${trace.switches} actor switches)`;
  const what =
    trace.kind === 'deadlock'
      ? 'deadlock'
      : trace.kind === 'error'
        ? `error in ${trace.property}`
        : `${trace.kind} ${trace.property} violated`;
  return `✗ ${what} after step ${n}: ${trace.explanation} (${n} steps, ${trace.switches} actor switches)`;
}

/** What a trace shows, for headings: `P violated (liveness)`, `deadlock`, or `latency witness for P (instance i)`. */
export function headingOf(trace: Pick<Trace, 'kind' | 'property' | 'measured' | 'instance'>): string {
  if (trace.measured?.witness === true) return `latency witness for ${trace.property} (instance ${trace.instance ?? 0})`;
  return trace.kind === 'deadlock' ? 'deadlock' : `${trace.property} violated${trace.kind === 'liveness' ? ' (liveness)' : ''}`;
}

/** `model p=v ...: property (kind)`, the first line of every rendering. */
/** A lasso's shape in words: where its cycle starts and what repeats (liveness traces). */
export function loopText(trace: Pick<Trace, 'steps' | 'loop' | 'pIndex'>): string {
  const n = trace.steps.length - 1;
  const loop = trace.loop ?? n;
  const p = trace.pIndex === undefined ? '' : `p at step ${trace.pIndex}, `;
  return loop === n
    ? `lasso of ${n} steps: ${p}then it stutters at step ${n} forever (no action is enabled)`
    : `lasso of ${n} steps: ${p}loop starts at step ${loop}, steps ${loop + 1}..${n} repeat forever`;
}

/**
 * The marker a timeline prints after step `index` of a lasso, or null: after the loop's first
 * state ("the cycle starts here"), and after the last step (back to the loop's first state).
 */
export function loopMarker(trace: Pick<Trace, 'steps' | 'loop'>, index: number): string | null {
  if (trace.loop === undefined) return null;
  const n = trace.steps.length - 1;
  if (trace.loop === n) return index === n ? `↻ stutters here forever (no action is enabled)` : null;
  if (index === trace.loop) return `↻ loop starts here: steps ${trace.loop + 1}..${n} repeat forever`;
  if (index === n) return `↻ back to the state of step ${trace.loop}; the loop repeats`;
  return null;
}

export function titleLine(trace: Trace): string {
  const params = paramsText(trace);
  return `${trace.model}${params === '' ? '' : ' ' + params}: ${trace.property} (${trace.kind})`;
}

export function paramsText(trace: Pick<Trace, 'params'>): string {
  return Object.entries(trace.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * The choice as shown under the step: a choice that only repeats the actor (`phil0` taken by
 * `phil0`) says nothing and is dropped, and a leading `actor, ` is stripped
 * (`caller0, C3 fails` by `caller0` shows `C3 fails`).
 */
export function displayChoice(step: Pick<TraceStepView, 'choice' | 'actor'>): string {
  if (step.choice === step.actor) return '';
  const prefix = `${step.actor}, `;
  return step.choice.startsWith(prefix) ? step.choice.slice(prefix.length) : step.choice;
}

/** Visible width in terminal columns (ANSI codes count 0, wide characters 2). */
export function visibleWidth(s: string): number {
  return stringWidth(s);
}

/**
 * Break `text` into lines of at most `max` visible columns, after `, ` or a space where
 * possible, else inside a word. Every line is at most `max` wide (`max` ≥ 2; a single character
 * wider than `max` still gets a line of its own).
 */
export function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = [...text];
  while (stringWidth(rest.join('')) > max) {
    // The longest prefix that fits.
    let fit = 0;
    let w = 0;
    while (fit < rest.length) {
      const cw = stringWidth(rest[fit]);
      if (w + cw > max) break;
      w += cw;
      fit++;
    }
    if (fit === 0) fit = 1;
    // Prefer to cut after ", " or at a space within (or just after) that prefix.
    const head = rest.slice(0, fit + 1).join('');
    const cut = Math.max(head.lastIndexOf(', ') + 1, head.lastIndexOf(' '));
    const cutCps = cut > 0 ? [...head.slice(0, cut)].length : 0;
    const n = cutCps > 0 && cutCps <= fit ? cutCps : fit;
    out.push(rest.slice(0, n).join('').trimEnd());
    rest = [...rest.slice(n).join('').trimStart()];
  }
  const last = rest.join('');
  if (last !== '' || out.length === 0) out.push(last);
  return out;
}

/** `s` padded with spaces to `w` visible columns. */
export function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - stringWidth(s)));
}

/** The terminal colours of the timelines (lane colours cycle by actor). */
export const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  lanes: ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[96m', '\x1b[95m', '\x1b[93m'],
};
