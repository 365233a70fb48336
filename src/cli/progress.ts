/**
 * The progress line on stderr for long runs.
 *
 * Why this file exists: a search can run for minutes. On a terminal the line (distinct states,
 * states/s, depth, frontier, memory, elapsed) is redrawn in place a few times a second, cut to
 * the terminal's width so a redraw never wraps into stale rows; in a pipe or CI log the
 * configuration is named once and a short plain line follows every ~5 s. `--quiet` picks the
 * no-op reporter. The reporter is chosen once, up front (architecture rule 8).
 *
 * The in-place redraw is `log-update`'s (the library the field uses for it: it erases exactly the
 * rows the previous frame took and puts synchronised-output markers around each frame). The width
 * is read at each redraw, so after a resize the next frame is cut to the new width. It is created
 * with `showCursor: true`, so it never hides the cursor and never installs its exit hook (signal
 * handling stays in src/cli.ts). Lines are ASCII we
 * compose (labels are model ids and validated parameter values), so a character is a column and
 * cutting the label to the width needs no width library.
 *
 * What it must not do: touch `process` (it writes through the CliContext), or print to stdout
 * (stdout carries `--json`).
 */
import { createLogUpdate } from 'log-update';
import type { Progress } from '../engine/explore.js';
import type { CliContext } from './context.js';

export interface ProgressReporter {
  onProgress(p: Progress): void;
  /** Clear the in-place line (TTY) before the final output. */
  done(): void;
}

const NOOP: ProgressReporter = { onProgress: () => undefined, done: () => undefined };

function fmt(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** One progress line (no newline). `rate` is distinct states per second. */
export function progressLine(p: Progress, rate: number): string {
  return (
    `${fmt(p.distinct)} distinct  ${fmt(rate)} states/s  depth ${p.depth}  frontier ${fmt(p.frontier)}  ` +
    `${(p.bytes / 1048576).toFixed(0)} MB  ${elapsedText(p.elapsedMs)}`
  );
}

/**
 * @param label printed before each line (e.g. the model and parameters).
 * @param periodMs non-TTY interval between lines (default 5 s).
 */
export function progressReporter(
  ctx: Pick<CliContext, 'stderr' | 'stderrIsTTY' | 'stderrColumns'>,
  quiet: boolean,
  label: string,
  periodMs = 5000,
): ProgressReporter {
  if (quiet) return NOOP;
  const tty = ctx.stderrIsTTY;
  const minGap = tty ? 200 : periodMs;
  let last: Progress | null = null;
  let lastShownAt = 0;
  let named = false;
  // log-update writes to a stream; this one forwards to the host and reports the current width.
  const stream = {
    isTTY: true,
    get columns(): number {
      return ctx.stderrColumns ?? 80;
    },
    write(s: string): boolean {
      ctx.stderr(s);
      return true;
    },
  };
  const redraw = tty ? createLogUpdate(stream as unknown as NodeJS.WritableStream, { showCursor: true }) : null;
  return {
    onProgress(p) {
      if (p.elapsedMs - lastShownAt < minGap) return;
      const dt = last === null ? p.elapsedMs : p.elapsedMs - last.elapsedMs;
      const dn = last === null ? p.distinct : p.distinct - last.distinct;
      const rate = dt > 0 ? (dn * 1000) / dt : 0;
      last = p;
      lastShownAt = p.elapsedMs;
      const progress = progressLine(p, rate);
      if (redraw !== null) {
        // The figures first when the label does not fit: they are what changes.
        const width = Math.max(20, stream.columns - 1);
        const full = `${label}: ${progress}`;
        redraw(full.length <= width ? full : progress.length < width - 5 ? `${label.slice(0, width - progress.length - 5)}...: ${progress}` : progress.slice(0, width));
      } else {
        if (!named) ctx.stderr(`progress of ${label}:\n`);
        named = true;
        ctx.stderr(`  ${progress}\n`);
      }
    },
    done() {
      redraw?.clear();
      redraw?.done();
    },
  };
}
