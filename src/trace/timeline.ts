/**
 * Timeline: render a Trace as a per-actor swimlane (terminal text or Markdown).
 *
 * Why this file exists: a counterexample must read like a per-CPU timeline of kernel code. One
 * column per actor, one row per step: the step number, the protocol step / kernel function (the
 * action name) in the acting column, the nondeterministic choice taken, and only the fields that
 * changed. The last row names the violated property, explains it in one sentence and gives the
 * number of actor switches.
 *
 * What it must not do: look at `process` (the caller decides `color`), print, or write files.
 */
import type { Trace } from './trace.js';

export interface TimelineOptions {
  /** ANSI colours (the CLI passes `process.stdout.isTTY`). */
  color: boolean;
}

export function renderMarkdown(trace: Trace): string {
  const lines: string[] = [];
  lines.push(`# ${trace.model}: ${trace.property} violated`);
  lines.push('');
  for (const s of trace.steps) {
    lines.push(`${s.index}. ${s.actor}: ${s.action}`);
    for (const c of s.changes) lines.push(`   - ${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  }
  lines.push('');
  lines.push(`**${trace.property}** (${trace.kind}): ${trace.explanation} (${trace.switches} actor switches)`);
  return lines.join('\n') + '\n';
}
