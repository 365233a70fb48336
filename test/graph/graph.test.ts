import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { explore } from '../../src/engine/explore.js';
import { stateGraph, exportGraph } from '../../src/graph/export.js';
import { exploreGraph } from '../../src/graph/explore-graph.js';
import { stateLabel } from '../../src/graph/build.js';
import { toDot, toGexf, toGraphologyJson } from '../../src/graph/formats.js';
import { graphCommand, runGraph } from '../../src/cli/graph.js';
import type { CliContext } from '../../src/cli/context.js';
import { readItf, type ItfTrace } from '../../src/trace/itf.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { compiled, hasModel, traceOf } from '../trace/fixtures.js';

function itfOf(id: string, raw: Record<string, number>): ItfTrace {
  const r = readItf(traceFiles(traceOf(id, raw).trace)['trace.itf.json']);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function graphOf(id: string, raw: Record<string, number>, trace?: ItfTrace) {
  const g = stateGraph(compiled(id, raw), { trace });
  if (!g.ok) throw new Error(g.error.message);
  return g.value;
}

describe('edge-collecting exploration', () => {
  for (const n of [2, 3, 4]) {
    it(`philosophers n=${n}: same states and edges as the explorer`, () => {
      const m = compiled('philosophers', { n });
      const o = explore(m, { deadlock: false });
      const g = exploreGraph(m, { maxStates: 5000 });
      expect(g.ok).toBe(true);
      if (!g.ok) return;
      expect(g.value.words.length).toBe(o.stats.distinct);
      expect(g.value.edges.length).toBe(o.stats.generated);
      expect(Math.max(...g.value.depth)).toBe(o.stats.maxDepth);
    });
  }

  it.runIf(hasModel('peterson'))('peterson n=2 mutate=1: same state count as the explorer in collect mode', () => {
    const m = compiled('peterson', { n: 2, mutate: 1 });
    const o = explore(m, { deadlock: false, collect: true });
    const g = exploreGraph(m, { maxStates: 5000 });
    expect(g.ok && g.value.words.length).toBe(o.stats.distinct);
    expect(g.ok && g.value.edges.length).toBe(o.stats.generated);
  });

  it('refuses a graph above the size limit with RC150', () => {
    const g = exploreGraph(compiled('philosophers', { n: 8 }), { maxStates: 100 });
    expect(!g.ok && g.error.code).toBe('RC150');
    expect(!g.ok && g.error.message).toMatch(/more than 100 states.*nothing was written/);
  });
});

describe('graphology graph', () => {
  it('philosophers n=3: pinned size, initial and deadlock states marked', () => {
    const g = graphOf('philosophers', { n: 3 });
    expect(g.type).toBe('directed');
    expect(g.multi).toBe(true);
    expect(g.order).toBe(explore(compiled('philosophers', { n: 3 }), { deadlock: false }).stats.distinct);
    expect(g.filterNodes((_k, a) => a.initial)).toEqual(['s0']);
    expect(g.getNodeAttribute('s0', 'label')).toBe('phil=[THINK,THINK,THINK] fork=[false,false,false]');
    const dead = g.filterNodes((_k, a) => a.violations.includes('deadlock'));
    expect(dead.map((k) => g.getNodeAttribute(k, 'label'))).toEqual(['phil=[LEFT,LEFT,LEFT] fork=[true,true,true]']);
    expect(g.getNodeAttribute(dead[0], 'end')).toBe(true);
    const e = g.outEdges('s0').map((k) => g.getEdgeAttribute(k, 'label'));
    expect(e).toEqual(['take left [phil0]', 'take left [phil1]', 'take left [phil2]']);
    expect(g.getAttribute('fingerprint')).toMatch(/^sha256:/);
  });

  it('highlights a trace path with its step numbers', () => {
    const itf = itfOf('philosophers', { n: 3 });
    const g = graphOf('philosophers', { n: 3 }, itf);
    const nodes = g.filterNodes((_k, a) => a.trace);
    const edges = g.filterEdges((_k, a) => a.trace);
    expect(nodes).toHaveLength(4);
    expect(edges.map((k) => [g.getEdgeAttribute(k, 'label'), g.getEdgeAttribute(k, 'traceSteps')])).toEqual([
      ['take left [phil0]', [1]],
      ['take left [phil1]', [2]],
      ['take left [phil2]', [3]],
    ]);
    const last = nodes.find((k) => g.getNodeAttribute(k, 'traceSteps').includes(3));
    expect(last && g.getNodeAttribute(last, 'violations')).toEqual(['deadlock']);
    expect(g.getAttribute('trace')).toEqual({ property: 'deadlock', kind: 'deadlock', steps: 3 });
  });

  it.runIf(hasModel('peterson'))('peterson n=2 mutate=1: invariant violations and the trace end on a violating state', () => {
    const itf = itfOf('peterson', { n: 2, mutate: 1 });
    const g = graphOf('peterson', { n: 2, mutate: 1 }, itf);
    const bad = g.filterNodes((_k, a) => a.violations.includes('mutual-exclusion'));
    expect(bad.length).toBeGreaterThan(0);
    const end = g.filterNodes((_k, a) => a.traceSteps.includes(itf.states.length - 1));
    expect(end).toHaveLength(1);
    expect(bad).toContain(end[0]);
  });

  it('refuses a trace of another configuration (RC005) and a diverging one (RC101)', () => {
    const m3 = compiled('philosophers', { n: 3 });
    const other = stateGraph(m3, { trace: itfOf('philosophers', { n: 4 }) });
    expect(!other.ok && other.error).toMatchObject({ code: 'RC005', message: 'the trace is for philosophers n=4, but the graph is of philosophers n=3' });
    const bad = structuredClone(itfOf('philosophers', { n: 3 }));
    bad.meta.actions[1] = 'eat [phil2]';
    bad.meta.actors[1] = 'phil2';
    bad.states[2].meta.action = 'eat [phil2]';
    bad.states[2].meta.actor = 'phil2';
    const r = stateGraph(m3, { trace: bad });
    expect(!r.ok && r.error).toMatchObject({ code: 'RC101', message: 'trace diverges at step 2: eat [phil2] is not enabled in state s1' });
  });

  it('stateLabel is compact', () => {
    expect(stateLabel({ a: [1, 2], b: { c: 'X', d: true } })).toBe('a=[1,2] b={c:X,d:true}');
  });
});

describe.runIf(hasModel('kvfree-v1'))('kvfree-v1', () => {
  it('mutation=double-free: the trace ends on an exactly-once violation; DOT labels stay compact', () => {
    const raw = { mutation: 'double-free', objects: 'e' } as unknown as Record<string, number>;
    const itf = itfOf('kvfree-v1', raw);
    const g = graphOf('kvfree-v1', raw, itf);
    const end = g.filterNodes((_k, a) => a.traceSteps.includes(itf.states.length - 1));
    expect(end).toHaveLength(1);
    expect(g.getNodeAttribute(end[0], 'violations')).toContain('exactly-once');
    expect(g.filterEdges((_k, a) => a.trace)).toHaveLength(itf.states.length - 1);
    const dot = toDot(g);
    const s1 = dot.split('\n').find((l) => l.startsWith('  "s1" ['));
    expect(s1 && s1.length).toBeLessThan(400);
    expect(dot).toContain('"s0" [label="s0\\n(initial state)"');
  });
});

describe('formats', () => {
  const itf = itfOf('philosophers', { n: 2 });
  const g = graphOf('philosophers', { n: 2 }, itf);

  it('DOT: header, marked initial, violating and trace elements', () => {
    const dot = toDot(g);
    const lines = dot.split('\n');
    expect(lines[0]).toBe('digraph "philosophers n=2" {');
    expect(dot).toContain(`"s0" [label="s0\\nphil=[THINK,THINK] fork=[false,false]", peripheries=2, penwidth=3, color="blue", tooltip="initial; trace step 0"];`);
    expect(dot).toMatch(/"s\d+" \[label="s\d+\\nphil=\[LEFT,LEFT\] fork=\[true,true\]\\nviolates: deadlock", color="red", fontcolor="red", style="filled", fillcolor="#ffebe9", penwidth=3, tooltip="violates deadlock; trace step 2"\];/);
    expect(dot).toContain(`"s0" -> "s1" [label="#1 take left [phil0]", color="blue", penwidth=3];`);
    expect(lines.filter((l) => l.includes(' -> ')).length).toBe(g.size);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('DOT is accepted by Graphviz when it is installed', () => {
    const r = spawnSync('dot', ['-Tsvg'], { input: toDot(g), encoding: 'utf8' });
    if (r.error) return; // graphviz not installed here; the syntax is pinned above
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
  });

  it('GEXF (graphology-gexf): every node, edge and attribute, parseable back with graphology-gexf', () => {
    const gexf = toGexf(g);
    expect(gexf.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gexf version="1.3" xmlns="http://gexf.net/1.3"')).toBe(true);
    expect(gexf.match(/<node id=/g)?.length).toBe(g.order);
    expect(gexf.match(/<edge id=/g)?.length).toBe(g.size);
    const declared = (cls: string): string[] => {
      const block = gexf.match(new RegExp(`<attributes class="${cls}">([\\s\\S]*?)</attributes>`))?.[1] ?? '';
      return [...block.matchAll(/<attribute id="(\w+)" title="\w+" type="(\w+)"\/>/g)].map((m) => `${m[1]}:${m[2]}`).sort();
    };
    // philosophers has no transition property, so no edge carries a violation and none is declared
    expect(declared('node')).toEqual(['depth:integer', 'end:boolean', 'initial:boolean', 'state:string', 'trace:boolean', 'traceSteps:string', 'violations:string']);
    expect(declared('edge')).toEqual(['action:integer', 'actor:string', 'trace:boolean', 'traceSteps:string']);
    expect(gexf).toContain('<attvalue for="initial" value="true"/>');
    expect(gexf).toContain('<attvalue for="violations" value="deadlock"/>');
    expect(gexf).toContain('<attvalue for="state" value="{&quot;phil&quot;:[&quot;THINK&quot;,&quot;THINK&quot;],&quot;fork&quot;:[false,false]}"/>');
    expect(gexf).toContain('<creator>rcucheck ');
    expect(gexf).toMatch(/<description>philosophers n=2: state graph \(sha256:[0-9a-f]+\)<\/description>/);

    const back = parseGexf(MultiDirectedGraph, gexf);
    expect([back.order, back.size]).toEqual([g.order, g.size]);
    expect(back.getAttribute('creator')).toMatch(/^rcucheck /);
    g.forEachNode((k, n) => {
      const b = back.getNodeAttributes(k);
      expect(b.label).toBe(n.label);
      expect(JSON.parse(b.state as string)).toEqual(n.state);
      expect([b.depth, b.initial, b.end, b.trace]).toEqual([n.depth, n.initial, n.end, n.trace]);
      expect(b.violations ?? '').toBe(n.violations.join(','));
      expect(b.traceSteps ?? '').toBe(n.traceSteps.join(','));
      expect(b.color).toBe(n.violations.length > 0 ? 'rgb(207,34,46)' : n.trace ? 'rgb(9,105,218)' : n.initial ? 'rgb(26,127,55)' : 'rgb(110,119,129)');
    });
    g.forEachEdge((k, e, src, dst) => {
      expect([back.source(k), back.target(k)]).toEqual([src, dst]);
      const b = back.getEdgeAttributes(k);
      expect([b.label, b.action, b.actor, b.trace, b.traceSteps ?? '']).toEqual([e.label, e.action, e.actor, e.trace, e.traceSteps.join(',')]);
      expect(b.thickness).toBe(e.trace ? 3 : undefined);
    });

    const py = spawnSync(
      'python3',
      ['-c', 'import sys,xml.etree.ElementTree as E; r=E.fromstring(sys.stdin.read()); ns={"g":"http://gexf.net/1.3"}; print(len(r.findall(".//g:node",ns)), len(r.findall(".//g:edge",ns)))'],
      { input: gexf, encoding: 'utf8' },
    );
    if (py.error) return;
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe(`${g.order} ${g.size}`);
  });

  it('GEXF: a violating edge is red and declares violations; forbidden XML characters are dropped', () => {
    const h = g.copy();
    const e0 = h.edges()[0];
    h.setEdgeAttribute(e0, 'violations', ['gp-guarantee']);
    h.setNodeAttribute('s0', 'label', 'a\u0001b & <c>');
    const back = parseGexf(MultiDirectedGraph, toGexf(h));
    expect(back.getEdgeAttribute(e0, 'violations')).toBe('gp-guarantee');
    expect(back.getEdgeAttribute(e0, 'color')).toBe('rgb(207,34,46)');
    expect(back.getNodeAttribute('s0', 'label')).toBe('ab & <c>');
  });

  it('JSON: graphology serialisation that loads back', () => {
    const json = JSON.parse(toGraphologyJson(g));
    expect(json.options).toEqual({ type: 'directed', multi: true, allowSelfLoops: true });
    const back = MultiDirectedGraph.from(json);
    expect(back.order).toBe(g.order);
    expect(back.size).toBe(g.size);
    expect(back.getNodeAttributes('s0')).toEqual(g.getNodeAttributes('s0'));
    expect(back.getAttribute('model')).toBe('philosophers');
  });

  it('exportGraph reports its size', () => {
    const r = exportGraph(compiled('philosophers', { n: 2 }), { format: 'dot' });
    expect(r.ok && [r.value.states, r.value.edges]).toEqual([g.order, g.size]);
  });
});

function ctx(): CliContext & { out: string; err: string } {
  const c = {
    out: '',
    err: '',
    stdout(s: string) {
      c.out += s;
    },
    stderr(s: string) {
      c.err += s;
    },
    stderrIsTTY: false,
    stdoutIsTTY: false,
    signal: new AbortController().signal,
    execPath: process.execPath,
    cliPath: '',
    pid: process.pid,
    processAlive: () => false,
    now: () => 0,
    exitCode: 0,
  };
  return c;
}

async function cli(args: string[]): Promise<ReturnType<typeof ctx>> {
  const c = ctx();
  await yargs(args)
    .command(graphCommand(c))
    .strict()
    .exitProcess(false)
    .fail((msg) => {
      c.err += `usage: ${msg}\n`;
      c.exitCode = 151;
    })
    .parseAsync();
  return c;
}

describe('rcucheck graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcucheck-graph-'));

  it('prints DOT by default, with a summary on stderr', async () => {
    const c = await cli(['graph', 'philosophers', '-D', 'n=2']);
    expect(c.exitCode).toBe(0);
    expect(c.out.startsWith('digraph "philosophers n=2" {')).toBe(true);
    expect(c.err).toMatch(/^philosophers: \d+ states, \d+ edges \(dot\)\n$/);
  });

  it('writes JSON with a highlighted trace to --out', async () => {
    const tf = join(dir, 't.itf.json');
    writeFileSync(tf, traceFiles(traceOf('philosophers', { n: 3 }).trace)['trace.itf.json']);
    const out = join(dir, 'g.json');
    const c = await cli(['graph', 'philosophers', '-D', 'n=3', '--format', 'json', '--trace', tf, '--out', out]);
    expect(c.exitCode).toBe(0);
    expect(c.out).toBe('');
    const back = MultiDirectedGraph.from(JSON.parse(readFileSync(out, 'utf8')));
    expect(back.filterEdges((_k, a) => a.trace === true)).toHaveLength(3);
  });

  it('takes parameters as check does: -D and --define, repeatable, parsed by parseDefines', async () => {
    const short = await cli(['graph', 'philosophers', '-D', 'n=3']);
    expect(short.exitCode).toBe(0);
    for (const args of [['--define', 'n=3'], ['--define=n=3']]) {
      const long = await cli(['graph', 'philosophers', ...args]);
      expect([long.exitCode, long.err]).toEqual([0, short.err]);
      expect(long.out).toBe(short.out);
    }
    const twice = await cli(['graph', 'philosophers', '-D', 'n=2', '--define', 'n=3']);
    expect([twice.exitCode, twice.out, twice.err]).toEqual([151, '', "rcucheck: error: RC003: parameter 'n' is given twice\n"]);
    const two = await cli(['graph', 'peterson', '--define', 'n=2', '-D', 'mutate=1', '--format', 'json']);
    expect(two.exitCode).toBe(0);
    expect(MultiDirectedGraph.from(JSON.parse(two.out)).getAttribute('params')).toMatchObject({ n: 2, mutate: 1 });
    const bad = await cli(['graph', 'philosophers', '--define', 'n']);
    expect([bad.exitCode, bad.err]).toEqual([151, "rcucheck: error: RC003: -D expects name=value, got 'n'\n"]);
  });

  it('refuses a graph above --max-states and writes nothing (exit 150)', async () => {
    const out = join(dir, 'big.dot');
    const c = await cli(['graph', 'philosophers', '-D', 'n=10', '--max-states', '50', '--out', out]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toMatch(/^rcucheck: error: RC150: model philosophers has more than 50 states/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad input with the usual exit codes', async () => {
    expect((await cli(['graph', 'nope'])).exitCode).toBe(150);
    expect((await cli(['graph', 'philosophers', '-D', 'n=99'])).exitCode).toBe(151);
    expect((await cli(['graph', 'philosophers', '-D', 'm=1'])).exitCode).toBe(151);
    expect((await cli(['graph', 'philosophers', '--format', 'png'])).exitCode).toBe(151);
    const direct = ctx();
    await runGraph(direct, { model: 'philosophers', defines: [], format: 'png' as never, maxStates: 10 });
    expect([direct.exitCode, direct.err]).toEqual([151, "rcucheck: error: RC002: unknown --format 'png' (valid: dot, gexf, json)\n"]);
    const c = await cli(['graph', 'philosophers', '--trace', join(dir, 'missing.json')]);
    expect(c.exitCode).toBe(150);
    expect(c.err).toMatch(/RC004: cannot read trace file/);
  });
});
