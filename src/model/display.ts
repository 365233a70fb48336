/**
 * Display names: how a model's state paths are shown to a reader, in the domain's own terms.
 *
 * Why this file exists: state paths are the model author's (`cpu[0].krw[1].headFree`,
 * `objs[0].hfunc`); a kernel developer reads `krc[0].krw_arr[1].head_free` and
 * `obj[0].rcu_head.func`. A model declares the mapping once, beside its shape
 * (`ModelInstance.display`), as path patterns; the trace renderers show the result.
 *
 * Pattern language (kept small on purpose):
 * - a key is a raw path where `[]` matches any index and `[3]` only index 3:
 *   `cpu[].krw[].headFree`, `cpu[].bkvcache[0]`;
 * - a key also names every path below it: `objs[]` renames `objs[2].frees` to `obj[2].frees`
 *   when no longer key matches (the longest matching key wins; the unmatched rest is kept raw);
 * - in the value each `[]` is replaced by the next index matched by a `[]` of the key, as
 *   `[i]`, and each `#` by the bare number (`callers[]` → `caller#` gives `caller0`, the actor's
 *   own name). Indices are consumed in order; a value may use fewer than the key matches.
 *
 * What it must not do: affect anything but display. ITF files, replay, hashing and properties
 * use the raw paths; a path with no matching key is shown as it is.
 */

/** Raw path pattern → display name (see the header for the pattern language). */
export type DisplayNames = Readonly<Record<string, string>>;

type Seg = { kind: 'field'; name: string } | { kind: 'index'; index: number | null };

/** `cpu[0].krw[].h` → field cpu, index 0, field krw, any index, field h. */
function segments(path: string): Seg[] | null {
  const out: Seg[] = [];
  const re = /\[(\d*)\]|\.?([^.[\]]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < path.length && (m = re.exec(path)) !== null) {
    at = re.lastIndex;
    if (m[2] !== undefined) out.push({ kind: 'field', name: m[2] });
    else out.push({ kind: 'index', index: m[1] === '' ? null : Number(m[1]) });
  }
  return at === path.length ? out : null;
}

/** How many indices a display value consumes. */
function slots(value: string): number {
  return (value.match(/\[\]|#/g) ?? []).length;
}

interface Rule {
  segs: Seg[];
  wildcards: number;
  value: string;
}

/**
 * Compile display names into a path → display-name function (memoised per path).
 * Throws RangeError for a malformed key or a value that uses more indices than its key matches,
 * so a model's table is checked when the model is built, not when a trace is printed.
 */
export function displayNamer(names: DisplayNames | undefined): (path: string) => string {
  if (names === undefined || Object.keys(names).length === 0) return (p) => p;
  const rules: Rule[] = Object.entries(names).map(([key, value]) => {
    const segs = segments(key);
    if (segs === null || segs.length === 0) throw new RangeError(`display name key '${key}' is not a state path pattern`);
    const wildcards = segs.filter((s) => s.kind === 'index' && s.index === null).length;
    if (slots(value) > wildcards) throw new RangeError(`display name '${value}' for '${key}' uses ${slots(value)} indices, the key matches ${wildcards}`);
    return { segs, wildcards, value };
  });
  // Longest key first, so the first match is the most specific.
  rules.sort((a, b) => b.segs.length - a.segs.length);
  const memo = new Map<string, string>();
  return (path) => {
    const hit = memo.get(path);
    if (hit !== undefined) return hit;
    const segs = segments(path);
    let out = path;
    if (segs !== null) {
      for (const r of rules) {
        const got = matchPrefix(r.segs, segs);
        if (got === null) continue;
        out = fill(r.value, got) + restOf(segs.slice(r.segs.length));
        break;
      }
    }
    memo.set(path, out);
    return out;
  };
}

/** The indices matched by the pattern's `[]`s if `pattern` is a prefix of `segs`, else null. */
function matchPrefix(pattern: readonly Seg[], segs: readonly Seg[]): number[] | null {
  if (pattern.length > segs.length) return null;
  const idx: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const s = segs[i];
    if (p.kind === 'field') {
      if (s.kind !== 'field' || s.name !== p.name) return null;
    } else {
      if (s.kind !== 'index' || s.index === null) return null;
      if (p.index === null) idx.push(s.index);
      else if (p.index !== s.index) return null;
    }
  }
  return idx;
}

function fill(value: string, idx: readonly number[]): string {
  let k = 0;
  return value.replace(/\[\]|#/g, (t) => (t === '#' ? String(idx[k++]) : `[${idx[k++]}]`));
}

function restOf(segs: readonly Seg[]): string {
  return segs.map((s) => (s.kind === 'field' ? `.${s.name}` : `[${s.index ?? ''}]`)).join('');
}
