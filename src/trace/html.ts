/**
 * HTML: a self-contained `trace.html` for one counterexample.
 *
 * Why this file exists: a trace is shared by attaching a file to a bug report or a mail; the page
 * must open from disk with no network access. It shows the violated property (highlighted
 * banner), the timeline and a state inspector: clicking a row (or ArrowUp/ArrowDown, or the URL
 * fragment `#step=N`) shows that step's full state as pretty JSON with the changed fields
 * highlighted (hover shows `before → after`). By default the last step (the violation) is shown.
 *
 * The timeline has two views of the same rows, switched by the buttons above it: "steps" (the
 * default; the compact timeline's columns: #, actor, kernel step and choice, changed fields) and
 * "lanes" (the swimlane: one column per actor). Changed fields use the model's display names
 * (kernel terms); the inspector's JSON keeps the raw field names, as trace.itf.json does, and
 * names the display name on hover.
 *
 * Layout rule: nothing is clipped or scrolls sideways at 1400 px for a two-CPU kvfree trace
 * (test/browser/trace-html.test.ts checks it): cells wrap (`overflow-wrap: anywhere`) instead of
 * `nowrap`, and below 1100 px the inspector moves under the timeline.
 *
 * The table is rendered here, so the page reads without JavaScript; the inline script adds the
 * inspector and sets `data-rendered="true"` on <html> when done (the browser test waits on it).
 * The trace data is embedded as JSON in a `<script type="application/json">` element, with `<`
 * escaped so no state value can close the element.
 *
 * What it must not do: reference any external resource (CSS, fonts, scripts, images), or touch
 * the file system.
 */
import type { Trace } from './trace.js';
import { changeLines, displayChoice, HEX_FROM, headingOf, lanesOf, loopMarker, loopText, verdictLine } from './format.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe to embed in a script element. */
function embedJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { --bg:#fff; --fg:#1d1f21; --dim:#6a737d; --line:#d0d7de; --sel:#fff8c5; --chg:#ffe08a; --bad:#cf222e; --badbg:#ffebe9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0 0 6px; }
.meta { color: var(--dim); margin: 0; }
.meta code { color: var(--fg); }
#verdict { margin-top: 10px; padding: 8px 12px; border: 1px solid var(--bad); border-left-width: 6px; background: var(--badbg); color: var(--bad); font-weight: 600; }
main { display: flex; gap: 16px; padding: 16px 20px; align-items: flex-start; }
#lanes { flex: 1 1 auto; min-width: 0; }
#inspector { flex: 0 0 26em; position: sticky; top: 8px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 0; max-height: calc(100vh - 24px); overflow-y: auto; overflow-x: hidden; }
@media (max-width: 1100px) { main { flex-direction: column; align-items: stretch; } #inspector { position: static; flex: none; max-height: none; } }
#views { margin: 0 0 8px; }
#views button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); background: #f6f8fa; border-radius: 6px; cursor: pointer; }
#views button[aria-pressed="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
#lanes[data-view="steps"] #swimlane, #lanes[data-view="lanes"] #steps { display: none; }
#inspector h2 { font-size: 15px; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; }
td { overflow-wrap: anywhere; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.num { text-align: right; color: var(--dim); width: 3em; }
td.lane { min-width: 6em; max-width: 20em; }
td.actor { white-space: nowrap; font-weight: 600; }
td.step .step { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td.step .choice { display: block; color: var(--dim); font-style: italic; }
th.lane { white-space: nowrap; }
td.lane .step { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td.lane .choice { display: block; color: var(--dim); font-style: italic; }
td.changes { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
td.changes div { padding-left: 1.5em; text-indent: -1.5em; }
tbody tr.step-row { cursor: pointer; }
tbody tr.step-row:hover { background: #f6f8fa; }
tbody tr.selected, tbody tr.selected:hover, tbody tr.current, tbody tr.current:hover { background: var(--sel); }
tbody tr.lane-row { cursor: pointer; }
tbody tr.violation td { border-top: 2px solid var(--bad); }
tbody tr.violation td.num { color: var(--bad); font-weight: 700; }
tbody tr.verdict-row td { color: var(--bad); background: var(--badbg); font-weight: 600; }
pre#state { margin: 0; font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
pre#state .changed { background: var(--chg); outline: 1px solid #d4a72c; border-radius: 2px; }
pre#state .key { color: #0550ae; }
pre#state .str { color: #0a3069; }
pre#state .num { color: #953800; }
pre#state .bool { color: #8250df; }
pre#state .hex { color: var(--dim); }
#changes-list { margin: 0 0 8px; padding-left: 18px; font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.lane-0 { color: #0969da; } .lane-1 { color: #8250df; } .lane-2 { color: #9a6700; } .lane-3 { color: #1a7f37; }
.lane-4 { color: #bc4c00; } .lane-5 { color: #bf3989; } .lane-6 { color: #0550ae; } .lane-7 { color: #57606a; }
footer { padding: 8px 20px 20px; color: var(--dim); font-size: 12.5px; }
`;

// The inspector. Plain ES2017, no dependencies; DOM is built with textContent only.
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var HEX_FROM = ${HEX_FROM};
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.step-row'));
  var laneRows = Array.prototype.slice.call(document.querySelectorAll('tr.lane-row'));
  var names = data.names || {};
  var section = document.getElementById('lanes');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('#views button'));
  var pre = document.getElementById('state');
  var title = document.getElementById('inspector-title');
  var list = document.getElementById('changes-list');
  var inspector = document.getElementById('inspector');
  var current = -1;

  function span(cls, text) { var s = document.createElement('span'); if (cls) s.className = cls; s.textContent = text; return s; }
  function big(v) { return typeof v === 'number' && Math.abs(v) >= HEX_FROM && v % 1 === 0; }
  function hex(v) { return (v < 0 ? '-0x' : '0x') + Math.abs(v).toString(16); }
  function fmt(v) { return typeof v === 'string' ? v : big(v) ? hex(v) : JSON.stringify(v); }

  function render(v, path, indent, out, changed) {
    var pad = '  '.repeat(indent + 1), end = '  '.repeat(indent);
    if (Array.isArray(v)) {
      if (v.length === 0) { out.appendChild(document.createTextNode('[]')); return; }
      if (v.every(function (x) { return x === null || typeof x !== 'object'; })) {
        // Arrays of scalars stay on one line: [2, 2, 0].
        out.appendChild(document.createTextNode('['));
        v.forEach(function (x, i) {
          if (i > 0) out.appendChild(document.createTextNode(', '));
          leafOrNode(x, path + '[' + i + ']', indent + 1, out, changed);
        });
        out.appendChild(document.createTextNode(']'));
        return;
      }
      out.appendChild(document.createTextNode('[\\n'));
      v.forEach(function (x, i) {
        out.appendChild(document.createTextNode(pad));
        leafOrNode(x, path + '[' + i + ']', indent + 1, out, changed);
        out.appendChild(document.createTextNode(i < v.length - 1 ? ',\\n' : '\\n'));
      });
      out.appendChild(document.createTextNode(end + ']'));
    } else if (v !== null && typeof v === 'object') {
      var keys = Object.keys(v);
      if (keys.length === 0) { out.appendChild(document.createTextNode('{}')); return; }
      out.appendChild(document.createTextNode('{\\n'));
      keys.forEach(function (k, i) {
        out.appendChild(document.createTextNode(pad));
        out.appendChild(span('key', JSON.stringify(k)));
        out.appendChild(document.createTextNode(': '));
        leafOrNode(v[k], path === '' ? k : path + '.' + k, indent + 1, out, changed);
        out.appendChild(document.createTextNode(i < keys.length - 1 ? ',\\n' : '\\n'));
      });
      out.appendChild(document.createTextNode(end + '}'));
    }
  }
  function leafOrNode(v, path, indent, out, changed) {
    if (v !== null && typeof v === 'object') { render(v, path, indent, out, changed); return; }
    var cls = typeof v === 'string' ? 'str' : typeof v === 'number' ? 'num' : 'bool';
    var s = span(cls, JSON.stringify(v));
    s.setAttribute('data-path', path);
    var c = changed[path];
    if (c) { s.className += ' changed'; s.title = (names[path] ? names[path] + ': ' : '') + fmt(c.before) + ' \\u2192 ' + fmt(c.after); }
    else if (names[path]) s.title = names[path];
    out.appendChild(s);
    if (big(v)) out.appendChild(span('hex', ' /* ' + hex(v) + ' */'));
  }

  function select(i) {
    if (i < 0 || i >= data.steps.length) return;
    current = i;
    rows.forEach(function (r) { r.classList.toggle('selected', Number(r.getAttribute('data-step')) === i); });
    laneRows.forEach(function (r) { r.classList.toggle('current', Number(r.getAttribute('data-step')) === i); });
    var step = data.steps[i];
    var changed = {};
    step.changes.forEach(function (c) { changed[c.path] = c; });
    title.textContent = i === 0 ? 'Step 0: initial state'
      : 'Step ' + i + ': ' + step.actor + ' \\u2014 ' + step.action + (i === data.steps.length - 1 ? '  (violation)' : '');
    list.textContent = '';
    step.changes.forEach(function (c) {
      var li = document.createElement('li');
      li.textContent = (names[c.path] || c.path) + ': ' + fmt(c.before) + ' \\u2192 ' + fmt(c.after);
      list.appendChild(li);
    });
    pre.textContent = '';
    var frag = document.createDocumentFragment();
    render(step.state, '', 0, frag, changed);
    pre.appendChild(frag);
    inspector.setAttribute('data-step', String(i));
    inspector.setAttribute('data-changed', String(step.changes.length));
  }

  function view(v) {
    section.setAttribute('data-view', v);
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === v)); });
  }
  buttons.forEach(function (b) { b.addEventListener('click', function () { view(b.getAttribute('data-view')); }); });
  rows.concat(laneRows).forEach(function (r) {
    r.addEventListener('click', function () { select(Number(r.getAttribute('data-step'))); history.replaceState(null, '', '#step=' + r.getAttribute('data-step')); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'j') { select(Math.min(current + 1, data.steps.length - 1)); e.preventDefault(); }
    if (e.key === 'ArrowUp' || e.key === 'k') { select(Math.max(current - 1, 0)); e.preventDefault(); }
  });
  var m = /step=(\\d+)/.exec(location.hash);
  select(m ? Number(m[1]) : data.steps.length - 1);
  document.documentElement.setAttribute('data-rendered', 'true');
})();
`;

/** The trace.html page for a trace. */
export function renderHtml(trace: Trace): string {
  const lanes = lanesOf(trace);
  const n = trace.steps.length - 1;
  const params = Object.entries(trace.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const heading = headingOf(trace);
  const stepCell = (s: Trace['steps'][number]): string => {
    const shown = displayChoice(s);
    return `<span class="step">${esc(s.name)}</span>${shown === '' ? '' : `<span class="choice">${esc(shown)}</span>`}`;
  };
  const changesCell = (s: Trace['steps'][number]): string =>
    s.index === 0 ? '<div><em>initial state</em></div>' : changeLines(trace, s).map((c) => `<div>${esc(c)}</div>`).join('');
  const verdictCell = `${esc(trace.property)}: ${esc(trace.explanation)}`;
  // Steps view: #, actor, kernel step and choice, changed fields.
  const stepRows: string[] = [];
  // Lanes view: #, one column per actor, changed fields.
  const laneRows: string[] = [];
  for (const s of trace.steps) {
    const lane = lanes.indexOf(s.actor);
    const violation = s.index === n ? ' violation' : '';
    const attrs = `data-step="${s.index}" data-actor="${esc(s.actor)}"`;
    const actor = s.index === 0 ? '<td class="actor"></td>' : `<td class="actor lane-${lane % 8}">${esc(s.actor)}</td>`;
    const step = s.index === 0 ? '<td class="step"></td>' : `<td class="step lane-${lane % 8}">${stepCell(s)}</td>`;
    stepRows.push(`<tr class="step-row${violation}" ${attrs}><td class="num">${s.index}</td>${actor}${step}<td class="changes">${changesCell(s)}</td></tr>`);
    const cells = lanes.map((_, i) => (s.index === 0 || i !== lane ? '<td class="lane"></td>' : `<td class="lane lane-${i % 8}">${stepCell(s)}</td>`));
    laneRows.push(`<tr class="lane-row${violation}" ${attrs}><td class="num">${s.index}</td>${cells.join('')}<td class="changes">${changesCell(s)}</td></tr>`);
    // A lasso: mark where the cycle starts and where it returns (data-loop for scripts and tests).
    const mark = loopMarker(trace, s.index);
    if (mark !== null) {
      stepRows.push(`<tr class="loop-row" data-loop="${trace.loop ?? ''}"><td class="num">↻</td><td colspan="3"><strong>${esc(mark)}</strong></td></tr>`);
      laneRows.push(`<tr class="loop-row" data-loop="${trace.loop ?? ''}"><td class="num">↻</td><td colspan="${lanes.length + 1}"><strong>${esc(mark)}</strong></td></tr>`);
    }
  }
  stepRows.push(`<tr class="verdict-row"><td class="num">✗</td><td colspan="3">${verdictCell}</td></tr>`);
  laneRows.push(`<tr class="verdict-row"><td class="num">✗</td><td colspan="${lanes.length + 1}">${verdictCell}</td></tr>`);
  const data = {
    model: trace.model,
    params: trace.params,
    property: trace.property,
    kind: trace.kind,
    explanation: trace.explanation,
    ...(trace.loop === undefined ? {} : { loop: trace.loop, pIndex: trace.pIndex }),
    steps: trace.steps.map((s) => ({ index: s.index, action: s.action, actor: s.actor, choice: s.choice, state: s.state, changes: s.changes })),
    names: trace.names ?? {},
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rcucheck ${esc(trace.rcucheck)}">
<title>${esc(trace.model)}: ${esc(heading)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(trace.model)}${params === '' ? '' : ` <small>${esc(params)}</small>`}: ${esc(heading)}</h1>
<p class="meta">property <code>${esc(trace.property)}</code> (${esc(trace.kind)}): ${esc(trace.description)} · ${trace.loop === undefined ? `${n} steps` : esc(loopText(trace))}, ${trace.switches} actor switches · rcucheck ${esc(trace.rcucheck)}</p>
<div id="verdict" data-property="${esc(trace.property)}" data-kind="${esc(trace.kind)}">${esc(verdictLine(trace))}</div>
</header>
<main>
<section id="lanes" data-view="steps">
<div id="views">view: <button type="button" data-view="steps" aria-pressed="true">steps</button> <button type="button" data-view="lanes" aria-pressed="false">lanes (one column per actor)</button></div>
<table id="steps">
<thead><tr><th>#</th><th>actor</th><th>kernel step</th><th>changed fields</th></tr></thead>
<tbody>
${stepRows.join('\n')}
</tbody>
</table>
<table id="swimlane">
<thead><tr><th>#</th>${lanes.map((l, i) => `<th class="lane lane-${i % 8}">${esc(l)}</th>`).join('')}<th>changed fields</th></tr></thead>
<tbody>
${laneRows.join('\n')}
</tbody>
</table>
</section>
<aside id="inspector" data-step="">
<h2 id="inspector-title">State</h2>
<ul id="changes-list"></ul>
<pre id="state"><noscript>Enable JavaScript to inspect states; trace.itf.json holds every state.</noscript></pre>
</aside>
</main>
<footer>Click a step (or use ↑/↓) to inspect its full state; changed fields are highlighted. Re-execute with <code>rcucheck replay trace.itf.json</code>.</footer>
<script type="application/json" id="trace-data">${embedJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
