/**
 * The tagging matrix (issue 4): every tagging scheme × allocator alignment × protocol variant,
 * checked with every kvfree property in one collect-mode run per cell, rendered as
 * `reports/tagging.md` and `reports/tagging.json`, with the trace files of every violated
 * property under `reports/tagging/<cell-id>/<property>/`.
 *
 * Why this file exists: the seed's review asks whether BIT(0) tagging of a head-less wrapper is
 * safe, proposes an offset tag instead, and later designs changed what `func` holds. Kernel
 * developers want the answer as one table, for every design, from the same checks.
 *
 * What it must not do: hard-code a verdict. Rows are data (the parameters), every verdict and the
 * summary sentences are computed from the exploration results; the only fixed text describes each
 * scheme's mechanism (what it stores and how it classifies, docs/protocol.md §4).
 */
import { storyConfig } from '../../models/kvfree/common/story.js';
import type { Variant } from '../../models/kvfree/common/kstate.js';
import { KVFREE_VARIANTS } from '../../models/kvfree/variants.js';
import type { KvState } from '../../models/kvfree/common/kstate.js';
import { previewDecode } from '../../models/kvfree/common/pages.js';
import { tinyPreview } from '../../models/kvfree/common/tiny.js';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import type { CompiledModel } from '../model/compile.js';
import type { Trace } from '../trace/trace.js';
import { traceFiles } from '../report/trace-files.js';
import { stableJson } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { jsonIncomplete, markdownIncomplete } from '../report/incomplete.js';
import { runCollect, traceOf } from './run-config.js';

/** Allocator alignment profiles (alignObj / alignWrap / alignVmalloc) and the object set they use. */
export interface AlignProfile {
  id: string;
  alignObj: number;
  alignWrap: number;
  alignVmalloc: number;
  objects: string;
  text: string;
}

export const ALIGN_PROFILES: readonly AlignProfile[] = [
  { id: 'kernel', alignObj: 8, alignWrap: 32, alignVmalloc: 4096, objects: 'h,e', text: 'kernel: slab objects 8-aligned, wrapper from kmalloc-32 (32-aligned), vmalloc page-aligned (§2.7)' },
  { id: 'obj1', alignObj: 1, alignWrap: 32, alignVmalloc: 4096, objects: 'h,e', text: 'objects with an embedded rcu_head at any byte address (odd and even explored); wrapper 32-aligned' },
  { id: 'wrap1', alignObj: 8, alignWrap: 1, alignVmalloc: 4096, objects: 'h,e', text: 'wrapper / dynamic head at any byte address; objects 8-aligned' },
  { id: 'all2', alignObj: 2, alignWrap: 2, alignVmalloc: 2, objects: 'h,e', text: 'everything only 2-aligned (the rcu_head minimum RCU documents)' },
  { id: 'all1', alignObj: 1, alignWrap: 1, alignVmalloc: 1, objects: 'h,e', text: 'no alignment at all (any byte address, both parities explored)' },
  { id: 'vmalloc1', alignObj: 8, alignWrap: 32, alignVmalloc: 1, objects: 'h,ev', text: 'a two-argument vmalloc object at any byte address (vmalloc is really page-aligned)' },
  { id: 'hvmalloc1', alignObj: 8, alignWrap: 32, alignVmalloc: 1, objects: 'hv,e', text: "a head-less vmalloc object at any byte address (Joel's question: can vmalloc() return an odd address?); wrapper and slab object aligned" },
];

/** The kvfree model of a variant, from the one registry (models/kvfree/variants.ts). */
const modelOf = (variant: Variant): string => KVFREE_VARIANTS.find((v) => v.variant === variant)!.model;

/** The rows of the matrix per variant (a Record over Variant: a new variant without its rows does not compile). */
const VARIANTS: Readonly<Record<Variant, { model: string; schemes: readonly string[]; aligns: readonly string[] }>> = {
  v1: { model: modelOf('v1'), schemes: ['bit0', 'offset-half', 'bit31', 'dyn-head', 'none'], aligns: ['kernel', 'obj1', 'wrap1', 'all2', 'all1', 'vmalloc1', 'hvmalloc1'] },
  'v5.9': { model: modelOf('v5.9'), schemes: ['untagged'], aligns: ['kernel', 'obj1', 'all1', 'vmalloc1'] },
  v6: { model: modelOf('v6'), schemes: ['none', 'dyn-head', 'offset-half', 'bit31'], aligns: ['kernel', 'obj1', 'wrap1', 'all1'] },
};

/** What each scheme stores and how the reclaimer classifies a head (docs/protocol.md §4; mechanism only). */
export const SCHEME_TEXT: Record<string, string> = {
  bit0: 'v1 BIT(0): wrapper func = P + 1, embedded func = offset; head-less iff (head - func) & 1',
  'offset-half': 'offset tag: wrapper func > LONG_MAX/2, embedded func = offset (v1) or object pointer (v6 layout); head-less iff func > LONG_MAX/2, offset overridden with P',
  bit31: 'BIT(31) tag: wrapper func = P | BIT(31), embedded func = offset (v1) or object pointer (v6 layout); head-less iff func & BIT(31), masked before the < 4096 check',
  'dyn-head': 'dyn_rcu_head: embedded func = object pointer, dynamic head func = P; dynamic iff func < 4096',
  none: 'no tag (control in v1: the wrapper stores the plain offset P; in v6 = upstream: no dynamic head at all, head-less without a page falls back to synchronize_rcu() + kvfree())',
  untagged: 'v5.9: no wrapper and no tag; embedded func = offset; head-less without a page falls back to synchronize_rcu() + kvfree()',
};

/** The properties a decode bug breaks: wrong memory freed, double/invalid free, reads of freed memory, objects never freed. */
export const DECODE_PROPERTIES = ['back-pointer', 'valid-free', 'exactly-once', 'no-uaf-read', 'no-leak'] as const;

export interface TagCellSpec {
  id: string;
  variant: keyof typeof VARIANTS;
  model: string;
  scheme: string;
  align: string;
  P: number;
  /** Address placement beyond alignment: `high` = objects above 2 GiB (BIT(31) set), `low` = embedded object below 4096. */
  placement: 'normal' | 'high' | 'low';
  params: Record<string, string | number>;
  /** RCU flavour (kvfree-v1 `rcu`): tree, tiny (CONFIG_TINY_RCU) or tiny-wrap (hypothetical; models/kvfree/common/tiny.ts). */
  rcu: 'tree' | 'tiny' | 'tiny-wrap';
  /** The cell places an allocation at an address C's alignment rules rule out (see `isHypothetical`). */
  hypothetical: boolean;
  /** A review tag (offset-half, bit31) transplanted onto the v6.3+ layout, which nobody proposed. */
  transplant: boolean;
}

/**
 * Does a cell place an allocation where C cannot: an object embedding an rcu_head, or the wrapper
 * (which holds an rcu_head), below pointer alignment. An rcu_head holds two pointers, so it and
 * every struct embedding it are pointer-aligned unless the struct is `__packed`; kmalloc()'s
 * minimum alignment (ARCH_KMALLOC_MINALIGN >= 8) covers the wrapper. Only allocations the cell has
 * count: embedded objects (`e`, `ev`), and the wrapper only where the variant attaches one (v1; v6 except `none`).
 */
export function isHypothetical(variant: string, scheme: string, a: AlignProfile): boolean {
  const toks = a.objects.split(',');
  const embSlab = toks.some((t) => t === 'e' || t === 'es');
  const embVmalloc = toks.some((t) => t === 'ev');
  const wrapper = variant === 'v1' || (variant === 'v6' && scheme !== 'none'); // v6 `none` = upstream: no dynamic head
  // An embedded-head vmalloc object below pointer alignment is ruled out by the same rule (and vmalloc is page-aligned).
  return (embSlab && a.alignObj < 8) || (embVmalloc && a.alignVmalloc < 8) || (wrapper && a.alignWrap < 8);
}

export interface PropertyCell {
  status: 'holds' | 'violated' | 'incomplete';
  /** Steps of the shortest trace (BFS), or null. */
  traceLength: number | null;
  /** Directory of the trace files relative to the report root, or null. */
  trace: string | null;
  explanation: string | null;
}

export interface TagCellResult extends TagCellSpec {
  verdict: string;
  distinct: number;
  durationMs: number;
  /** Every decode property holds (see DECODE_PROPERTIES). */
  decodeSafe: boolean;
  properties: Record<string, PropertyCell>;
  /** kvfree_rcu() calls and frees along the shortest decode-failure trace (empty when decode-safe). */
  kvfreeLog: string[];
}

/** The cells of the matrix, in a fixed order. */
export function tagMatrix(): TagCellSpec[] {
  const cells: TagCellSpec[] = [];
  const add = (variant: keyof typeof VARIANTS, scheme: string, align: string, P: number, placement: TagCellSpec['placement'], rcu: TagCellSpec['rcu'] = 'tree'): void => {
    const v = VARIANTS[variant];
    const a = ALIGN_PROFILES.find((x) => x.id === align)!;
    const params: Record<string, string | number> = { objects: a.objects, P, alignObj: a.alignObj, alignVmalloc: a.alignVmalloc };
    if (variant !== 'v5.9') {
      params.alignWrap = a.alignWrap;
      params.tag = scheme;
    }
    if (placement === 'high') params.physHigh = 1;
    if (placement === 'low') params.lowObj = 1;
    if (rcu !== 'tree') params.rcu = rcu;
    const vid = variant === 'v5.9' ? 'v59' : variant;
    const id = `${vid}-${scheme}-${align}-p${P}${placement === 'normal' ? '' : `-${placement}`}${rcu === 'tree' ? '' : `-${rcu}`}`;
    const hypothetical = isHypothetical(variant, scheme, a);
    const transplant = variant === 'v6' && (scheme === 'offset-half' || scheme === 'bit31');
    cells.push({ id, variant, model: v.model, scheme, align, P, placement, params, rcu, hypothetical, transplant });
  };
  for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
    const v = VARIANTS[variant];
    for (const scheme of v.schemes) {
      for (const align of v.aligns) add(variant, scheme, align, 8, 'normal');
      add(variant, scheme, 'kernel', 4, 'normal'); // word size 4: the tags' arithmetic (P + 1, LONG_MAX/2, BIT(31)) and 32-bit lowmem addresses
      if (variant === 'v6' && (scheme === 'bit31' || scheme === 'offset-half')) add(variant, scheme, 'kernel', 8, 'high');
      if (scheme === 'dyn-head') add(variant, scheme, 'kernel', 8, 'low');
      // CONFIG_TINY_RCU (patch 6/7 of the series): the Tiny call path, and the hypothetical one
      // that hands the tagged wrapper to call_rcu() (models/kvfree/common/tiny.ts).
      if (variant === 'v1') for (const rcu of ['tiny', 'tiny-wrap'] as const) add(variant, scheme, 'kernel', 8, 'normal', rcu);
    }
  }
  return cells;
}

const hex = (v: unknown): string => (typeof v === 'number' ? (v >= 0x7fffffff ? '(a wrapped/tagged address)' : `0x${v.toString(16)}`) : String(v));

/**
 * The kvfree_rcu() calls and every free along a trace, read off the typed kvfree state before and
 * after each step (never off the paths' spelling): which object (address, call form) each
 * kvfree_rcu() got, and which address each free received.
 */
export function kvfreeCallLog(trace: Trace): string[] {
  const forms = String(trace.params.objects ?? '').split(',');
  const cfg = storyConfig(trace);
  if (cfg === null) return [];
  const out: string[] = [];
  for (let i = 1; i < trace.steps.length; i++) {
    const st = trace.steps[i];
    const prev = trace.steps[i - 1].state as KvState;
    const s = st.state as KvState;
    const at = `step ${i} (${st.action})`;
    const head = processedHead(prev, s);
    if (head !== null) {
      // The decode of one ch3 element: recompute what the reclaimer computed from the state before the step.
      if ((trace.params.rcu ?? 'tree') !== 'tree') {
        // CONFIG_TINY_RCU: rcu_reclaim_tiny() invoked the callback (models/kvfree/common/tiny.ts).
        const t = tinyPreview(cfg, prev, head);
        out.push(`${at}: rcu_reclaim_tiny() on head ${hex(head)}: ` + (t.calls ? `func ${t.f >= 0x7fffffffn ? '(a tagged value ≥ 2^31)' : hex(Number(t.f))} ≥ 4096, so f(head) is called: a jump to a non-function, nothing freed` : `kvfree(${hex(Number(t.frees[0]))})`));
        continue;
      }
      const dec = previewDecode(cfg, prev, head);
      // Model address when it names model memory, else the kernel value the decoder computed.
      const a = (v: bigint, real: bigint): string => (v > 0x7fffffffn ? `0x${real.toString(16)} (kernel address, no allocation)` : hex(Number(v)));
      out.push(
        `${at}: ch3 head ${hex(head)} decoded as ${dec.dynamic ? 'a dynamic head' : 'an embedded head'}: debug_rcu_head_unqueue(${a(dec.unqueue, dec.real.unqueue)}); ` +
          (dec.warn ? 'offset check fails: WARN, nothing freed' : dec.frees.map((f, j) => `kvfree(${a(f, dec.real.frees[j])})`).join(', ')),
      );
    }
    s.objs.forEach((obj, o) => {
      const was = prev.objs[o];
      const form = forms[o]?.startsWith('h') ? 'kvfree_rcu(p)' : 'kvfree_rcu(p, rh)';
      if (obj.called && !was.called) out.push(`${at}: ${form} for object ${o} at ${hex(obj.addr)}`);
      if (obj.wrap !== was.wrap && obj.wrap !== 0) out.push(`${at}: dynamic head / wrapper for object ${o} allocated at ${hex(obj.wrap)}`);
      if (obj.frees !== was.frees) out.push(`${at}: object ${o} (${hex(obj.addr)}) freed (free #${obj.frees})`);
      if (obj.wfrees !== was.wfrees) out.push(`${at}: wrapper ${hex(obj.wrap)} of object ${o} freed (free #${obj.wfrees})`);
    });
    const g = s.ghost;
    if (prev.ghost.invalid === 'none' && g.invalid !== 'none') out.push(`${at}: ${g.invalidFn}(${hex(g.invalidAddr)}) — invalid free (${g.invalid})`);
    if (prev.ghost.decode === 0 && g.decode !== 0) {
      const o = g.decode - 1;
      out.push(`${at}: the rcu_head queued by object ${o}'s kvfree_rcu() was decoded to ${hex(g.decodeAddr)} instead of ${hex(s.objs[o].addr)}`);
    }
    if (prev.ghost.dbg === 'none' && g.dbg !== 'none') out.push(`${at}: debug-object violation ${g.dbg} at ${hex(g.dbgAddr)}`);
  }
  return out;
}

/**
 * The ch3 element a step processed: a batch worker's cursor (`krw[k].h`) or v6's ready-list
 * cursor (`rdyH`) moving off a non-zero head. Null when the step processed none.
 */
function processedHead(prev: KvState, s: KvState): number | null {
  for (let c = 0; c < s.cpu.length; c++) {
    const p = prev.cpu[c];
    const k = p.krw.findIndex((b, j) => b.h !== 0 && s.cpu[c].krw[j].h !== b.h);
    if (k >= 0) return p.krw[k].h;
    if (p.rdyH !== 0 && s.cpu[c].rdyH !== p.rdyH) return p.rdyH;
  }
  return null;
}

export interface CellRun {
  result: TagCellResult;
  /** Trace files per violated property, relative to the cell directory. */
  files: Record<string, string>;
  traces: { property: string; trace: Trace }[];
  model: CompiledModel;
}

/** Explore one cell in collect mode and build the shortest trace of every violated property. */
export function runCell(spec: TagCellSpec): CellRun {
  const t0 = Date.now();
  const run = runCollect(spec.id, spec.model, spec.params);
  const durationMs = Date.now() - t0;
  const { model: m, outcome: o } = run;
  const properties: Record<string, PropertyCell> = {};
  const files: Record<string, string> = {};
  const traces: { property: string; trace: Trace }[] = [];
  for (const name of KVFREE_PROPERTY_NAMES) {
    const st = o.properties.find((p) => p.name === name);
    properties[name] = { status: st?.status ?? 'incomplete', traceLength: null, trace: null, explanation: null };
  }
  const decodeUnsafe = o.violations.some((v) => (DECODE_PROPERTIES as readonly string[]).includes(v.property));
  for (const v of o.violations) {
    if (!(v.property in properties)) continue;
    properties[v.property] = { status: 'violated', traceLength: v.trace.actions.length, trace: null, explanation: null };
    // Trace files for the decode failures of unsafe cells; the variant's own findings (race, debug
    // objects) have their traces in the variant's configs report.
    if (!decodeUnsafe || !(DECODE_PROPERTIES as readonly string[]).includes(v.property)) continue;
    const t = traceOf(spec.id, run, v.property);
    const log = kvfreeCallLog(t);
    const trace: Trace = { ...t, explanation: `${t.explanation}. kvfree_rcu() calls and frees on this path: ${log.length ? log.join('; ') : 'none'}` };
    traces.push({ property: v.property, trace });
    for (const [f, text] of Object.entries(traceFiles(trace, m, v.trace.init))) files[`${v.property}/${f}`] = text;
    properties[v.property] = {
      status: 'violated',
      traceLength: v.trace.actions.length,
      trace: `tagging/${spec.id}/${v.property}`,
      explanation: t.explanation,
    };
  }
  const decodeSafe = DECODE_PROPERTIES.every((p) => properties[p].status === 'holds');
  const firstDecode = DECODE_PROPERTIES.map((p) => traces.find((t) => t.property === p)).find((t) => t !== undefined);
  return {
    result: {
      ...spec,
      verdict: o.verdict,
      distinct: o.stats.distinct,
      durationMs,
      decodeSafe,
      properties,
      kvfreeLog: firstDecode ? kvfreeCallLog(firstDecode.trace) : [],
    },
    files,
    traces,
    model: m,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const SHORT: Record<string, string> = {
  'gp-guarantee': 'GP',
  'reader-safety': 'rdr',
  'exactly-once': '1x',
  'valid-free': 'valid',
  'no-uaf-read': 'uaf',
  'back-pointer': 'backptr',
  context: 'ctx',
  accounting: 'count',
  'debug-objects': 'dbg',
  'no-leak': 'leak',
  'debug-objects-end': 'dbg-end',
  'krcp-consistent': 'krcp',
};

function rowLabel(r: TagCellSpec): string {
  const marks = [r.hypothetical ? '**hypothetical**' : '', r.transplant ? '**transplant**' : '', r.rcu === 'tiny-wrap' ? '**not proposed**' : ''].filter((x) => x !== '');
  return `${r.variant} | ${r.scheme} | ${r.align}${r.placement === 'normal' ? '' : ` (${r.placement === 'high' ? 'objects above 2 GiB' : 'object below 4096'})`} | ${r.P} | ${r.rcu} | ${marks.join(', ')}`;
}

function cellText(c: PropertyCell): string {
  if (c.status === 'holds') return 'ok';
  if (c.status !== 'violated') return c.status;
  return c.trace === null ? `✗ ${c.traceLength}` : `[**✗** ${c.traceLength}](${c.trace}/trace.md)`;
}

/** Kernel-terms summary, computed from the results. */
export function summarize(results: readonly TagCellResult[]): string[] {
  const lines: string[] = [];
  const groups = new Map<string, TagCellResult[]>();
  for (const r of results) {
    const k = `${r.variant}|${r.scheme}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  for (const [k, rs] of groups) {
    const [variant, scheme] = k.split('|');
    const safe = rs.filter((r) => r.decodeSafe);
    const unsafe = rs.filter((r) => !r.decodeSafe);
    const name = (r: TagCellResult): string => `${r.align}${r.placement === 'normal' ? '' : `/${r.placement}`}/P=${r.P}`;
    let s = `- **${variant}, ${scheme}** (${SCHEME_TEXT[scheme]}): `;
    if (unsafe.length === 0) s += `decode-safe in every cell (${safe.map(name).join(', ')}): every ch3 head is decoded back to its own object (and wrapper), freed once.`;
    else if (safe.length === 0) s += `**unsafe in every cell** (${unsafe.map(name).join(', ')}).`;
    else s += `safe with ${safe.map(name).join(', ')}; **unsafe** with ${unsafe.map(name).join(', ')}.`;
    if (unsafe.length > 0) {
      const u = unsafe[0];
      const broken = DECODE_PROPERTIES.filter((p) => u.properties[p].status === 'violated');
      const ex = broken.map((p) => u.properties[p].explanation).filter((e) => e !== null)[0];
      const how = u.kvfreeLog.find((l) => l.includes('decoded as'));
      s += ` First failure (${u.id}: ${broken.join(', ')}): ${ex}${how ? ` — ${how.replace(/^step \d+ \((.*?)\): /, '')}` : ''}.`;
    }
    const others = new Set(rs.flatMap((r) => Object.entries(r.properties).filter(([p, c]) => c.status === 'violated' && !(DECODE_PROPERTIES as readonly string[]).includes(p)).map(([p]) => p)));
    if (others.size > 0) s += ` Also violated here, independent of the decode: ${[...others].join(', ')}.`;
    lines.push(s);
  }
  return lines;
}

const decodeViolated = (r: TagCellResult): string[] => DECODE_PROPERTIES.filter((p) => r.properties[p].status === 'violated');
const cite = (r: TagCellResult): string => {
  const t = DECODE_PROPERTIES.map((p) => r.properties[p].trace).find((x) => x !== null);
  return t ? `[\`${r.id}\`](${t}/trace.md)` : `\`${r.id}\``;
};
const safeText = (r: TagCellResult): string => (r.decodeSafe ? 'decode-safe' : `**decode-unsafe** (${decodeViolated(r).join(', ')})`);

/**
 * "The answer" to the seed's question, every sentence computed from cell results: each sentence
 * picks its wording from the cells it cites; cells the run did not include are named as missing.
 * The only fixed text is the schemes' mechanism (what the test examines), as in SCHEME_TEXT.
 */
export function renderAnswer(results: readonly TagCellResult[]): string[] {
  const by = (id: string): TagCellResult | undefined => results.find((r) => r.id === id);
  const need = (ids: string[]): TagCellResult[] | string => {
    const miss = ids.filter((id) => by(id) === undefined);
    return miss.length ? `_Not computed in this run: needs cell(s) ${miss.map((m) => `\`${m}\``).join(', ')}._` : ids.map((id) => by(id)!);
  };
  const out: string[] = ['## The answer', ''];
  out.push('Every sentence below is computed from the cells it cites (src/experiments/tagging.ts `renderAnswer`).');
  out.push('');
  // 1. What BIT(0) examines; the head-less vmalloc cell.
  const a1 = need(['v1-bit0-hvmalloc1-p8', 'v1-bit0-kernel-p8']);
  if (typeof a1 === 'string') out.push(`1. ${a1}`);
  else {
    const [hv, k] = a1;
    out.push(
      "1. **Is BIT(0) safe if vmalloc() returns an odd address?** v1's test is `(head - func) & 1`: for a wrapper (func = P + 1, head = wrapper + P) that is the wrapper's address minus one, for an embedded head the object's base; " +
        (hv.decodeSafe
          ? `it never reads the head-less object's own address, and the cell with a head-less vmalloc object at an odd address (alignVmalloc = 1, objects \`${hv.params.objects}\`), ${cite(hv)}, is decode-safe under bit0${k.decodeSafe ? ', as the kernel-alignment cell ' + cite(k) + ' is' : ''}: whether vmalloc() can return an odd address does not matter for the head-less path.`
          : `yet the cell with a head-less vmalloc object at an odd address, ${cite(hv)}, is ${safeText(hv)} under bit0, so the head-less object's address does matter here: see its trace.`),
    );
  }
  // 2. When BIT(0) fails.
  const bit0 = results.filter((r) => r.variant === 'v1' && r.scheme === 'bit0' && r.rcu === 'tree');
  const a2 = need(['v1-bit0-wrap1-p8', 'v1-bit0-obj1-p8']);
  if (typeof a2 === 'string') out.push(`2. ${a2}`);
  else {
    const [w, o] = a2;
    const unsafe = bit0.filter((r) => !r.decodeSafe);
    const real = unsafe.filter((r) => !r.hypothetical);
    const part = (r: TagCellResult, what: string): string => `${what} (${cite(r)}: ${safeText(r)})`;
    out.push(
      `2. **When BIT(0) fails.** ${part(w, 'An odd kmalloc wrapper, alignWrap = 1')}; ${part(o, 'an odd object embedding an rcu_head, alignObj = 1')}. ` +
        (unsafe.length === 0
          ? 'No bit0 cell fails.'
          : real.length === 0
            ? `Every failing bit0 cell (${unsafe.map((r) => `\`${r.id}\``).join(', ')}) is marked **hypothetical**: C's alignment rules rule it out (an rcu_head holds pointers, so it and any struct embedding it are pointer-aligned, and kmalloc() is at least 8-aligned) unless the struct is \`__packed\`.`
            : `bit0 also fails in cells C's alignment allows: ${real.map((r) => `\`${r.id}\``).join(', ')}.`),
    );
  }
  // 3. The offset tag: alignment-free, and its precondition under Tiny RCU.
  const tags = results.filter((r) => r.variant === 'v1' && (r.scheme === 'offset-half' || r.scheme === 'bit31') && r.rcu === 'tree');
  const a3 = need(['v1-offset-half-kernel-p8-tiny', 'v1-offset-half-kernel-p8-tiny-wrap', 'v1-bit31-kernel-p8-tiny-wrap', 'v1-bit0-kernel-p8-tiny-wrap']);
  if (tags.length === 0 || typeof a3 === 'string') out.push(`3. ${typeof a3 === 'string' ? a3 : '_Not computed in this run: no v1 offset-half/bit31 tree cells._'}`);
  else {
    const [t, tw, b31, b0] = a3;
    const unsafeTags = tags.filter((r) => !r.decodeSafe);
    out.push(
      "3. **Joel's offset tag is alignment-free**: it tests the func value's range (`func > LONG_MAX/2`, or `func & BIT(31)` in the posted form), not an address bit; " +
        (unsafeTags.length === 0
          ? `all ${tags.length} v1 offset-half/bit31 cells are decode-safe, across every alignment profile (${[...new Set(tags.map((r) => r.align))].join(', ')}) and P = ${[...new Set(tags.map((r) => r.P))].join('/')}.`
          : `yet ${unsafeTags.map((r) => `${cite(r)} is ${safeText(r)}`).join('; ')}.`) +
        ' Its own precondition is that a tagged head never reaches a generic call_rcu() invoker, whose rcu_reclaim_tiny() (kernel/rcu/tiny.c) frees `head - f` only if `__is_kvfree_rcu_offset(f)` (f < 4096) and otherwise calls `f(head)`. ' +
        (t.decodeSafe
          ? `Under CONFIG_TINY_RCU the Tiny kvfree_call_rcu() (\`rcu=tiny\`: head → call_rcu(head, func), head-less → synchronize_rcu() + kvfree()) never attaches a wrapper (the rcutiny.h form discussed on the list in May 2020, repost patch 21/24, and in rcutiny.h since v5.9; the seed quotes patch 4/7 only, not the March patch 6/7), so no tagged head exists there: ${cite(t)} is decode-safe.`
          : `Under CONFIG_TINY_RCU (\`rcu=tiny\`) ${cite(t)} is ${safeText(t)}.`) +
        ` If a Tiny kernel did hand the tagged wrapper to call_rcu() (\`rcu=tiny-wrap\`, **not proposed**), ${cite(tw)} is ${safeText(tw)}` +
        (tw.decodeSafe ? '' : ': f ≥ 4096, so the invoker calls the tag as a function and the object is never freed') +
        `; bit31 there: ${cite(b31)} ${safeText(b31)}; bit0 there (f = P + 1 < 4096, so \`kvfree(wrapper - 1)\`): ${cite(b0)} ${safeText(b0)}.`,
    );
  }
  // 4. The v6 transplant rows.
  const v6 = results.filter((r) => r.transplant);
  if (v6.length === 0) out.push('4. _Not computed in this run: no v6 offset-half/bit31 cells._');
  else {
    const un = v6.filter((r) => !r.decodeSafe);
    out.push(
      `4. **The v6 offset-half and bit31 rows are transplants** of the review's tags onto the v6.3+ layout (an embedded head's func holds the object pointer), which nobody proposed; they are marked **transplant**. ` +
        (un.length === 0
          ? `All ${v6.length} are decode-safe.`
          : `${un.length} of ${v6.length} are decode-unsafe (${un.map((r) => `\`${r.id}\``).join(', ')}): they show why the tags do not carry over to that layout, not a defect of the March 2020 series.`),
    );
  }
  return out;
}

export function renderTaggingMd(results: readonly TagCellResult[]): string {
  const names = KVFREE_PROPERTY_NAMES;
  const out: string[] = [];
  out.push('# Tagging schemes × alignment × protocol variant');
  out.push('');
  out.push(...renderAnswer(results));
  out.push('');
  out.push('Generated by `rcucheck tags` (src/report/tagging.ts); every verdict below comes from one exhaustive collect-mode BFS per row.');
  out.push('Each row is one configuration: 1 CPU, 1 reader, bulk capacity 1, any allocation failures, debug objects on, the object set of its');
  out.push('alignment profile (`h,e` = a head-less `kvfree_rcu(p)` and a two-argument `kvfree_rcu(p, rh)` slab object; `vmalloc1` uses');
  out.push('`h,ev`, the two-argument object from vmalloc). A cell is `ok` or ✗ with the length of the shortest counterexample; decode failures link to their trace files');
  out.push('(trace.md, trace.itf.json replayable with `rcucheck replay`, trace.html).');
  out.push(`Decode arithmetic runs on kernel virtual addresses (64-bit direct map 0xffff888000000000, 0xffff888080000000 for "objects above 2 GiB",`);
  out.push('vmalloc 0xffffc90000000000; 32-bit lowmem 0xc0000000, vmalloc 0xf8000000); addresses in explanations are the model\'s (direct-map offsets).');
  out.push('');
  out.push(`Cells: ${results.length}; decode-safe: ${results.filter((r) => r.decodeSafe).length}; distinct states in total: ${results.reduce((n, r) => n + r.distinct, 0)}.`);
  out.push('');
  out.push('The scheme varies only where a variant has a dynamically attached head: v1 (the seed\'s kmalloc\'ed wrapper; `none` is the');
  out.push('untagged control that must fail), and v6, where `none` is upstream (no dynamic head: a head-less object without a page falls back to');
  out.push('`synchronize_rcu()` + `kvfree()`), `dyn-head` is the 2024 `dyn_rcu_head` proposal, and `offset-half`/`bit31` are the review\'s tags');
  out.push('transplanted to the v6.3+ layout in which an embedded head\'s `func` holds the object pointer (docs/protocol.md §4.2). v5.9 has neither');
  out.push('wrapper nor tag, so it has one row per alignment. Rows with P = 4 check the schemes\' arithmetic on 32-bit words and 32-bit lowmem addresses.');
  out.push('');
  out.push('## Summary (kernel terms)');
  out.push('');
  out.push('"Decode-safe" = back-pointer recovery, valid-free, exactly-once, no-uaf-read and no-leak all hold: every `rcu_head` taken from ch3 is');
  out.push('turned back into exactly the object (and wrapper) queued with it and freed once. The other properties are the variant\'s own findings');
  out.push('(see models/kvfree/configs.ts: the W0/W1 race of v1/v5.9, the v1 debug-object mismatch for wrappers).');
  out.push('');
  out.push(...summarize(results));
  out.push('');
  out.push('## Matrix');
  out.push('');
  out.push('Marker column: **hypothetical** = the cell puts an object embedding an rcu_head (alignObj < 8, or alignVmalloc < 8 for `ev`) or the wrapper (alignWrap < 8) at an');
  out.push('address C rules out (an rcu_head holds pointers, so it and any struct embedding it are pointer-aligned unless `__packed`; kmalloc() is');
  out.push('at least 8-aligned); **transplant** = a review tag on the v6.3+ layout, which nobody proposed; **not proposed** = the `tiny-wrap` call path.');
  out.push('');
  out.push(`| variant | scheme | alignment | P | rcu | marker | states | decode-safe | ${names.map((n) => SHORT[n]).join(' | ')} |`);
  out.push(`|---|---|---|---|---|---|---:|---|${names.map(() => '---').join('|')}|`);
  for (const r of results) {
    out.push(`| ${rowLabel(r)} | ${r.distinct} | ${r.decodeSafe ? 'yes' : '**no**'} | ${names.map((n) => cellText(r.properties[n])).join(' | ')} |`);
  }
  out.push('');
  out.push(`Columns: ${names.map((n) => `${SHORT[n]} = ${n}`).join(', ')}.`);
  out.push('');
  out.push('## Alignment profiles');
  out.push('');
  for (const a of ALIGN_PROFILES) out.push(`- \`${a.id}\` (alignObj ${a.alignObj}, alignWrap ${a.alignWrap}, alignVmalloc ${a.alignVmalloc}, objects ${a.objects}): ${a.text}`);
  out.push('');
  out.push('## Which kvfree() received which address (unsafe cells)');
  out.push('');
  for (const r of results.filter((x) => !x.decodeSafe)) {
    out.push(`### ${r.id}`);
    out.push('');
    for (const l of r.kvfreeLog) out.push(`- ${l}`);
    out.push('');
  }
  return out.join('\n');
}

export interface TaggingRun {
  results: TagCellResult[];
  totalMs: number;
  /** The signal stopped it between two cells: what was done is written, marked incomplete. */
  interrupted?: boolean;
}

/**
 * Run the tagging matrix (cells whose id contains `filter`, or all) and write its report under
 * `outDir`. Between two cells the event loop gets a turn, so `signal` (Ctrl-C) is seen: the run
 * then stops and writes the cells it finished, marked incomplete (report/incomplete.ts).
 */
export async function runTagging(outDir: string, opts: { filter?: string; onCell?: (r: TagCellResult) => void; signal?: { aborted: boolean } } = {}): Promise<TaggingRun> {
  const cells = tagMatrix().filter((c) => opts.filter === undefined || c.id.includes(opts.filter));
  if (cells.length === 0) return { results: [], totalMs: 0 }; // nothing selected: write nothing
  const t0 = Date.now();
  const results: TagCellResult[] = [];
  const files: Record<string, string> = {};
  for (const c of cells) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (opts.signal?.aborted === true) break;
    const run = runCell(c);
    results.push(run.result);
    for (const [f, text] of Object.entries(run.files)) files[`${c.id}/${f}`] = text;
    opts.onCell?.(run.result);
  }
  const totalMs = Date.now() - t0;
  await new Promise<void>((resolve) => setImmediate(resolve));
  const interrupted = opts.signal?.aborted === true; // between two cells, or during the last one
  const reason = `interrupted after ${results.length} of ${cells.length} cells`;
  const json = stableJson({ cells: results.map((r) => ({ ...r, durationMs: undefined })), decodeProperties: DECODE_PROPERTIES, profiles: ALIGN_PROFILES, schemes: SCHEME_TEXT });
  const md = renderTaggingMd(results);
  await writeOutputs([
    { path: `${outDir}/tagging`, files },
    { path: `${outDir}/tagging.json`, content: interrupted ? jsonIncomplete(json, reason) : json },
    { path: `${outDir}/tagging.md`, content: interrupted ? markdownIncomplete(md, reason) : md },
  ]);
  return interrupted ? { results, totalMs, interrupted } : { results, totalMs };
}
