/**
 * ITF: write and read counterexamples in the Informal Trace Format (Apalache ADR-015, as used by
 * Apalache and Quint), so a trace travels to other tools and comes back to `rcucheck replay`.
 *
 * Layout of `trace.itf.json`:
 * ```
 * { "#meta": { format: "ITF", format-description, source, model, params, property, kind,
 *              description, explanation, rcucheck, fingerprint, init, switches,
 *              actions: [label of the action taken at step 1..n], actors: [actor per step] },
 *   "vars":   [ top-level state field names, in shape order ],
 *   "states": [ { "#meta": { index, action, actor, choice }, <var>: <ITF value>, ... } ],
 *   "loop":   <index>            (lasso traces only; safety traces have none) }
 * ```
 * A lasso (liveness counterexample, kind `liveness`, `#meta` also carries `instance` and
 * `pIndex`, the state where p holds) follows ITF's reading of `loop`: the last state is followed
 * by `states[loop]` again. rcucheck writes the cycle's closing step as a real step, so the last
 * state equals `states[loop]` and that last "return" is a stuttering step; when `loop` is the
 * last index the behaviour stutters there forever (no action is enabled).
 * `actions[i]` / `actors[i]` lead from `states[i]` to `states[i + 1]`; `states[0]["#meta"].action`
 * is `init`. Model parameters live in `#meta.params`, not in ITF's top-level `params` (which names
 * per-state constants that would then have to appear in every state); a top-level `params` in a
 * file from another tool is accepted and its per-state values are ignored.
 *
 * Value encoding (ADR decision): booleans and strings as JSON; every integer as
 * `{"#bigint": "n"}`, the standard ITF integer that Quint and Apalache write today (Quint reads
 * plain JSON numbers only for backwards compatibility); fixed-length arrays as JSON arrays (ITF
 * sequences); structs as JSON objects (ITF records). The reader accepts both integer forms and
 * `#tup` (read as an array). `#set`, `#map` and `#unserializable` never occur in rcucheck states
 * and are refused (RC004). Humans read trace.md / trace.html; this file is for tools.
 *
 * Interoperability note: Quint reads any object with a `tag` field as a variant, so a model
 * state struct should not name a field `tag` if its traces are meant for Quint.
 *
 * What it must not do: touch the file system or `process`; resolve models (confirm.ts does).
 */
import { checkError } from '../base/errors.js';
import type { Result } from '../model/compile.js';
import type { Measured, ViolationKind } from '../engine/outcome.js';
import type { Trace } from './trace.js';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** A plain (decoded) value of an rcucheck state. */
export type PlainValue = number | boolean | string | PlainValue[] | { [k: string]: PlainValue };

/** The trace's own fields (model, params, property, kind, description, explanation, version, switches) plus ITF's. */
export interface ItfMeta
  extends Pick<Trace, 'rcucheck' | 'model' | 'params' | 'property' | 'kind' | 'description' | 'explanation' | 'switches'> {
  format: 'ITF';
  'format-description': string;
  /** Which tool and command produced the file. */
  source: string;
  /** Model fingerprint (fingerprint.ts); absent in traces written without the model at hand. */
  fingerprint?: string;
  /** Index of the model's initial state the trace starts from. */
  init: number;
  /** Full action label per step (length states - 1). */
  actions: string[];
  /** Actor per step (length states - 1). */
  actors: string[];
  /** Liveness: the failing instance of a per-object property. */
  instance?: number;
  /** Liveness: the index of the state where p holds (q is false from there on). */
  pIndex?: number;
  /** A path that counts `measure` steps: a latency witness or a bounded-response counterexample. */
  measured?: Measured;
}

export interface ItfStateMeta {
  index: number;
  action: string;
  actor: string;
  choice: string;
}

export interface ItfState {
  meta: ItfStateMeta;
  /** The decoded state, keys in `vars` order. */
  state: Record<string, PlainValue>;
}

/** A decoded ITF trace. */
export interface ItfTrace {
  meta: ItfMeta;
  vars: string[];
  states: ItfState[];
  loop?: number;
}

// ---------------------------------------------------------------------------------------------
// Trace → ItfTrace → text

export interface ItfWriteOptions {
  fingerprint?: string;
  /** Initial state index (default 0; models with several initial states pass the real one). */
  init?: number;
  source?: string;
}

/** The ITF view of a trace (no encoding yet). */
export function toItf(trace: Trace, options: ItfWriteOptions = {}): ItfTrace {
  const first = (trace.steps[0]?.state ?? {}) as Record<string, PlainValue>;
  const meta: ItfMeta = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    source: options.source ?? `rcucheck ${trace.rcucheck} check`,
    model: trace.model,
    params: { ...trace.params },
    property: trace.property,
    kind: trace.kind,
    description: trace.description,
    explanation: trace.explanation,
    rcucheck: trace.rcucheck,
    init: options.init ?? 0,
    switches: trace.switches,
    actions: trace.steps.slice(1).map((s) => s.action),
    actors: trace.steps.slice(1).map((s) => s.actor),
  };
  if (options.fingerprint !== undefined) meta.fingerprint = options.fingerprint;
  if (trace.instance !== undefined) meta.instance = trace.instance;
  if (trace.pIndex !== undefined) meta.pIndex = trace.pIndex;
  if (trace.measured !== undefined) meta.measured = { ...trace.measured };
  const out: ItfTrace = {
    meta,
    vars: Object.keys(first),
    states: trace.steps.map((s) => ({
      meta: { index: s.index, action: s.action, actor: s.actor, choice: s.choice },
      state: s.state as Record<string, PlainValue>,
    })),
  };
  if (trace.loop !== undefined) out.loop = trace.loop;
  return out;
}

function encodeValue(v: PlainValue): unknown {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new RangeError(`ITF: ${v} is not an integer`);
    return { '#bigint': BigInt(v).toString() };
  }
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(encodeValue);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = encodeValue(x);
  return out;
}

/** Serialise an ItfTrace as ITF JSON text (2-space indented, trailing newline). */
export function serializeItf(itf: ItfTrace): string {
  const doc: Record<string, unknown> = {
    '#meta': itf.meta,
    vars: itf.vars,
    states: itf.states.map((s) => {
      const o: Record<string, unknown> = { '#meta': s.meta };
      for (const v of itf.vars) o[v] = encodeValue(s.state[v]);
      return o;
    }),
  };
  if (itf.loop !== undefined) doc.loop = itf.loop;
  return JSON.stringify(doc, null, 2) + '\n';
}

/** `trace.itf.json` text for a trace. */
export function writeItf(trace: Trace, options: ItfWriteOptions = {}): string {
  return serializeItf(toItf(trace, options));
}

// ---------------------------------------------------------------------------------------------
// text → ItfTrace (validated)

class ItfError extends Error {}

function fail(where: string, what: string): never {
  throw new ItfError(`${where}: ${what}`);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function decodeValue(x: unknown, where: string): PlainValue {
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) fail(where, `${x} is not a safe integer (write it as {"#bigint": "..."})`);
    return x;
  }
  if (Array.isArray(x)) return x.map((y, i) => decodeValue(y, `${where}[${i}]`));
  if (!isObj(x)) return fail(where, `unsupported value ${JSON.stringify(x)}`);
  if ('#bigint' in x) {
    const s = x['#bigint'];
    if (typeof s !== 'string' || !/^-?[0-9]+$/.test(s)) fail(where, `malformed #bigint ${JSON.stringify(s)}`);
    const n = Number(s);
    if (!Number.isSafeInteger(n)) fail(where, `#bigint ${s} is outside the integers rcucheck states can hold`);
    return n;
  }
  if ('#tup' in x) {
    const t = x['#tup'];
    if (!Array.isArray(t)) fail(where, '#tup must be an array');
    return t.map((y, i) => decodeValue(y, `${where}[${i}]`));
  }
  for (const k of ['#set', '#map', '#unserializable']) {
    if (k in x) fail(where, `${k} values do not occur in rcucheck states`);
  }
  const out: Record<string, PlainValue> = {};
  for (const [k, y] of Object.entries(x)) {
    if (k.startsWith('#')) fail(where, `unknown ITF tag ${k}`);
    out[k] = decodeValue(y, `${where}.${k}`);
  }
  return out;
}

function str(o: Record<string, unknown>, k: string, where: string): string {
  const v = o[k];
  if (typeof v !== 'string') fail(where, `"${k}" must be a string`);
  return v;
}

function int(o: Record<string, unknown>, k: string, where: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(where, `"${k}" must be a non-negative integer`);
  return v;
}

function strArray(o: Record<string, unknown>, k: string, where: string): string[] {
  const v = o[k];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(where, `"${k}" must be an array of strings`);
  return v as string[];
}

const KINDS: readonly ViolationKind[] = ['invariant', 'transition', 'terminal', 'deadlock', 'liveness', 'error'];

function readMeasured(x: unknown): Measured {
  const w = '#meta.measured';
  if (!isObj(x)) return fail(w, 'must be an object { action, count, within?, witness? }');
  const count = x.count === 'unbounded' ? 'unbounded' : int(x, 'count', w);
  const out: Measured = { action: str(x, 'action', w), count };
  if (x.within !== undefined) out.within = int(x, 'within', w);
  if (x.witness !== undefined) {
    if (x.witness !== true) fail(w, '"witness" must be true when present');
    out.witness = true;
  }
  return out;
}

function readMeta(x: unknown): ItfMeta {
  const w = '#meta';
  if (!isObj(x)) return fail(w, 'missing or not an object (rcucheck needs model, params, property and actions)');
  if (x.format !== undefined && x.format !== 'ITF') fail(w, `format is ${JSON.stringify(x.format)}, expected "ITF"`);
  const params = x.params;
  if (!isObj(params)) fail(w, '"params" must be an object of name → value');
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'number' && typeof v !== 'string') fail(w, `parameter ${k} must be a number or a string`);
  }
  const kind = str(x, 'kind', w);
  if (!KINDS.includes(kind as ViolationKind)) fail(w, `"kind" must be one of ${KINDS.join(', ')}`);
  const meta: ItfMeta = {
    format: 'ITF',
    'format-description': typeof x['format-description'] === 'string' ? x['format-description'] : ITF_FORMAT_DESCRIPTION,
    source: typeof x.source === 'string' ? x.source : 'unknown',
    model: str(x, 'model', w),
    params: params as Record<string, number | string>,
    property: str(x, 'property', w),
    kind: kind as ViolationKind,
    description: typeof x.description === 'string' ? x.description : '',
    explanation: typeof x.explanation === 'string' ? x.explanation : '',
    rcucheck: str(x, 'rcucheck', w),
    init: x.init === undefined ? 0 : int(x, 'init', w),
    switches: x.switches === undefined ? 0 : int(x, 'switches', w),
    actions: strArray(x, 'actions', w),
    actors: x.actors === undefined ? [] : strArray(x, 'actors', w),
  };
  if (x.fingerprint !== undefined) meta.fingerprint = str(x, 'fingerprint', w);
  if (x.instance !== undefined) meta.instance = int(x, 'instance', w);
  if (x.pIndex !== undefined) meta.pIndex = int(x, 'pIndex', w);
  if (x.measured !== undefined) meta.measured = readMeasured(x.measured);
  return meta;
}

function parseItf(text: string): ItfTrace {
  let doc: unknown;
  try {
    // A byte order mark (an editor on Windows saved the file) is not part of the JSON: skip it.
    doc = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    return fail('trace', `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObj(doc)) fail('trace', 'the top level must be an object with "vars" and "states"');
  const meta = readMeta(doc['#meta']);
  const vars = strArray(doc, 'vars', 'trace');
  const constants = doc.params === undefined ? [] : strArray(doc, 'params', 'trace');
  if (new Set(vars).size !== vars.length) fail('vars', 'duplicate variable names');
  const rawStates = doc.states;
  if (!Array.isArray(rawStates) || rawStates.length === 0) fail('trace', '"states" must be a non-empty array');
  const states: ItfState[] = rawStates.map((s, i) => {
    const w = `states[${i}]`;
    if (!isObj(s)) fail(w, 'not an object');
    const m = s['#meta'];
    let sm: ItfStateMeta;
    if (isObj(m)) {
      sm = {
        index: m.index === undefined ? i : int(m, 'index', `${w}.#meta`),
        action: typeof m.action === 'string' ? m.action : i === 0 ? 'init' : meta.actions[i - 1] ?? '',
        actor: typeof m.actor === 'string' ? m.actor : i === 0 ? 'init' : meta.actors[i - 1] ?? '',
        choice: typeof m.choice === 'string' ? m.choice : '',
      };
      if (sm.index !== i) fail(`${w}.#meta`, `index ${sm.index} out of order (expected ${i})`);
    } else {
      sm = { index: i, action: i === 0 ? 'init' : meta.actions[i - 1] ?? '', actor: i === 0 ? 'init' : meta.actors[i - 1] ?? '', choice: '' };
    }
    const state: Record<string, PlainValue> = {};
    for (const v of vars) {
      if (!(v in s)) fail(w, `missing variable "${v}"`);
      state[v] = decodeValue(s[v], `${w}.${v}`);
    }
    for (const k of Object.keys(s)) {
      if (k !== '#meta' && !vars.includes(k) && !constants.includes(k)) fail(w, `variable "${k}" is not listed in "vars"`);
    }
    return { meta: sm, state };
  });
  if (meta.actions.length !== states.length - 1) {
    fail('#meta', `"actions" has ${meta.actions.length} entries but there are ${states.length} states (expected ${states.length - 1})`);
  }
  if (meta.actors.length !== 0 && meta.actors.length !== states.length - 1) {
    fail('#meta', `"actors" has ${meta.actors.length} entries, expected ${states.length - 1}`);
  }
  const out: ItfTrace = { meta, vars, states };
  if (doc.loop !== undefined) {
    const loop = int(doc, 'loop', 'trace');
    if (loop >= states.length) fail('trace', `"loop" ${loop} is not a state index (${states.length} states)`);
    out.loop = loop;
  }
  return out;
}

/** Parse and validate ITF text. Malformed JSON or structure is RC004, naming where. */
export function readItf(text: string): Result<ItfTrace> {
  try {
    return { ok: true, value: parseItf(text) };
  } catch (e) {
    if (e instanceof ItfError) return { ok: false, error: checkError('RC004', `malformed ITF trace: ${e.message}`) };
    throw e;
  }
}
