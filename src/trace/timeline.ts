/**
 * Timeline: render a Trace as a per-actor swimlane, for the terminal and for `trace.md`.
 *
 * Why this file exists: a counterexample must read like a per-CPU timeline of kernel code. One
 * lane (column) per actor (`cpu0`, `cpu1`, `monitor0`, `gp`, …), one row per step: the step
 * number, the protocol step and kernel function (the action name, `C3 add_ptr_to_bulk`) in the
 * acting lane, the nondeterministic choice taken under it, and in the last column only the state
 * fields that changed (`before → after`). The final row names the violated property, gives the
 * one-sentence explanation and the number of actor switches.
 *
 * Layout decision: changed fields go in one right-hand column rather than inside the lanes, so
 * lanes stay as narrow as the step names and a 3-CPU trace still fits a terminal.
 *
 * What it must not do: look at `process` (the caller passes `color`), print, or write files.
 */
import type { Change, Trace, TraceStepView } from './trace.js';

export interface TimelineOptions {
  /** ANSI colours; the CLI passes `process.stdout.isTTY === true`. */
  readonly color: boolean;
  /** Lane width limit; longer step names and choices wrap (default 40). */
  readonly laneWidth?: number;
}

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

export function formatChange(c: Change): string {
  return `${c.path}: ${formatValue(c.before)} → ${formatValue(c.after)}`;
}

/** The closing sentence: which property broke, why, and how many actor switches the trace has. */
export function verdictLine(trace: Trace): string {
  const n = trace.steps.length - 1;
  const what =
    trace.kind === 'deadlock'
      ? 'deadlock'
      : trace.kind === 'error'
        ? `error in ${trace.property}`
        : `${trace.kind} ${trace.property} violated`;
  return `✗ ${what} after step ${n}: ${trace.explanation} (${n} steps, ${trace.switches} actor switches)`;
}

// ---------------------------------------------------------------------------------------------
// Terminal swimlane

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  lanes: ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[96m', '\x1b[95m', '\x1b[93m'],
};

interface Cell {
  text: string;
  style: string;
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

/** Break `text` into lines of at most `max` characters, after `, ` or a space where possible. */
export function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > max) {
    const head = rest.slice(0, max + 1);
    let cut = Math.max(head.lastIndexOf(', ') + 1, head.lastIndexOf(' '));
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

function cellLines(step: TraceStepView, max: number): Cell[] {
  const out: Cell[] = wrap(step.name, max).map((text) => ({ text, style: ANSI.bold }));
  const choice = displayChoice(step);
  if (choice !== '') out.push(...wrap(`[${choice}]`, max).map((text) => ({ text, style: ANSI.dim })));
  return out;
}

function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

/** The swimlane as terminal text (ANSI colours when `color`). */
export function renderTimeline(trace: Trace, options: TimelineOptions): string {
  const { color } = options;
  const maxLane = Math.max(8, options.laneWidth ?? 40);
  const paint = (s: string, style: string): string => (color && style !== '' ? style + s + ANSI.reset : s);
  const lanes = lanesOf(trace);
  const laneStyle = (i: number): string => ANSI.lanes[i % ANSI.lanes.length];
  const numW = Math.max(1, String(trace.steps.length - 1).length);
  const laneW = lanes.map((l) => {
    let w = width(l);
    for (const s of trace.steps) {
      if (s.index === 0 || s.actor !== l) continue;
      for (const c of cellLines(s, maxLane)) w = Math.max(w, width(c.text));
    }
    return w;
  });
  const sep = paint(' │ ', ANSI.dim);
  const lines: string[] = [];
  const params = Object.entries(trace.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  lines.push(paint(`${trace.model}${params === '' ? '' : ' ' + params}: ${trace.property} (${trace.kind})`, ANSI.bold));
  const header = [pad('#', numW), ...lanes.map((l, i) => paint(pad(l, laneW[i]), ANSI.bold + laneStyle(i))), paint('changed fields', ANSI.bold)];
  lines.push(header.join(sep));
  lines.push(paint(['─'.repeat(numW), ...laneW.map((w) => '─'.repeat(w)), '─'.repeat(14)].join('─┼─'), ANSI.dim));
  for (const s of trace.steps) {
    const lane = lanes.indexOf(s.actor);
    const cells = s.index === 0 ? [{ text: 'initial state', style: ANSI.dim }] : cellLines(s, maxLane);
    const changes = s.index === 0 ? [] : s.changes.map(formatChange);
    const rows = Math.max(s.index === 0 ? 1 : cells.length, changes.length);
    for (let r = 0; r < rows; r++) {
      const num = r === 0 ? String(s.index).padStart(numW) : ' '.repeat(numW);
      const cols = [num];
      if (s.index === 0) {
        // The initial state spans no lane; it is described in the changes column.
        cols.push(...lanes.map((_, i) => ' '.repeat(laneW[i])));
        cols.push(r === 0 ? paint('initial state', ANSI.dim) : '');
      } else {
        lanes.forEach((_, i) => {
          const c = i === lane ? cells[r] : undefined;
          cols.push(c ? paint(pad(c.text, laneW[i]), c.style + laneStyle(i)) : ' '.repeat(laneW[i]));
        });
        const ch = changes[r];
        cols.push(ch === undefined ? '' : ch);
      }
      lines.push(cols.join(sep).trimEnd());
    }
  }
  lines.push(paint(['─'.repeat(numW), ...laneW.map((w) => '─'.repeat(w)), '─'.repeat(14)].join('─┴─'), ANSI.dim));
  lines.push(paint(verdictLine(trace), ANSI.bold + ANSI.red));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text for a Markdown table cell: no table breaks, no emphasis from `__get_free_page`, no HTML. */
function mdCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/([|_*`[\]])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/\n/g, ' ');
}

function mdCode(s: string): string {
  return '`' + s.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}

/** Leaves of a plain state as `path = value` lines (for the initial state). */
export function leaves(v: unknown, path = ''): string[] {
  if (typeof v !== 'object' || v === null) return [`${path} = ${formatValue(v)}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(x, path === '' ? k : `${path}.${k}`));
}

/** `trace.md`: header, the swimlane as a Markdown table, the verdict, the initial state, how to replay. */
export function renderMarkdown(trace: Trace): string {
  const lanes = lanesOf(trace);
  const n = trace.steps.length - 1;
  const params = Object.entries(trace.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const out: string[] = [];
  out.push(`# ${trace.model}: ${trace.kind === 'deadlock' ? 'deadlock' : `${trace.property} violated`}`);
  out.push('');
  out.push(`- model: \`${trace.model}\`${params === '' ? '' : ` with \`${params}\``}`);
  out.push(`- property: \`${trace.property}\` (${trace.kind}): ${mdCell(trace.description)}`);
  out.push(`- trace: ${n} steps, ${trace.switches} actor switches (shortest, then fewest switches)`);
  out.push(`- rcucheck ${trace.rcucheck}`);
  out.push('');
  out.push(`| # | ${lanes.map(mdCell).join(' | ')} | changed fields |`);
  out.push(`|--:|${lanes.map(() => '---|').join('')}---|`);
  for (const s of trace.steps) {
    const lane = lanes.indexOf(s.actor);
    const cols = lanes.map((_, i) => {
      if (s.index === 0 || i !== lane) return '';
      return `**${mdCell(s.name)}**` + (displayChoice(s) === '' ? '' : `<br>_${mdCell(displayChoice(s))}_`);
    });
    const ch = s.index === 0 ? '_initial state_' : s.changes.map((c) => mdCode(formatChange(c))).join('<br>');
    out.push(`| ${s.index} | ${cols.join(' | ')}${lanes.length > 0 ? ' | ' : ''}${ch} |`);
  }
  out.push(`| ✗ | ${lanes.map(() => '').join(' | ')}${lanes.length > 0 ? ' | ' : ''}**${mdCell(trace.property)}**: ${mdCell(trace.explanation)} |`);
  out.push('');
  out.push(`**${mdCell(verdictLine(trace))}**`);
  out.push('');
  for (const [title, step] of [
    ['Initial state', trace.steps[0]],
    [`Final state (after step ${n})`, trace.steps[n]],
  ] as const) {
    if (step === undefined || (title !== 'Initial state' && n === 0)) continue;
    out.push(`<details><summary>${title}</summary>`);
    out.push('');
    out.push('```');
    out.push(...leaves(step.state));
    out.push('```');
    out.push('');
    out.push('</details>');
    out.push('');
  }
  out.pop();
  out.push('');
  out.push('Re-execute this trace against the model with `rcucheck replay trace.itf.json`.');
  return out.join('\n') + '\n';
}
