/**
 * A terminal screen for tests: feeds bytes a command wrote to a headless xterm of a given size
 * and returns what a user would see, row by row, with whether each row is the continuation of a
 * wrapped line.
 *
 * Why this file exists: "the progress line redraws one row" and "the timeline does not wrap" are
 * claims about a screen, not about a byte stream; xterm.js's headless terminal interprets the
 * cursor moves, erases and auto-wrap exactly as a terminal does, so the tests check the screen.
 *
 * What it must not do: run commands (callers capture the bytes).
 */
import { createRequire } from 'node:module';

// @xterm/headless is CommonJS whose typings declare named exports that Node's ESM loader does not
// see (it offers only `default`); require() gives the typed module as it is.
const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as typeof import('@xterm/headless');

export interface ScreenRow {
  text: string;
  /** This row continues the row above (the terminal wrapped a line longer than its width). */
  wrapped: boolean;
}

/** The whole buffer (scrollback and viewport) after writing `bytes` to a `cols`×`rows` terminal. */
export function screenOf(bytes: string, cols: number, rows = 40): Promise<ScreenRow[]> {
  const term = new Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true, convertEol: false });
  return new Promise((resolve) => {
    term.write(bytes, () => {
      const buf = term.buffer.active;
      const out: ScreenRow[] = [];
      for (let i = 0; i < buf.length; i++) {
        const line = buf.getLine(i)!;
        out.push({ text: line.translateToString(true), wrapped: line.isWrapped });
      }
      while (out.length > 0 && out[out.length - 1].text === '' && !out[out.length - 1].wrapped) out.pop();
      term.dispose();
      resolve(out);
    });
  });
}
