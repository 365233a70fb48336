/**
 * Compile: parameters → validated values; a model instance → flat, id-indexed arrays.
 *
 * Why this file exists: the explorer works on dense integer ids. Parameterised actions are
 * expanded once, in declaration order, into ActionIds; properties are split by kind; initial
 * states are encoded. Parameter validation lives here so every front end (CLI, plan, tests)
 * reports bad input the same way.
 *
 * What it must not do: run a search, print, or exit.
 */
import { buildActionIndex, type ActionIndex } from './action-index.js';
import { compileCodec, type Codec } from './codec.js';
import type { ActionSite, LeadsTo, ModelDef, ModelInstance, Params, Property } from './types.js';
import { checkError, type Result } from '../base/errors.js';

export type { Result };

/** Validate raw `name=value` strings (or values) against a model's parameter specs; fill defaults. */
export function resolveParams(def: ModelDef, raw: Readonly<Record<string, string | number>>): Result<Params> {
  const out: Record<string, number | string> = {};
  for (const name of Object.keys(raw)) {
    if (!(name in def.params)) {
      const valid = Object.keys(def.params).join(', ') || '(none)';
      return { ok: false, error: checkError('RC002', `model ${def.id} has no parameter '${name}' (valid: ${valid})`) };
    }
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const given = raw[name];
    if (given === undefined) {
      out[name] = spec.default;
      continue;
    }
    if (spec.values !== undefined) {
      const v = spec.values.find((x) => String(x) === String(given));
      if (v === undefined) {
        return {
          ok: false,
          error: checkError('RC003', `parameter ${name}=${given} is not allowed (valid: ${spec.values.join(', ')})`),
        };
      }
      out[name] = v;
      continue;
    }
    if (spec.pattern !== undefined) {
      if (!new RegExp(`^(?:${spec.pattern})$`).test(String(given))) {
        return { ok: false, error: checkError('RC003', `parameter ${name}=${given} does not match ${spec.pattern}`) };
      }
      const problem = spec.check?.(String(given)) ?? null;
      if (problem !== null) return { ok: false, error: checkError('RC003', `parameter ${name}=${given} is not valid: ${problem}`) };
      out[name] = String(given);
      continue;
    }
    const n = typeof given === 'number' ? given : Number(given);
    // A string must be a plain decimal integer: '2e0', '0x2' or '2 ' would be read as 2 and reported so.
    if (typeof given === 'string' ? !/^-?\d+$/.test(given) : !Number.isInteger(n)) {
      return { ok: false, error: checkError('RC003', `parameter ${name}=${given} is not an integer`) };
    }
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      return {
        ok: false,
        error: checkError('RC003', `parameter ${name}=${given} is out of range [${spec.min ?? '-inf'}, ${spec.max ?? '+inf'}]`),
      };
    }
    out[name] = n;
  }
  const problem = def.paramsProblem?.(out) ?? null;
  if (problem !== null) return { ok: false, error: checkError('RC003', `model ${def.id}: ${problem}`) };
  return { ok: true, value: out };
}

// Compiled models are heterogeneous; each model's own code keeps its precise state type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyState = any;

export interface CompiledModel {
  readonly id: string;
  readonly def: ModelDef;
  readonly params: Params;
  readonly instance: ModelInstance;
  readonly codec: Codec<AnyState>;
  /** Per ActionId: full label (`name [choice]`), base step name, actor, choice label, param. */
  readonly actionLabel: readonly string[];
  readonly actionName: readonly string[];
  readonly actionActor: readonly string[];
  readonly actionChoice: readonly string[];
  readonly actionParam: readonly unknown[];
  readonly guards: readonly ((s: unknown, p: unknown) => boolean)[];
  /** Which guards can be true in a state, from the actions' declared sites (action-index.ts); null: none declared, try every guard. */
  readonly actionIndex: ActionIndex | null;
  readonly applies: readonly ((d: unknown, p: unknown) => void)[];
  readonly invariants: readonly Extract<Property<AnyState>, { kind: 'invariant' }>[];
  readonly transitions: readonly Extract<Property<AnyState>, { kind: 'transition' }>[];
  readonly terminals: readonly Extract<Property<AnyState>, { kind: 'terminal' }>[];
  /** Liveness properties (`p ~> q`), checked after a complete search (src/engine/liveness/). */
  readonly liveness: readonly LeadsTo<AnyState>[];
  /** Per ActionId: 0 unfair, 1 weakly fair, 2 strongly fair (ActionDef.fair). */
  readonly actionFair: Int8Array;
  readonly initWords: readonly Int32Array[];
}

function describeParam(p: unknown): string {
  if (p === undefined) return '';
  if (typeof p !== 'object' || p === null) return typeof p === 'string' ? p : JSON.stringify(p);
  return Object.entries(p as Record<string, unknown>)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v as string | number | boolean)}`)
    .join(',');
}

/**
 * The bounded-response properties named with an argument, `NAME:K` (`freed-within:2`): a copy of
 * the leadsTo property NAME (which declares `within`) with `within` K and that name. The message
 * when NAME is such a property but K is not a non-negative integer.
 */
function withinArguments(props: readonly Property<AnyState>[], only: readonly string[]): { ok: true; value: Property<AnyState>[] } | { ok: false; error: string } {
  const out: Property<AnyState>[] = [];
  for (const n of only) {
    const at = n.lastIndexOf(':');
    if (at < 0) continue;
    const base = props.find((p) => p.name === n.slice(0, at));
    if (base === undefined || base.kind !== 'leadsTo' || base.within === undefined) continue;
    const k = n.slice(at + 1);
    if (!/^[0-9]{1,6}$/.test(k)) return { ok: false, error: `property '${n}': the bound after ':' must be a non-negative integer (measured steps)` };
    out.push({ ...base, name: n, within: Number(k) });
  }
  return { ok: true, value: out };
}

/**
 * Build and compile a model instance.
 * @param only If given, keep only the named properties (unknown names are an RC002 error). Liveness
 *   (`leadsTo`) properties are kept only when named here.
 */
export function compileModel(def: ModelDef, params: Params, only?: readonly string[]): Result<CompiledModel> {
  const instance = def.build(params);
  const codec = compileCodec(instance.shape) as Codec<AnyState>;
  const actionLabel: string[] = [];
  const actionName: string[] = [];
  const actionActor: string[] = [];
  const actionChoice: string[] = [];
  const actionParam: unknown[] = [];
  const guards: ((s: unknown, p: unknown) => boolean)[] = [];
  const applies: ((d: unknown, p: unknown) => void)[] = [];
  const fair: number[] = [];
  const sites: (ActionSite | null)[] = [];
  for (const a of instance.actions) {
    const ps: readonly unknown[] = a.params ?? [undefined];
    for (const p of ps) {
      const choice = a.label ? a.label(p) : describeParam(p);
      actionName.push(a.name);
      actionActor.push(typeof a.actor === 'function' ? a.actor(p) : a.actor);
      actionChoice.push(choice);
      actionLabel.push(choice === '' ? a.name : `${a.name} [${choice}]`);
      actionParam.push(p);
      guards.push(a.enabled as (s: unknown, p: unknown) => boolean);
      applies.push(a.apply as (d: unknown, p: unknown) => void);
      fair.push(a.fair === 'strong' ? 2 : a.fair === 'weak' ? 1 : 0);
      sites.push(a.at === undefined ? null : a.at(p));
    }
  }
  const actionIndex = buildActionIndex(codec.leaves, sites, actionLabel);
  let props = instance.properties as readonly Property<AnyState>[];
  // Liveness properties are checked only when named: they need the whole state graph and force
  // a one-thread exact BFS (explore.ts; symmetry only over elements that fix liveness), which a default check must not become.
  if (only === undefined || only.length === 0) props = props.filter((p) => p.kind !== 'leadsTo');
  if (only !== undefined && only.length > 0) {
    const bounded = withinArguments(props, only);
    if (!bounded.ok) return { ok: false, error: checkError('RC002', `model ${def.id}: ${bounded.error}`) };
    props = [...props, ...bounded.value];
    const names = new Set(props.map((p) => p.name));
    for (const n of only) {
      if (!names.has(n)) {
        return {
          ok: false,
          error: checkError('RC002', `model ${def.id} has no property '${n}' (valid: ${[...names].join(', ')})`),
        };
      }
    }
    props = props.filter((p) => only.includes(p.name));
  }
  const initWords = instance.init.map((s) => codec.encode(s));
  return {
    ok: true,
    value: {
      id: def.id,
      def,
      params,
      instance,
      codec,
      actionLabel,
      actionName,
      actionActor,
      actionChoice,
      actionParam,
      guards,
      actionIndex,
      applies,
      invariants: props.filter((p) => p.kind === 'invariant'),
      transitions: props.filter((p) => p.kind === 'transition'),
      terminals: props.filter((p) => p.kind === 'terminal'),
      liveness: props.filter((p) => p.kind === 'leadsTo'),
      actionFair: Int8Array.from(fair),
      initWords,
    },
  };
}

/**
 * The one compile step every front end uses (check service, replay, trace files, experiments,
 * benchmarks): raw parameters → validated values → compiled model, with a model whose `build`
 * throws turned into `RC010` instead of an exception.
 * @param only If given, keep only the named properties (RC002 for an unknown one).
 */
export function buildModel(def: ModelDef, raw: Readonly<Record<string, string | number>>, only?: readonly string[]): Result<CompiledModel> {
  const params = resolveParams(def, raw);
  if (!params.ok) return params;
  try {
    return compileModel(def, params.value, only);
  } catch (e) {
    return { ok: false, error: checkError('RC010', `model ${def.id} could not be built: ${e instanceof Error ? e.message : String(e)}`) };
  }
}
