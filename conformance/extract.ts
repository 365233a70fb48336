/**
 * The kvfree_rcu() section of the kernel's own kernel/rcu/tree.c, cut out by name (issue 29,
 * stage 1).
 *
 * Why this file exists: the conformance harness must compile the kernel's code, never a copy
 * typed or edited by us. This module splits tree.c into its top-level items (function and
 * variable definitions, struct definitions, preprocessor lines), names each one, and keeps the
 * items whose names are in SECTION, byte for byte, in source order, each preceded by a `#line`
 * marker so that gcc's diagnostics point into the kernel file. Everything the kept items use
 * that is not kept comes from the project's shim (conformance/shim/kernel.h).
 *
 * What it must not do: edit, rewrite or retype any byte of a kept item; guess when a name is
 * missing, ambiguous or inside a top-level preprocessor conditional (it throws, naming every
 * such name, so a kernel change is seen at once); write anything into the repository.
 */

/** The names cut out of kernel/rcu/tree.c (6.12), in the order a reader meets them there. */
export const SECTION: readonly string[] = [
  'rcu_min_cached_objs',
  'rcu_delay_page_cache_fill_msec',
  'rcu_reclaim_wq',
  'KFREE_DRAIN_JIFFIES',
  'KFREE_N_BATCHES',
  'FREE_N_CHANNELS',
  'struct kvfree_rcu_bulk_data',
  'KVFREE_BULK_MAX_ENTR',
  'struct kfree_rcu_cpu_work',
  'struct kfree_rcu_cpu',
  'krc',
  'debug_rcu_bhead_unqueue',
  'krc_this_cpu_lock',
  'krc_this_cpu_unlock',
  'get_cached_bnode',
  'put_cached_bnode',
  'drain_page_cache',
  'kvfree_rcu_bulk',
  'kvfree_rcu_list',
  'kfree_rcu_work',
  'need_offload_krc',
  'need_wait_for_krwp_work',
  'krc_count',
  '__schedule_delayed_monitor_work',
  'schedule_delayed_monitor_work',
  'kvfree_rcu_drain_ready',
  'kvfree_rcu_queue_batch',
  'kfree_rcu_monitor',
  'schedule_page_work_fn',
  'fill_page_cache_func',
  'run_page_cache_worker',
  'add_ptr_to_bulk_krc_lock',
  'kvfree_call_rcu',
  'kvfree_rcu_barrier',
  'kfree_rcu_shrink_count',
  'kfree_rcu_shrink_scan',
  'kfree_rcu_scheduler_running',
  'kfree_rcu_batch_init',
];

export type ItemKind = 'function' | 'struct' | 'variable' | 'define' | 'preprocessor' | 'other';

/** One top-level item of a C file: its text (comments before it included) and its name. */
export interface Item {
  kind: ItemKind;
  /** The defined name (`struct X` for a struct definition), or null. */
  name: string | null;
  /** Offsets into the file: the item's text, and where its code starts (after its comments). */
  start: number;
  codeStart: number;
  end: number;
  /** 1-based line of codeStart. */
  line: number;
  /** Top-level preprocessor conditionals (#if...) open around the item. */
  ifDepth: number;
}

/** Replace comments and string/char literals by spaces (same length, newlines kept). */
export function blankComments(src: string): string {
  const out = src.split('');
  let i = 0;
  const blank = (a: number, b: number): void => {
    for (let k = a; k < b; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      const end = e < 0 ? src.length : e;
      blank(i, end);
      i = end;
    } else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) throw new Error(`unterminated comment at offset ${i}`);
      blank(i, e + 2);
      i = e + 2;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < src.length && src[k] !== c) {
        if (src[k] === '\\') k++;
        if (src[k] === '\n') throw new Error(`unterminated literal at offset ${i}`);
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
    } else i++;
  }
  return out.join('');
}

const lineOf = (src: string, off: number): number => {
  let n = 1;
  for (let i = 0; i < off; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
};

/** Split a C file into its top-level items. */
export function splitTopLevel(src: string): Item[] {
  const code = blankComments(src);
  const items: Item[] = [];
  let start = 0;
  let codeStart = -1;
  let depth = 0;
  let ifDepth = 0;
  let i = 0;
  const push = (end: number, kind: ItemKind, name: string | null, itemIfDepth: number): void => {
    items.push({ kind, name, start, codeStart, end, line: lineOf(src, codeStart), ifDepth: itemIfDepth });
    start = end;
    codeStart = -1;
  };
  while (i < code.length) {
    const c = code[i];
    if (codeStart < 0 && /\s/.test(c)) {
      i++;
      continue;
    }
    if (depth === 0 && codeStart < 0 && c === '#') {
      // A preprocessor line, with its continuations.
      codeStart = i;
      let e = i;
      for (;;) {
        const nl = code.indexOf('\n', e);
        if (nl < 0) {
          e = code.length;
          break;
        }
        if (code[nl - 1] === '\\') e = nl + 1;
        else {
          e = nl;
          break;
        }
      }
      const text = code.slice(i, e);
      const def = /^#\s*define\s+(\w+)/.exec(text);
      const directive = /^#\s*(\w+)/.exec(text)?.[1] ?? '';
      const here = ifDepth;
      if (/^if/.test(directive)) ifDepth++;
      else if (directive === 'endif') ifDepth--;
      push(e, def ? 'define' : 'preprocessor', def ? def[1] : null, here);
      i = e;
      continue;
    }
    if (codeStart < 0) codeStart = i;
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth < 0) throw new Error(`unbalanced '${c}' at line ${lineOf(src, i)}`);
      if (c === '}' && depth === 0) {
        const head = code.slice(codeStart, code.indexOf('{', codeStart));
        // A function body ends the item; a struct or an initializer runs on to its ';'.
        if (!head.includes('=') && /\)\s*$/.test(head)) {
          push(i + 1, 'function', nameOf(head, 'function'), ifDepth);
          i++;
          continue;
        }
      }
    } else if (c === ';' && depth === 0) {
      const text = code.slice(codeStart, i);
      const struct = /^\s*struct\s+(\w+)\s*\{/.exec(text);
      if (struct) push(i + 1, 'struct', `struct ${struct[1]}`, ifDepth);
      else push(i + 1, 'variable', nameOf(text, 'variable'), ifDepth);
      i++;
      continue;
    }
    i++;
  }
  return items;
}

/** The name a function head or a declaration defines. */
function nameOf(head: string, kind: 'function' | 'variable'): string | null {
  const perCpu = /DEFINE_PER_CPU\w*\s*\([^,]+,\s*(\w+)\s*\)/.exec(head);
  if (perCpu) return perCpu[1];
  if (kind === 'function') {
    const m = /(\w+)\s*\(/.exec(head);
    return m ? m[1] : null;
  }
  const beforeInit = head.split('=')[0];
  if (/\(/.test(beforeInit)) {
    // A macro call at top level (module_param(...), EXPORT_SYMBOL(...)): named by the macro.
    const m = /(\w+)\s*\(/.exec(beforeInit);
    return m ? m[1] : null;
  }
  const ids = beforeInit.match(/\w+/g);
  return ids ? ids[ids.length - 1] : null;
}

export interface Cut {
  /** The section's text: the kept items, verbatim, each after a `#line` marker. */
  text: string;
  /** Each kept name with its first line in the source and its kind. */
  kept: { name: string; line: number; kind: ItemKind }[];
}

/** Cut the named items out of `src` (whose path, for `#line`, is `file`). Throws on any doubt. */
export function cutSection(src: string, file: string, names: readonly string[] = SECTION): Cut {
  const items = splitTopLevel(src);
  const problems: string[] = [];
  const chosen: Item[] = [];
  for (const name of names) {
    const found = items.filter((it) => it.name === name && it.kind !== 'preprocessor');
    const defs = found.filter((it) => !(it.kind === 'variable' && isPrototype(src.slice(it.codeStart, it.end))));
    if (defs.length === 0) problems.push(`${name}: not found`);
    else if (defs.length > 1) problems.push(`${name}: defined ${defs.length} times (lines ${defs.map((d) => d.line).join(', ')})`);
    else if (defs[0].ifDepth !== 0) problems.push(`${name}: inside a top-level preprocessor conditional (line ${defs[0].line})`);
    else chosen.push(defs[0]);
  }
  if (problems.length > 0) throw new Error(`${file}: the kvfree_rcu() section cannot be cut:\n  ${problems.join('\n  ')}`);
  chosen.sort((a, b) => a.start - b.start);
  const text = chosen.map((it) => `#line ${it.line} "${file}"\n${src.slice(it.codeStart, it.end)}\n`).join('\n');
  return { text, kept: chosen.map((it) => ({ name: it.name ?? '', line: it.line, kind: it.kind })) };
}

/** A declaration with a parameter list and no body (`void f(void);`): not a definition. */
function isPrototype(text: string): boolean {
  return /\)\s*;\s*$/.test(blankComments(text)) && !/=/.test(text);
}
