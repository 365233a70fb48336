/**
 * HTML: a self-contained trace.html (inline CSS and JS, no network access).
 */
import type { Trace } from './trace.js';
import { renderMarkdown } from './timeline.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderHtml(trace: Trace): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(trace.model)}: ${esc(trace.property)}</title></head>
<body><pre>${esc(renderMarkdown(trace))}</pre></body></html>
`;
}
