/**
 * Compact timeline: a trace as one block per step that fits a given width, for terminals
 * narrower than the swimlane needs (about 160 columns for two CPUs) and for trace.md, which is
 * read on GitHub and in editors at about 120 columns.
 *
 * Layout: each step starts with its number, its actor and the kernel step (the action name,
 * `C3 add_ptr_to_bulk`) followed by the nondeterministic choice in brackets; the changed fields
 * (`display name: before → after`, `; `-separated) follow on continuation lines, indented to the
 * step column. Everything wraps at word boundaries (a change is split only when it alone is
 * wider than the line); the verdict closes the block.
 *
 * Guarantee: no line is wider than `width` visible columns (ANSI colours excluded), for any
 * width of at least MIN_WIDTH; narrower widths are treated as MIN_WIDTH.
 *
 * What it must not do: look at `process`, print, or write files; change what a step says (the
 * words come from format.ts, shared with the swimlane, trace.md and trace.html).
 */
import type { Trace } from './trace.js';
import { ANSI, changeLines, displayChoice, lanesOf, loopMarker, titleLine, verdictLine, visibleWidth, wrap } from './format.js';

export const MIN_WIDTH = 20;

export interface CompactOptions {
  /** ANSI colours. */
  readonly color: boolean;
  /** Maximum visible width of every line. */
  readonly width: number;
}

/** Pack `items` into lines of at most `max` columns, joined by `sep`; an item wider than a line is wrapped alone. */
export function pack(items: readonly string[], max: number, sep = '; '): string[] {
  const out: string[] = [];
  let cur = '';
  for (const it of items) {
    if (visibleWidth(it) > max) {
      if (cur !== '') out.push(cur);
      cur = '';
      out.push(...wrap(it, max));
    } else if (cur === '') cur = it;
    else if (visibleWidth(cur + sep + it) <= max) cur += sep + it;
    else {
      out.push(cur);
      cur = it;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

interface Piece {
  text: string;
  style: string;
}

/** The compact timeline as text (ANSI colours when `color`), every line at most `width` columns. */
export function renderCompact(trace: Trace, options: CompactOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  const paint = (p: Piece): string => (options.color && p.style !== '' ? p.style + p.text + ANSI.reset : p.text);
  const lanes = lanesOf(trace);
  const laneStyle = (actor: string): string => {
    const i = lanes.indexOf(actor);
    return i < 0 ? '' : ANSI.lanes[i % ANSI.lanes.length];
  };
  const numW = String(Math.max(0, trace.steps.length - 1)).length;
  const actorW = Math.max(0, ...lanes.map(visibleWidth));
  // Step text starts after `num  actor  `; when that leaves too little room, it starts on the
  // line after the number and actor, indented by two.
  let indent = numW + 2 + actorW + 2;
  const stacked = width - indent < 24;
  if (stacked) indent = 2;
  const avail = width - indent;
  const margin = ' '.repeat(indent);

  const lines: string[] = [];
  for (const l of wrap(titleLine(trace), width)) lines.push(paint({ text: l, style: ANSI.bold }));
  const rule = paint({ text: '─'.repeat(Math.min(width, 80)), style: ANSI.dim });
  lines.push(rule);
  for (const s of trace.steps) {
    const body: Piece[][] = [];
    if (s.index === 0) body.push([{ text: 'initial state', style: ANSI.dim }]);
    else {
      const name = wrap(s.name, avail);
      for (const l of name) body.push([{ text: l, style: ANSI.bold + laneStyle(s.actor) }]);
      const choice = displayChoice(s);
      if (choice !== '') {
        const text = `[${choice}]`;
        const last = body[body.length - 1];
        if (visibleWidth(name[name.length - 1] + ' ' + text) <= avail) last.push({ text: ' ' + text, style: ANSI.dim });
        else for (const l of wrap(text, avail)) body.push([{ text: l, style: ANSI.dim }]);
      }
      for (const l of pack(changeLines(trace, s), avail)) body.push([{ text: l, style: '' }]);
    }
    const num = String(s.index).padStart(numW);
    const actor = s.index === 0 ? '' : s.actor;
    const head = actor === '' ? num : `${num}  ${paint({ text: actor, style: ANSI.bold + laneStyle(s.actor) })}`;
    const headW = visibleWidth(num) + (actor === '' ? 0 : 2 + visibleWidth(actor));
    if (stacked) lines.push(head);
    body.forEach((pieces, r) => {
      const text = pieces.map(paint).join('');
      if (!stacked && r === 0) lines.push(head + ' '.repeat(indent - headW) + text);
      else lines.push(margin + text);
    });
    const mark = loopMarker(trace, s.index);
    if (mark !== null) for (const l of wrap(mark, width - indent)) lines.push(margin + paint({ text: l, style: ANSI.bold }));
  }
  lines.push(rule);
  wrap(verdictLine(trace), width - 2).forEach((l, i) => lines.push(paint({ text: (i === 0 ? '' : '  ') + l, style: ANSI.bold + ANSI.red })));
  return lines.join('\n') + '\n';
}
