/**
 * The symmetry self-check: a visitor that verifies, on every expanded state, the claim a model
 * makes when it declares a symmetry group.
 *
 * Why this file exists: a wrong symmetry silently merges states that are not equivalent, and the
 * reduced search then proves what is not true. For each expanded state s and each declared
 * element g it checks that g maps every successor of s to a successor of g(s) (so g maps the
 * reachable graph into itself: with the whole group declared, onto itself), that every invariant
 * and terminal property (and the valid-end predicate) gives the same answer on s and g(s), and
 * every transition property the same on (s, t) and (g(s), g(t)), that an element declared
 * `complete` gives the same image whatever its destination held, and, before the first
 * expansion, that g maps the set of initial states onto itself; an element declared
 * `fixesLiveness` must also give every leadsTo instance's p and q the same answer on s and g(s)
 * and map each fair or measured action's edge from s to the same action's edge from g(s)
 * (explore.ts keeps only those for a liveness check). The first failure stops the
 * search with RC013, naming the element, the state and what differs.
 *
 * What it must not do: run unless asked (`checkSymmetry`: tests and `--check-symmetry`); it
 * costs a full expansion of every image.
 */
import type { CompiledModel } from '../model/compile.js';
import type { Canonicaliser } from './canonical.js';
import { checkError, type CheckError } from '../base/errors.js';
import type { SearchVisitor } from './visitor.js';

export function symmetryCheck(m: CompiledModel, canon: Canonicaliser): SearchVisitor {
  const n = m.codec.words;
  const a = m.codec.makeMirror();
  const b = m.codec.makeMirror();
  const img = new Int32Array(n);
  const tImg = new Int32Array(n);
  const key = (w: Int32Array) => Array.prototype.join.call(w, ',');

  /** Successors of `w` by action id (disabled: absent). */
  const successors = (w: Int32Array): Map<number, Int32Array> => {
    const out = new Map<number, Int32Array>();
    a.load(w);
    for (let act = 0; act < m.guards.length; act++) {
      if (!m.guards[act](a.state, m.actionParam[act])) continue;
      b.load(w);
      m.applies[act](b.state, m.actionParam[act]);
      const t = new Int32Array(n);
      b.store(t);
      out.set(act, t);
    }
    return out;
  };
  const verdicts = (w: Int32Array, end: boolean): string[] => {
    a.load(w);
    const s = a.state;
    const v = m.invariants.map((p) => `${p.name}=${p.holds(s)}`);
    if (end) {
      v.push(...m.terminals.map((p) => `${p.name}=${p.holds(s)}`));
      v.push(`validEnd=${m.instance.validEnd?.(s) ?? false}`);
    }
    return v;
  };
  const edgeVerdicts = (s: Int32Array, t: Int32Array): string[] => {
    a.load(s);
    b.load(t);
    return m.transitions.map((p) => `${p.name}=${p.holds(a.state, b.state)}`);
  };
  /** What the element changes in `w`: up to 6 differing fields, `path: value -> image value`. */
  const describe = (w: Int32Array, image: Int32Array): string => {
    const out: string[] = [];
    const walk = (x: unknown, y: unknown, path: string): void => {
      if (out.length >= 6) return;
      if (typeof x === 'object' && x !== null) {
        for (const [k, v] of Object.entries(x)) walk(v, (y as Record<string, unknown>)[k], Array.isArray(x) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`);
      } else if (x !== y) out.push(`${path}: ${String(x)} -> ${String(y)}`);
    };
    walk(m.codec.decode(w), m.codec.decode(image), '');
    return out.length === 0 ? 'the element maps the state to itself' : `the element maps ${out.join(', ')}`;
  };
  /** Each element must map the set of initial states onto itself. */
  const initialClosed = (): CheckError | null => {
    const inits = new Set(m.initWords.map(key));
    for (let k = 0; k < canon.groupSize - 1; k++) {
      for (let i = 0; i < m.initWords.length; i++) {
        canon.image(k, m.initWords[i], img);
        if (!inits.has(key(img))) {
          return checkError(
            'RC013',
            `declared symmetry '${canon.elementNames[k]}' is not a symmetry of model ${m.id}: the image of initial state ${i} is not an initial state ` +
              `(${describe(m.initWords[i], img)})`,
          );
        }
      }
    }
    return null;
  };
  /** Fair and measured actions (what an element declared `fixesLiveness` must map to themselves). */
  const measured = new Set(m.liveness.flatMap((p) => (p.measure === undefined ? [] : [p.measure])));
  const kept = m.actionName.map((a, i) => m.actionFair[i] !== 0 || measured.has(a));
  /** Why element k does not fix the liveness propositions at `w` (null: it does). */
  const livenessFixed = (w: Int32Array, image: Int32Array, succ: Map<number, Int32Array>, imgSucc: Map<number, Int32Array>, k: number): string | null => {
    a.load(w);
    b.load(image);
    for (const p of m.liveness) {
      for (let i = 0; i < (p.instances ?? 1); i++) {
        if (p.p(a.state, i) !== p.p(b.state, i) || p.q(a.state, i) !== p.q(b.state, i)) return `it claims to fix liveness but moves ${p.name} instance ${i} (p or q differs on the image)`;
      }
    }
    for (let act = 0; act < kept.length; act++) {
      if (!kept[act]) continue;
      const t = succ.get(act);
      const u = imgSucc.get(act);
      if ((t === undefined) !== (u === undefined)) return `it claims to fix liveness but ${m.actionLabel[act]} is ${t === undefined ? 'disabled' : 'enabled'} on the state and not on its image`;
      if (t === undefined || u === undefined) continue;
      canon.image(k, t, tImg);
      if (key(tImg) !== key(u)) return `it claims to fix liveness but ${m.actionLabel[act]} on its image does not lead to the image of its successor`;
    }
    return null;
  };
  let first = true;

  return {
    expanded(id: number, w: Int32Array): CheckError | null {
      if (first) {
        first = false;
        const e = initialClosed();
        if (e !== null) return e;
      }
      const succ = successors(w);
      for (let k = 0; k < canon.groupSize - 1; k++) {
        const name = canon.elementNames[k];
        const wrong = (what: string) =>
          checkError('RC013', `declared symmetry '${name}' is not a symmetry of model ${m.id}: at state ${id} (the trace's last state) ${what} (${describe(w, img)})`);
        canon.image(k, w, img);
        if (m.instance.symmetry?.elements[k].complete === true) {
          // A `complete` element must give the same image whatever its destination held before.
          a.load(w);
          b.load(m.initWords[0]);
          m.instance.symmetry.elements[k].apply(a.state, b.state);
          b.store(tImg);
          if (key(tImg) !== key(img)) return wrong(`the element claims to assign every field but leaves some from its destination (${describe(img, tImg)})`);
        }
        const imgSucc = successors(img);
        const targets = new Set([...imgSucc.values()].map(key));
        const end = succ.size === 0;
        if (end !== (imgSucc.size === 0)) return wrong(`the state ${end ? 'is' : 'is not'} an end state but its image ${end ? 'is not' : 'is'}`);
        const vs = verdicts(w, end);
        const vi = verdicts(img, end);
        for (let i = 0; i < vs.length; i++) if (vs[i] !== vi[i]) return wrong(`property ${vs[i]} on the state but ${vi[i]} on its image`);
        if (m.instance.symmetry?.elements[k].fixesLiveness === true) {
          const e = livenessFixed(w, img, succ, imgSucc, k);
          if (e !== null) return wrong(e);
        }
        for (const [act, t] of succ) {
          canon.image(k, t, tImg);
          if (!targets.has(key(tImg))) {
            return wrong(`the image of its successor by ${m.actionLabel[act]} is not a successor of the state's image`);
          }
          const es = edgeVerdicts(w, t);
          const ei = edgeVerdicts(img, tImg);
          for (let i = 0; i < es.length; i++) {
            if (es[i] !== ei[i]) return wrong(`transition property ${es[i]} on its edge by ${m.actionLabel[act]} but ${ei[i]} on the image edge`);
          }
        }
      }
      return null;
    },
    edge: () => undefined,
  };
}
