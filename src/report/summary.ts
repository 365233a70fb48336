/**
 * The result of one `check` (check/result.ts) rendered: as summary.json, timings.json and text.
 *
 * Why this file exists: the same facts reach several audiences. `--json` prints the result object
 * as it is. summary.json is written with sorted keys and with timings and memory moved into a
 * separate timings.json, so two runs of the same configuration diff clean. The text form is what
 * a person reads.
 *
 * What it must not do: run searches, write files, or touch `process`.
 */
import { join } from 'node:path';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { Verdict } from '../engine/outcome.js';
import type { CheckResult, ViolationJson } from '../check/result.js';

/** Recursively sort object keys (arrays keep their order). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = sortKeys(x);
  }
  return out;
}

/** JSON with sorted keys, two-space indent and a final newline: stable across runs. */
export function stableJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 2)}\n`;
}

/**
 * summary.json: the result without timings (duration, memory: those are in timings.json, which
 * git ignores), traces replaced by their files, and sorted keys, so that two runs of one
 * configuration produce identical text and regenerating a committed report changes no file.
 */
export function summaryFile(r: CheckResult): string {
  const { durationMs, bytes, memory, ...stats } = r.stats;
  const strip = (v: ViolationJson): Omit<ViolationJson, 'trace'> => {
    const { trace: _trace, ...rest } = v;
    void _trace;
    return rest;
  };
  const { violation: _v, reportDir: _d, ...rest } = r;
  void _v;
  void _d;
  void durationMs;
  void bytes;
  void memory;
  // Latency witnesses: like violations, their steps live in their trace files.
  const liveness =
    r.liveness === undefined
      ? undefined
      : {
          ...r.liveness,
          ...(r.liveness.latency === undefined
            ? {}
            : {
                latency: r.liveness.latency.map((l) => {
                  if (l.witness === undefined) return l;
                  const { trace: _t, ...w } = l.witness;
                  void _t;
                  return { ...l, witness: w };
                }),
              }),
        };
  return stableJson({ ...rest, ...(liveness === undefined ? {} : { liveness }), stats, violations: r.violations.map(strip) });
}

/** timings.json: what differs between two runs of one configuration (duration, memory). */
export function timingsFile(r: CheckResult): string {
  const { durationMs, bytes, memory } = r.stats;
  return stableJson({ durationMs: Math.round(durationMs), bytes, memory });
}

function paramText(params: Record<string, number | string>): string {
  const s = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return s === '' ? '' : ` ${s}`;
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface TextOptions {
  /** The drawn timeline of a violation (undefined: the plain step list). */
  timeline?: (v: ViolationJson) => string | undefined;
  /** The configuration in a few words (the parameters that differ from their defaults); default: every parameter. */
  config?: string;
  /** Terminal width: long lines are wrapped at spaces with an indent, so the terminal never wraps them. */
  width?: number;
}

/** The readable summary printed without `--json`. */
export function renderText(r: CheckResult, opts: TextOptions = {}): string {
  const timeline = opts.timeline ?? (() => undefined);
  const lines: string[] = [];
  const config = opts.config ?? `${r.model}${paramText(r.params)}`;
  const rest = opts.config === undefined ? '' : '; other parameters at their defaults';
  lines.push(`rcucheck ${r.rcucheck}: ${config} (${r.options.strategy}, ${r.options.seen}${rest})`);
  const head: Record<Verdict, string> = {
    ok: 'OK: every checked property holds within the stated bounds',
    violation: 'VIOLATION',
    deadlock: 'DEADLOCK',
    error: 'ERROR',
    incomplete: 'INCOMPLETE: a limit was hit or the run was interrupted; this is not a proof',
  };
  lines.push(`verdict: ${head[r.verdict]}${r.incompleteReason !== undefined ? ` (${r.incompleteReason})` : ''}`);
  if (r.error !== undefined) lines.push(`  ${r.error.code}: ${r.error.message}`);
  for (const v of r.violations) {
    lines.push('');
    if (v.loop !== undefined) {
      const n = v.length;
      const shape = v.loop === n ? `stutters at step ${n} forever` : `loops from step ${v.loop}: steps ${v.loop + 1}..${n} repeat forever`;
      lines.push(`property ${v.property} (liveness) violated by a lasso of ${n} steps (p at step ${v.pIndex ?? 0}; ${shape}):`);
    } else lines.push(`${v.kind === 'deadlock' ? 'deadlock' : `property ${v.property} (${v.kind}) violated`} after ${v.length} steps:`);
    lines.push(`  ${v.explanation}`);
    if (v.traceError !== undefined) lines.push(`  trace unavailable: ${v.traceError.code}: ${v.traceError.message}`);
    const drawn = timeline(v);
    if (drawn !== undefined) {
      lines.push(drawn.replace(/\n$/, ''));
    } else {
      const width = String(v.trace.length).length;
      for (const s of v.trace) {
        const changes = s.changes.map((c) => `${c.path}: ${valueText(c.before)} -> ${valueText(c.after)}`).join(', ');
        const who = s.index === 0 ? 'init' : `${s.actor}: ${s.action}`;
        lines.push(`  ${String(s.index).padStart(width)}  ${who}${changes === '' ? '' : `   ${changes}`}`);
      }
    }
    if (v.files !== undefined) {
      // Printed for the person at the prompt: paths from the working directory, as the report line is.
      const dir = r.reportDir;
      lines.push(`  trace files: ${Object.values(v.files).map((f) => (dir === undefined ? f : join(dir, f))).join(', ')}`);
    }
  }
  lines.push('');
  const st = r.stats;
  lines.push(
    `states: ${st.distinct} distinct, ${st.generated} generated, depth ${st.maxDepth}, peak frontier ${st.peakFrontier}, ` +
      `${(st.bytes / 1048576).toFixed(1)} MB (${st.memory.bytesPerState} bytes/state), ${formatDuration(st.durationMs)}`,
  );
  if (r.symmetry.used) {
    lines.push(`symmetry: ${r.symmetry.description} (group of ${r.symmetry.group}); the ${st.distinct} stored states stand for ${st.represented}`);
  }
  if (r.liveness !== undefined) {
    lines.push(`liveness: state graph of ${r.liveness.edges} edges recorded (${(r.liveness.bytes / 1048576).toFixed(1)} MB)`);
    for (const n of r.liveness.notes) lines.push(`  ${n}`);
    for (const l of r.liveness.latency ?? []) {
      lines.push(`latency: ${l.property} instance ${l.instance}: at most ${l.worst === 'unbounded' ? 'unbounded' : l.worst} \`${l.action}\` step(s) between p and q${l.why === undefined ? '' : ` (${l.why})`}`);
      const w = l.witness;
      if (w !== undefined) {
        const shape = w.loop === undefined ? `${w.length} steps, measured from step ${w.pIndex}` : `a lasso of ${w.length} steps, p at step ${w.pIndex}, loop from step ${w.loop}`;
        const where = w.files?.['trace.itf.json'] === undefined ? '' : `; ${w.files['trace.itf.json']}`;
        lines.push(`  attained by ${shape}${where}: ${w.traceError === undefined ? w.explanation : `${w.traceError.code} ${w.traceError.message}`}`);
        if (w.trace.length > 0) lines.push(`    ${w.trace.slice(w.pIndex + 1).map((s) => `${s.index} ${s.action}`).join(' → ')}`);
      }
    }
  }
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  if (st.memory.spilled > 0) lines.push(`frontier: ${(st.memory.spilled / 1048576).toFixed(1)} MB spilled to disk at the end`);
  if (r.fpCollisionProbability !== undefined) {
    lines.push(`fp64: estimated probability of a missed state ${r.fpCollisionProbability.toExponential(2)}`);
  }
  if (r.properties.length > 0) lines.push(`properties: ${r.properties.map((p) => `${p.name} ${p.status}`).join(', ')}`);
  lines.push(`coverage: ${r.coverage.fired}/${r.coverage.actions} actions fired`);
  if (r.neverFired.length > 0) {
    lines.push('  never fired (a guard never true at these bounds?):');
    for (const a of r.neverFired) lines.push(`    - ${a}`);
  }
  if (r.reportDir !== undefined) lines.push(`report: ${r.reportDir}`);
  return `${lines
    .join('\n')
    .split('\n')
    .map((l) => fitLine(l, opts.width))
    .join('\n')}\n`;
}

/**
 * One printed line, wrapped at spaces to `width` columns (wrap-ansi: display width, colours kept),
 * its continuation rows indented two more than the line; unchanged without a width. Rows of a
 * drawn timeline are already cut to the width and pass through.
 */
function fitLine(line: string, width: number | undefined): string {
  if (width === undefined || stringWidth(line) <= width) return line;
  const indent = ' '.repeat(Math.min(/^ */.exec(line)![0].length + 2, Math.floor(width / 2)));
  return wrapAnsi(line, width - indent.length, { hard: true, trim: false })
    .split('\n')
    .map((row, i) => (i === 0 ? row : `${indent}${row.trimStart()}`).trimEnd())
    .join('\n');
}
