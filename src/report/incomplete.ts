/**
 * How a report written by an interrupted run says so (issue 32, "an interrupted command writes
 * what it has, marked incomplete"): a banner under the Markdown's title, and an `incomplete`
 * reason in its JSON.
 *
 * Why this file exists: tags, report, sweep and history each render their own report; the mark
 * that makes a partial one unmistakable is the same for all, so it is written once. A JSON
 * report that is an array becomes `{ incomplete, rows }`: a reader that expects the complete
 * array fails loudly instead of taking a partial table for the whole one.
 *
 * What it must not do: decide when a run is incomplete, or write files.
 */

/** The Markdown `md` with a banner saying why it is incomplete, under its first heading. */
export function markdownIncomplete(md: string, reason: string): string {
  const banner = `> **Incomplete: ${reason}.** Only what was done before it stopped is below; rerun the command for the whole report.\n`;
  const lines = md.split('\n');
  const h = lines.findIndex((l) => l.startsWith('# '));
  if (h < 0) return `${banner}\n${md}`;
  return [...lines.slice(0, h + 1), '', banner.trimEnd(), ...lines.slice(h + 1)].join('\n');
}

/** The JSON text `json` (an object or an array) marked incomplete, with two-space indentation. */
export function jsonIncomplete(json: string, reason: string): string {
  const v = JSON.parse(json) as unknown;
  const marked = Array.isArray(v) ? { incomplete: reason, rows: v } : { incomplete: reason, ...(v as object) };
  return `${JSON.stringify(marked, null, 2)}\n`;
}
