/**
 * The model API: what a model author writes.
 *
 * Why this file exists: a model is data plus pure functions: named parameters, a state shape,
 * initial states, an ordered list of actions (guard + immer-style recipe) and properties. The
 * order of everything is deterministic, because traces are stored as action ids.
 *
 * What it must not do: import the engine, immer, yargs or graphology. Models and invariants
 * import only from `src/model/`.
 */
import type { DisplayNames } from './display.js';
import type { Infer, Shape } from './shape.js';

export type { DisplayNames } from './display.js';

/** Read-only view of a state for guards and properties (plain `any` stays `any`). */
export type RO<S> = 0 extends 1 & S ? S : Readonly<S>;

/** A model parameter: default, allowed range and what it means. */
export interface ParamSpec {
  readonly description: string;
  readonly default: number | string;
  /** Integer parameters: inclusive range. */
  readonly min?: number;
  readonly max?: number;
  /** Enumerated parameters: the allowed values. */
  readonly values?: readonly (string | number)[];
  /** String parameters: a regular expression the whole value must match. */
  readonly pattern?: string;
  /**
   * String parameters: what a pattern cannot say (e.g. a back-reference to an earlier item);
   * the problem in one line, or null when the value is valid. Must be pure and not throw.
   */
  readonly check?: (value: string) => string | null;
}
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type Params = Readonly<Record<string, number | string>>;

/**
 * One action of a model, possibly parameterised. Each parameter value becomes its own ActionId.
 *
 * @remarks `enabled` must be pure and deterministic; `apply` mutates the draft it is given (an
 * immer draft in the reference interpreter, a packed view in the explorer) and must use only
 * index access, `.length`, `for..of` and field assignment: the state is fixed-width.
 */
export interface ActionDef<S, P = undefined> {
  /** The protocol step it models, e.g. `C3 add_ptr_to_bulk`. */
  readonly name: string;
  /** Who takes the step, e.g. `cpu0`, `monitor1`, `gp`. */
  readonly actor: string | ((p: P) => string);
  /** Parameter values; each becomes one action id. Omit for a single unparameterised action. */
  readonly params?: readonly P[];
  /** Short description of the nondeterministic choice the parameter encodes (for traces). */
  readonly label?: (p: P) => string;
  readonly enabled: (s: RO<S>, p: P) => boolean;
  readonly apply: (d: S, p: P) => void;
  /**
   * Fairness for liveness (`leadsTo`) checks, per action id (each parameter value is its own fair
   * action, as `\A p: WF_vars(A(p))` in TLA+). `weak`: an action enabled forever from some point
   * on is taken infinitely often; `strong`: one enabled infinitely often is taken infinitely
   * often. Default: unfair. Safety checks ignore it.
   */
  readonly fair?: Fairness;
  /**
   * Where the step can be taken, as SPIN's transitions leave a process's current location: a
   * leaf of the state (its codec path, e.g. `proc[2].loc`) and the value it must hold. A
   * necessary condition of `enabled`, never more: in any state where the leaf holds another value
   * `enabled` must be false. The explorer then tries the guard only in states where the leaf holds
   * it (src/model/action-index.ts); counts, verdicts and traces are the same (tests check both
   * the claim, on every reachable state, and the counts with and without it).
   */
  readonly at?: (p: P) => ActionSite;
  /**
   * What the step reads and writes (`--races`, src/model/races.ts): declarative labels, one per
   * access, beside the step they describe. They change no state, no count and no fingerprint;
   * only the race check reads them.
   */
  readonly accesses?: readonly Access<S, P>[];
}

/** A leaf (codec path) and the value it holds wherever an action can be enabled (`ActionDef.at`). */
export interface ActionSite {
  readonly leaf: string;
  readonly is: string | number | boolean;
}

/**
 * One memory access a step makes, for the data-race check (`rcucheck check --races`): where,
 * read or write, plain or marked (READ_ONCE/WRITE_ONCE/atomic), and the locks the actor holds
 * while it makes it. `loc` and `locks` may depend on the action's parameter (the CPU, the krcp).
 */
export interface Access<S = unknown, P = undefined> {
  /** A field path in the kernel's terms, e.g. `krcp[0].monitor_work.timer.expires`. */
  readonly loc: string | ((p: P) => string);
  readonly kind: 'read' | 'write';
  /** `marked`: READ_ONCE/WRITE_ONCE/atomic_*(); two accesses race only if one is plain. */
  readonly mode: 'plain' | 'marked';
  /** Locks held during the access, e.g. `krcp[0].lock` (default none). */
  readonly locks?: readonly string[] | ((p: P) => readonly string[]);
  /**
   * The states in which the step makes this access (default: whenever it is taken), for an
   * access on one path of the step or at a location the state picks (then one label per place).
   * Evaluated on the state before the step, like the guard.
   */
  readonly when?: (s: RO<S>, p: P) => boolean;
  /** Where the kernel makes it: function and release. */
  readonly cite?: string;
}

/** Fairness of an action (ActionDef.fair). */
export type Fairness = 'weak' | 'strong';

/**
 * An action of a model whose actions take parameters of different types (the usual case).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action's own parameter type is checked where it is defined
export type AnyActionDef<S> = ActionDef<S, any>;

/** Property kinds, as in TLC: invariants on states, action properties on edges, terminal ones on end states. */
export type Property<S> =
  | {
      readonly kind: 'invariant';
      readonly name: string;
      readonly description: string;
      readonly holds: (s: RO<S>) => boolean;
      /** One sentence in domain terms saying why the state violates it (reports only). */
      readonly explain?: (s: RO<S>) => string;
    }
  | {
      readonly kind: 'transition';
      readonly name: string;
      readonly description: string;
      readonly holds: (prev: RO<S>, next: RO<S>) => boolean;
      readonly explain?: (prev: RO<S>, next: RO<S>) => string;
    }
  | {
      /** Checked on states with no enabled action (quiescent end states). */
      readonly kind: 'terminal';
      readonly name: string;
      readonly description: string;
      readonly holds: (s: RO<S>) => boolean;
      readonly explain?: (s: RO<S>) => string;
    }
  | LeadsTo<S>;

/**
 * A liveness property `p ~> q` (TLA+ `[](p => <>q)`): on every fair behaviour, whenever `p` holds,
 * `q` holds then or later. Checked on the state graph of a complete search under the actions'
 * fairness (ActionDef.fair); a behaviour that ends in a state with no enabled action stutters
 * there forever. `instances` makes one property per object (instance `i` of `p`/`q`), each
 * checked on its own.
 */
export interface LeadsTo<S> {
  readonly kind: 'leadsTo';
  readonly name: string;
  readonly description: string;
  /** How many instances (per-object properties); default 1. */
  readonly instances?: number;
  readonly p: (s: RO<S>, i: number) => boolean;
  readonly q: (s: RO<S>, i: number) => boolean;
  /**
   * An action name whose steps are counted between p and q: the check then reports, per
   * instance, the worst count over the recorded graph (`outcome.liveness.latency`), or
   * `unbounded` (src/engine/liveness/latency.ts). For kvfree: grace periods from acceptance to free.
   */
  readonly measure?: string;
  /**
   * Bounded response (needs `measure`): besides `p ~> q`, at most `within` steps of `measure` are
   * taken from states where p holds and q does not (counted from the last time p-and-not-q began).
   * Violated by the shortest finite path that takes one more (src/engine/liveness/witness.ts), or
   * by the lasso of `p ~> q`. It holds exactly when the reported latency is at most `within`. The
   * value here is the default; `--invariant NAME:K` checks the property with `within` K.
   */
  readonly within?: number;
  /** One sentence saying why the lasso violates instance `i` (reports only); `s` is the state where p held. */
  readonly explain?: (s: RO<S>, i: number) => string;
}

/**
 * One element of a model's symmetry group: a permutation of its state (for kvfree: swap two CPUs
 * with everything that names them). `apply` writes the image of `src` into `dst`, which starts as
 * a copy of `src`: it must assign every field that the permutation moves or renames.
 */
export interface Permutation<S> {
  /** Shown in errors and summaries, e.g. `swap cpu0/cpu1`. */
  readonly name: string;
  readonly apply: (src: RO<S>, dst: S) => void;
  /**
   * `apply` assigns every field of `dst` (not only what it moves), so the engine may run it on
   * a `dst` holding anything, without copying `src` first (several times faster). The symmetry
   * check verifies the claim.
   */
  readonly complete?: boolean;
  /**
   * The element maps every `leadsTo` instance to itself (p and q of instance i give the same
   * answer on a state and on its image) and every fair action and every `measure` action to
   * itself (the same action id is enabled on the image and leads to the image of the successor).
   * Only such elements are used when a liveness property is checked (src/engine/explore.ts);
   * `--check-symmetry` verifies the claim on every reachable state. Default false.
   */
  readonly fixesLiveness?: boolean;
  /**
   * The same element on packed words (an element built by `leafPermutation`,
   * src/model/leaf-permutation.ts, from a leaf-by-leaf description): the canonicaliser then makes
   * images from the successor's words, without running `apply` on a mirror.
   */
  readonly words?: WordImage;
}

/**
 * A symmetry element on packed words, generated from the same description as its `apply`.
 * `image` writes the image of `w[off..off+words)` into `out[0..words)`; `compare` does the same
 * word by word, comparing each image word with the state's own (as signed integers): 1 as soon
 * as the image is greater (then `out` holds only a prefix), 0 when equal, -1 when less (then `out`
 * holds the whole image). Both throw a ShapeError when a renamed value does not fit its leaf.
 */
export interface WordImage {
  image(w: Int32Array, off: number, out: Int32Array): void;
  compare(w: Int32Array, off: number, out: Int32Array): number;
}

/**
 * A symmetry group: every non-identity element, listed (the engine takes the least image over
 * the identity and these as an orbit's representative, so the list must be the whole group,
 * closed under composition). The model claims that each element maps successors of s to
 * successors of its image of s and that every property gives the same answer on both;
 * `--check-symmetry` verifies the claim on every reachable state.
 */
export interface Symmetry<S> {
  /** What is permuted, e.g. `CPUs (with their krcp, callers and objects)`. */
  readonly description: string;
  readonly elements: readonly Permutation<S>[];
}

/** A model instance for one parameter assignment. */
export interface ModelInstance<T extends Shape = Shape> {
  readonly shape: T;
  /**
   * Display names of state paths in the domain's terms, declared beside the shape
   * (`cpu[].krw[].headFree` → `krc[].krw_arr[].head_free`; pattern language in display.ts).
   * Trace renderers (timeline, trace.md, trace.html) show them; ITF files and replay keep the
   * raw paths. Omit to show raw paths.
   */
  readonly display?: DisplayNames;
  readonly init: readonly Infer<T>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly actions: readonly ActionDef<Infer<T>, any>[];
  readonly properties: readonly Property<Infer<T>>[];
  /** A state with no enabled action that is a legal end (not a deadlock). Default: none is. */
  readonly validEnd?: (s: RO<Infer<T>>) => boolean;
  /** Symmetry the instance has (omit or leave `elements` empty for none). */
  readonly symmetry?: Symmetry<Infer<T>>;
}


/** A model family: parameters plus a builder. */
export interface ModelDef {
  readonly id: string;
  readonly description: string;
  readonly params: ParamSpecs;
  /** Names of the properties instances carry (for `list`; must match the instances). */
  readonly propertyNames: readonly string[];
  /**
   * What the per-parameter specs cannot say: a combination of valid values that names no code
   * (e.g. a function a kernel version does not have); the problem in one line, or null. Pure,
   * never throws; checked after every parameter is valid (RC003).
   */
  readonly paramsProblem?: (params: Params) => string | null;
  build(params: Params): ModelInstance;
}

/** Helper so models keep their precise state type while the registry holds them uniformly. */
export function defineModel<T extends Shape>(def: {
  id: string;
  description: string;
  params: ParamSpecs;
  propertyNames: readonly string[];
  paramsProblem?: (params: Params) => string | null;
  build(params: Params): ModelInstance<T>;
}): ModelDef {
  return def;
}
