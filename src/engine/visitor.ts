/**
 * The search's visitor: a look at every expanded state and every edge, for code that needs more
 * than the outcome (graph export, the symmetry self-check).
 *
 * Why this file exists: one seam instead of a second search. The search always calls a visitor
 * (the no-op one by default), so the hot loop has no flag for it.
 *
 * What it must not do: change the words it is shown.
 */
import type { CheckError } from '../base/errors.js';

export interface SearchVisitor {
  /** State `id` (words `w`, the stored representative) is about to be expanded. An error stops the search. */
  expanded(id: number, w: Int32Array): CheckError | null;
  /** An edge `from` --action--> `to` (a new or an already stored id) whose target's stored words are `w[off..]`. */
  edge(from: number, action: number, to: number, w: Int32Array, off: number): void;
}

export const noVisitor: SearchVisitor = {
  expanded: () => null,
  edge: () => undefined,
};

/** Both visitors, in order. */
export function bothVisitors(a: SearchVisitor, b: SearchVisitor): SearchVisitor {
  return {
    expanded: (id, w) => a.expanded(id, w) ?? b.expanded(id, w),
    edge: (from, action, to, w, off) => {
      a.edge(from, action, to, w, off);
      b.edge(from, action, to, w, off);
    },
  };
}
