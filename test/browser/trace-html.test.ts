/**
 * Renders a generated trace.html in real headless Chromium (Debian package `chromium`) and
 * asserts on the DOM after the page's script ran. When chromium is absent the test installs it
 * with apt-get (CI runs as root in a Debian image); if that is impossible the suite fails with
 * the reason rather than silently skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { aptInstall } from '../../conformance/apt.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { hasModel, publishedTrace, traceOf, TWO_CPU_TRACE } from '../trace/fixtures.js';

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return null;
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const why = aptInstall('chromium', 'pipe');
  const after = findChromium();
  if (!after) throw new Error(`chromium is not installed and apt-get install -y chromium did not provide it: ${why ?? 'no chromium on PATH after it'}`);
  return after;
}

let chromium = '';
const dir = mkdtempSync(join(tmpdir(), 'rcucheck-html-'));

let runs = 0;

/**
 * Run headless Chromium once per call with a fresh profile (a shared profile can hand the page to
 * a still-exiting instance and hang). On a loaded CI machine a launch can stall: each attempt is
 * killed after 60 s and retried twice before the test fails with Chromium's stderr.
 */
function headless(extra: string[], url: string): string {
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const profile = join(dir, `profile-${++runs}`);
    const r = spawnSync(
      chromium,
      ['--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--disable-dev-shm-usage', '--disable-extensions', `--user-data-dir=${profile}`, ...extra, url],
      { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status === 0 && r.error === undefined) return r.stdout;
    last = `attempt ${attempt}: status ${String(r.status)} ${r.error ? String(r.error) : ''}\n${(r.stderr ?? '').slice(-2000)}`;
  }
  throw new Error(`headless chromium failed 3 times; last:\n${last}`);
}

function dumpDom(file: string, hash = ''): string {
  return headless(['--dump-dom', '--virtual-time-budget=2000'], pathToFileURL(file).href + hash);
}

beforeAll(() => {
  chromium = ensureChromium();
}, 900_000);

describe('trace.html in headless Chromium', { timeout: 200_000 }, () => {
  const phil = join(dir, 'phil.html');
  writeFileSync(phil, traceFiles(traceOf('philosophers', { n: 3 }).trace)['trace.html']);

  it('runs its script and shows the violating (last) step by default', () => {
    const dom = dumpDom(phil);
    expect(dom).toMatch(/<html lang="en" data-rendered="true">/);
    expect(dom).toMatch(/<aside id="inspector" data-step="3" data-changed="2">/);
    expect(dom).toContain('Step 3: phil2 — take left [phil2]  (violation)');
    // The changed leaves of step 3 are highlighted in the state view, with before → after.
    expect(dom).toContain('<span class="bool changed" data-path="fork[2]" title="false → true">true</span>');
    expect(dom).toContain('<span class="str changed" data-path="phil[2]" title="THINK → LEFT">"LEFT"</span>');
    // Unchanged leaves are not highlighted.
    expect(dom).toContain('<span class="str" data-path="phil[0]">"LEFT"</span>');
    // The violating row and the verdict are marked.
    expect(dom).toMatch(/<tr class="step-row violation selected" data-step="3" data-actor="phil2">/);
    expect(dom).toContain('id="verdict" data-property="deadlock" data-kind="deadlock">✗ deadlock after step 3');
  });

  it('selects the step named in the URL fragment', () => {
    const dom = dumpDom(phil, '#step=1');
    expect(dom).toMatch(/<aside id="inspector" data-step="1" data-changed="2">/);
    expect(dom).toContain('Step 1: phil0 — take left [phil0]');
    expect(dom).toContain('<span class="str changed" data-path="phil[0]" title="THINK → LEFT">"LEFT"</span>');
    expect(dom).toContain('<span class="str" data-path="phil[1]">"THINK"</span>');
    expect(dom).toMatch(/<tr class="step-row selected" data-step="1"/);
  });

  it('a click selects a step and ArrowDown moves to the next (driven from a same-directory wrapper page)', () => {
    // file:// pages are separate origins; --allow-file-access-from-files lets the wrapper reach
    // into the iframe to click a row and press a key, then report what the inspector shows.
    const wrapper = join(dir, 'wrap.html');
    writeFileSync(
      wrapper,
      `<!doctype html><html><body><iframe id="f" src="phil.html"></iframe><pre id="out">pending</pre><script>
var f = document.getElementById('f');
f.onload = function () {
  try {
    var d = f.contentDocument, res = {};
    d.querySelectorAll('tr.step-row')[1].click();
    res.afterClick = d.getElementById('inspector').getAttribute('data-step');
    res.title = d.getElementById('inspector-title').textContent;
    res.changed = Array.prototype.map.call(d.querySelectorAll('#state .changed'), function (e) { return e.getAttribute('data-path'); });
    res.hash = f.contentWindow.location.hash;
    d.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    res.afterDown = d.getElementById('inspector').getAttribute('data-step');
    res.selected = Array.prototype.map.call(d.querySelectorAll('tr.selected'), function (e) { return e.getAttribute('data-step'); });
    document.getElementById('out').textContent = JSON.stringify(res);
  } catch (e) { document.getElementById('out').textContent = 'ERR ' + e; }
};
</script></body></html>`,
    );
    const dom = headless(['--allow-file-access-from-files', '--dump-dom', '--virtual-time-budget=3000'], pathToFileURL(wrapper).href);
    const out = /<pre id="out">(.*?)<\/pre>/s.exec(dom)?.[1] ?? '';
    expect(JSON.parse(out.replace(/&quot;/g, '"').replace(/&amp;/g, '&'))).toEqual({
      afterClick: '1',
      title: 'Step 1: phil0 — take left [phil0]',
      changed: ['phil[0]', 'fork[0]'],
      hash: '#step=1',
      afterDown: '2',
      selected: ['2'],
    });
  });

  it('is self-contained: no external resources', () => {
    const html = traceFiles(traceOf('philosophers', { n: 3 }).trace)['trace.html'];
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(?!#)/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it.runIf(hasModel('peterson'))('renders the peterson mutual-exclusion violation', () => {
    const file = join(dir, 'pm.html');
    const t = traceOf('peterson', { mutate: 1 }).trace;
    writeFileSync(file, traceFiles(t)['trace.html']);
    const dom = dumpDom(file);
    const n = t.steps.length - 1;
    expect(dom).toContain(`<aside id="inspector" data-step="${n}"`);
    expect(dom).toContain('data-property="mutual-exclusion" data-kind="invariant"');
    expect(dom).toContain('data-rendered="true"');
  });

  it('a state value cannot break out of the embedded data', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    const evil = { ...trace, explanation: '</script><script>document.title="pwned"</script>' };
    evil.steps = trace.steps.map((s) => ({ ...s, state: { ...(s.state as object), note: '</script><b>x</b>' } }));
    const file = join(dir, 'evil.html');
    writeFileSync(file, traceFiles(evil)['trace.html']);
    const dom = dumpDom(file);
    expect(dom).toContain('data-rendered="true"');
    expect(dom).toContain('<title>philosophers: deadlock</title>');
    expect(dom).not.toContain('<b>x</b>');
    expect(dom).toContain('&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(dom).toContain('data-path="note"');
  });

  it('takes a screenshot', () => {
    const png = join(dir, 'phil.png');
    headless([`--screenshot=${png}`, '--window-size=1280,800', '--virtual-time-budget=2000'], pathToFileURL(phil).href);
    expect(existsSync(png) && statSync(png).size).toBeGreaterThan(5000);
  });
});

/**
 * Load `page` (same directory) in an iframe of `width` px inside a wrapper page and report, for
 * each view: the document's scroll width against the viewport, and every element that cuts its
 * content horizontally (scrollWidth beyond clientWidth while its overflow-x is not visible).
 */
function measureAt(page: string, width: number): Record<string, unknown> {
  const wrapper = join(dir, `measure-${width}-${page}`);
  writeFileSync(
    wrapper,
    `<!doctype html><html><body style="margin:0"><iframe id="f" src="${page}" style="border:0;width:${width}px;height:900px"></iframe><pre id="out">pending</pre><script>
var f = document.getElementById('f');
function measure(d, w) {
  var cut = [];
  Array.prototype.forEach.call(d.querySelectorAll('*'), function (e) {
    var st = w.getComputedStyle(e);
    if (st.display === 'none' || e.offsetParent === null && e.tagName !== 'BODY' && e.tagName !== 'HTML') return;
    if (st.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) cut.push(e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);
  });
  return { fits: d.scrollingElement.scrollWidth <= d.documentElement.clientWidth && d.documentElement.clientWidth <= w.innerWidth, scrollWidth: d.scrollingElement.scrollWidth, innerWidth: w.innerWidth, cut: cut, rows: d.querySelectorAll('tr.step-row').length };
}
f.onload = function () {
  try {
    var d = f.contentDocument, w = f.contentWindow, res = {};
    res.steps = measure(d, w);
    res.stepsShown = w.getComputedStyle(d.getElementById('steps')).display !== 'none';
    d.querySelector('#views button[data-view="lanes"]').click();
    res.lanes = measure(d, w);
    res.lanesShown = w.getComputedStyle(d.getElementById('swimlane')).display !== 'none' && w.getComputedStyle(d.getElementById('steps')).display === 'none';
    document.getElementById('out').textContent = JSON.stringify(res);
  } catch (e) { document.getElementById('out').textContent = 'ERR ' + e; }
};
</script></body></html>`,
  );
  const dom = headless(['--allow-file-access-from-files', '--dump-dom', '--window-size=1600,1000', '--virtual-time-budget=3000'], pathToFileURL(wrapper).href);
  const out = /<pre id="out">(.*?)<\/pre>/s.exec(dom)?.[1] ?? '';
  return JSON.parse(out.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&')) as Record<string, unknown>;
}

describe('trace.html of a two-CPU kvfree trace', { timeout: 200_000 }, () => {
  const trace = publishedTrace(TWO_CPU_TRACE);
  const page = 'kv2.html';
  const html = traceFiles(trace)['trace.html'];
  writeFileSync(join(dir, page), html);

  it('shows kernel display names in the timeline and keeps raw names in the embedded state', () => {
    expect(html).toContain('<div>krcp[0].krw_arr[0].head_free: 0x180008 → 0</div>');
    expect(html).toContain('<div>worker0.0.head: 0 → 0x180008</div>');
    expect(html).not.toContain('<div>cpu[0].krw[0].headFree');
    expect(html).toContain('"headFree"');
  });

  it('wraps instead of clipping at 1400 px, in the steps view and in the lanes view', () => {
    const m = measureAt(page, 1400);
    const n = trace.steps.length;
    // scrollWidth <= the viewport's client width (innerWidth minus a vertical scrollbar): no sideways scrolling.
    const fit = { fits: true, scrollWidth: expect.any(Number), innerWidth: 1400, cut: [], rows: n };
    expect(m).toEqual({ steps: fit, stepsShown: true, lanes: fit, lanesShown: true });
    expect((m.steps as { scrollWidth: number }).scrollWidth).toBeLessThanOrEqual(1400);
  });

  it('still wraps at 900 px (inspector below the timeline)', () => {
    const m = measureAt(page, 900) as { steps: { fits: boolean; cut: string[] }; lanes: { fits: boolean; cut: string[] } };
    expect(m.steps).toMatchObject({ fits: true, cut: [] });
    expect(m.lanes).toMatchObject({ fits: true, cut: [] });
  });

  it('the inspector lists the changes under their display names and names raw leaves on hover', () => {
    const dom = dumpDom(join(dir, page), '#step=16');
    expect(dom).toMatch(/<aside id="inspector" data-step="16" data-changed="5">/);
    expect(dom).toContain('<li>krcp[0].krw_arr[0].head_free: 0x180008 → 0</li>');
    expect(dom).toContain('data-path="cpu[0].krw[0].h" title="worker0.0.head: 0 → 0x180008"');
    expect(dom).toMatch(/<tr class="step-row selected" data-step="16" data-actor="worker0.0">/);
    expect(dom).toMatch(/<tr class="lane-row current" data-step="16" data-actor="worker0.0">/);
  });
});
