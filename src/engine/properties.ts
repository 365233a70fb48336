/**
 * Property bookkeeping of one search: which properties are still checked, the first violation
 * of each, and what a violation means for the search (stop, or in collect mode drop the property).
 *
 * Why this file exists: the search loop calls the property arrays directly (they are hot); what
 * happens when one fails, and how statuses are derived at the end, is written here once.
 *
 * What it must not do: run searches or build paths (the search hands it a finished TraceRef).
 */
import type { CompiledModel } from '../model/compile.js';
import type { Outcome, PropertyStatus, TraceRef, Violation, ViolationKind } from './outcome.js';

export class PropertyBook {
  invariants: CompiledModel['invariants'];
  transitions: CompiledModel['transitions'];
  terminals: CompiledModel['terminals'];
  readonly violated = new Set<string>();
  readonly violations: Violation[] = [];

  constructor(
    private readonly m: CompiledModel,
    private readonly collect: boolean,
    readonly deadlock: boolean,
  ) {
    this.invariants = m.invariants;
    this.transitions = m.transitions;
    this.terminals = m.terminals;
  }

  /** Record a violation; returns true when the search must stop. */
  record(property: string, kind: ViolationKind, description: string, trace: TraceRef): boolean {
    if (this.violated.has(property)) return false;
    this.violated.add(property);
    this.violations.push({ property, kind, description, trace });
    if (!this.collect) return true;
    // Collect mode: stop checking a property once it has its (shortest) counterexample.
    this.invariants = this.invariants.filter((p) => p.name !== property);
    this.transitions = this.transitions.filter((p) => p.name !== property);
    this.terminals = this.terminals.filter((p) => p.name !== property);
    return false;
  }

  /** Every property's status, given whether the search covered the whole space. */
  statuses(complete: boolean): Outcome['properties'] {
    const status = (name: string): PropertyStatus =>
      this.violated.has(name) ? 'violated' : complete && (this.collect || this.violations.length === 0) ? 'holds' : 'incomplete';
    const m = this.m;
    const out: Outcome['properties'] = [
      ...m.invariants.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
      ...m.transitions.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
      ...m.terminals.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
    ];
    if (this.deadlock) out.push({ name: 'deadlock', kind: 'deadlock', status: status('deadlock') });
    return out;
  }
}
