/**
 * Timeline: render a Trace for the terminal: the per-actor swimlane on wide terminals, the
 * compact timeline (compact.ts) on narrow ones.
 *
 * Why this file exists: a counterexample must read like a per-CPU timeline of kernel code. The
 * swimlane has one lane (column) per actor (`caller0`, `monitor0`, `worker0.1`, `gp`, …), one
 * row per step: the step number, the protocol step and kernel function (the action name,
 * `C3 add_ptr_to_bulk`) in the acting lane, the nondeterministic choice taken under it, and in
 * the last column only the state fields that changed (`display name: before → after`). The
 * final row names the violated property, gives the one-sentence explanation and the number of
 * actor switches.
 *
 * Layout decision: changed fields go in one right-hand column rather than inside the lanes, so
 * lanes stay as narrow as the step names. A two-CPU kvfree swimlane still needs about 160
 * columns, so `renderTimeline` switches to the compact timeline below COMPACT_BELOW columns;
 * with no width given (callers that do not know it) it keeps the swimlane.
 *
 * What it must not do: look at `process` (the caller passes `color` and `width`), print, or
 * write files.
 */
import type { Trace, TraceStepView } from './trace.js';
import { ANSI, changeLines, displayChoice, lanesOf, loopMarker, pad, titleLine, verdictLine, visibleWidth as width, wrap } from './format.js';
import { renderCompact } from './compact.js';

// The shared pieces, for importers of this module.
export { displayChoice, formatChange, formatValue, HEX_FROM, lanesOf, verdictLine, wrap } from './format.js';
export { renderMarkdown, leaves } from './markdown.js';

/** Terminals narrower than this get the compact timeline. */
export const COMPACT_BELOW = 160;

export interface TimelineOptions {
  /** ANSI colours; the CLI passes `process.stdout.isTTY === true`. */
  readonly color: boolean;
  /**
   * Terminal width in columns. Undefined: the swimlane (its natural width). Below COMPACT_BELOW:
   * the compact timeline, every line at most `width` visible columns. Otherwise the swimlane.
   */
  readonly width?: number;
  /** Swimlane lane width limit; longer step names and choices wrap (default 40). */
  readonly laneWidth?: number;
}

/** The timeline for a terminal of `options.width` columns (see TimelineOptions.width). */
export function renderTimeline(trace: Trace, options: TimelineOptions): string {
  if (options.width !== undefined && options.width < COMPACT_BELOW) return renderCompact(trace, { color: options.color, width: options.width });
  return renderSwimlane(trace, options);
}

// ---------------------------------------------------------------------------------------------
// Terminal swimlane

interface Cell {
  text: string;
  style: string;
}

function cellLines(step: TraceStepView, max: number): Cell[] {
  const out: Cell[] = wrap(step.name, max).map((text) => ({ text, style: ANSI.bold }));
  const choice = displayChoice(step);
  if (choice !== '') out.push(...wrap(`[${choice}]`, max).map((text) => ({ text, style: ANSI.dim })));
  return out;
}

/** The swimlane as terminal text (ANSI colours when `color`). */
export function renderSwimlane(trace: Trace, options: Pick<TimelineOptions, 'color' | 'laneWidth'>): string {
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
  lines.push(paint(titleLine(trace), ANSI.bold));
  const header = [pad('#', numW), ...lanes.map((l, i) => paint(pad(l, laneW[i]), ANSI.bold + laneStyle(i))), paint('changed fields', ANSI.bold)];
  lines.push(header.join(sep));
  lines.push(paint(['─'.repeat(numW), ...laneW.map((w) => '─'.repeat(w)), '─'.repeat(14)].join('─┼─'), ANSI.dim));
  for (const s of trace.steps) {
    const lane = lanes.indexOf(s.actor);
    const cells = s.index === 0 ? [{ text: 'initial state', style: ANSI.dim }] : cellLines(s, maxLane);
    const changes = s.index === 0 ? [] : changeLines(trace, s);
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
    const mark = loopMarker(trace, s.index);
    if (mark !== null) lines.push(paint(`${' '.repeat(numW)}${sep}${mark}`, ANSI.bold));
  }
  lines.push(paint(['─'.repeat(numW), ...laneW.map((w) => '─'.repeat(w)), '─'.repeat(14)].join('─┴─'), ANSI.dim));
  lines.push(paint(verdictLine(trace), ANSI.bold + ANSI.red));
  return lines.join('\n') + '\n';
}

