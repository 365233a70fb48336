/**
 * The second adversarial pass of issue 32 ("Nothing lost, nothing faked"), as data: a fresh set
 * of bad inputs and faults, different from the rows, for every command. Each case runs
 * the built CLI in its own scratch directory (the working directory, and TMPDIR unless `env`
 * says otherwise), after `setup` made the files it names there. `adversarial.test.ts` asserts
 * the contract on each: the expected exit status, never a stack trace, and for 150/151 exactly
 * one stderr line and nothing created or changed in the scratch directory.
 *
 * Paths in `argv` are relative to the scratch directory. `setup.files` values are text, or a
 * function of the fixtures (a replayable ITF trace, two prove shard summaries of one plan) that
 * returns the text. Cases found to breach the contract when the pass was made keep a `found:`
 * in their `why` and are the regression tests of their fixes.
 */

/** A replayable ITF trace (peterson n=2 mutate=1, mutual-exclusion) and two shards of one plan. */
export interface Fixtures {
  itf: Itf;
  /** `summary.json` of `prove --shard 1/2` and `--shard 2/2` of `plan` (two tiny entries). */
  shard1: Record<string, unknown>;
  shard2: Record<string, unknown>;
  plan: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Itf = { '#meta': Record<string, any>; vars: string[]; states: Record<string, any>[]; loop?: number };

export interface Setup {
  /** Files to create (parents made as needed). */
  files?: Record<string, string | ((fx: Fixtures) => string)>;
  dirs?: string[];
  /** Symbolic links: path -> target. */
  links?: Record<string, string>;
  /** Named pipes nobody writes to (mkfifo). */
  fifos?: string[];
}

export interface Case {
  id: string;
  why: string;
  argv: string[];
  setup?: Setup;
  env?: Record<string, string>;
  expect: {
    code: number | number[];
    /** Exactly one non-empty stderr line (the default for 150/151). */
    stderrLines?: 1;
    /** Nothing created or changed in the scratch directory (the default for 150/151). */
    nothingWritten?: boolean;
    /** A report folder (relative) whose summary.json must exist and say the run was incomplete. */
    incompleteReport?: string;
  };
}

/** The fixture trace, changed by `f` (a deep copy), as file text. */
const itf =
  (f: (t: Itf) => unknown) =>
  (fx: Fixtures): string => {
    const t = JSON.parse(JSON.stringify(fx.itf)) as Itf;
    const r = f(t);
    return JSON.stringify(r === undefined ? t : r, null, 2);
  };
const shard =
  (which: 1 | 2, f: (s: Record<string, unknown>) => unknown = () => undefined) =>
  (fx: Fixtures): string => {
    const s = JSON.parse(JSON.stringify(which === 1 ? fx.shard1 : fx.shard2)) as Record<string, unknown>;
    const r = f(s);
    return JSON.stringify(r === undefined ? s : r, null, 2);
  };
const entries = (s: Record<string, unknown>): Record<string, unknown>[] => s.entries as Record<string, unknown>[];
const TRACE = 'trace.itf.json';
const GOOD_SHARDS: Setup['files'] = { 's1/summary.json': shard(1), 's2/summary.json': shard(2) };
const planOf = (entries: unknown): string => JSON.stringify({ entries });
const P2 = { id: 'p2', model: 'peterson', params: { n: 2 }, expect: 'holds' };
const PETERSON = ['peterson', '-D', 'n=2'];
const V1_TINY = ['kvfree-v1', '-D', 'objects=e', '-D', 'readers=0'];
const IN_THE_WAY: Setup = { files: { f: 'a file in the way\n' } };

export const CASES: Case[] = [
  // ---------------------------------------------------------------- no command, unknown command
  { id: 'cli-unknown-command', why: 'a command that does not exist', argv: ['frobnicate'], expect: { code: 151 } },
  { id: 'cli-unknown-option', why: 'an option no command has', argv: ['check', ...PETERSON, '--frobnicate'], expect: { code: 151 } },

  // ---------------------------------------------------------------- check: malformed -D
  { id: 'check-D-empty', why: '-D with an empty string', argv: ['check', 'peterson', '-D', ''], expect: { code: 151 } },
  { id: 'check-D-no-value', why: '-D name= with no value', argv: ['check', 'peterson', '-D', 'n='], expect: { code: 151 } },
  { id: 'check-D-no-name', why: '-D =value with no name', argv: ['check', 'peterson', '-D', '=2'], expect: { code: 151 } },
  { id: 'check-D-no-equals', why: '-D name without =value', argv: ['check', 'peterson', '-D', 'n'], expect: { code: 151 } },
  { id: 'check-D-two-equals', why: '-D n=2=3', argv: ['check', 'peterson', '-D', 'n=2=3'], expect: { code: 151 } },
  { id: 'check-D-duplicate-differs', why: 'the same parameter twice with different values', argv: ['check', 'peterson', '-D', 'n=2', '-D', 'n=3'], expect: { code: 151 } },
  { id: 'check-D-above-range', why: 'n far above its range', argv: ['check', 'peterson', '-D', 'n=99'], expect: { code: 151 } },
  { id: 'check-D-negative', why: 'a negative n', argv: ['check', 'peterson', '-D', 'n=-1'], expect: { code: 151 } },
  { id: 'check-D-fraction', why: 'a fractional n', argv: ['check', 'peterson', '-D', 'n=2.5'], expect: { code: 151 } },
  { id: 'check-D-word', why: 'a word where a number belongs', argv: ['check', 'peterson', '-D', 'n=two'], expect: { code: 151 } },
  { id: 'check-D-huge', why: 'a number past 2^53', argv: ['check', 'peterson', '-D', 'n=99999999999999999999999'], expect: { code: 151 } },
  { id: 'check-D-exponent', why: 'found: an exponent form (2e0) was read as 2', argv: ['check', 'peterson', '-D', 'n=2e0'], expect: { code: 151 } },
  { id: 'check-D-hex', why: 'found: a hexadecimal number (0x2) was read as 2', argv: ['check', 'peterson', '-D', 'n=0x2'], expect: { code: 151 } },
  { id: 'check-D-fullwidth-digit', why: 'a unicode full-width digit', argv: ['check', 'peterson', '-D', 'n=２'], expect: { code: 151 } },
  { id: 'check-D-unicode-name', why: 'a parameter name in Cyrillic that looks like n', argv: ['check', 'peterson', '-D', 'п=2'], expect: { code: 151 } },
  { id: 'check-D-space', why: "spaces around a -D value are trimmed by design ('2 ' is 2, and so reported)", argv: ['check', 'peterson', '-D', 'n=2 ', '-q'], expect: { code: 0 } },
  { id: 'check-D-inner-space', why: "a space inside a number ('1 2')", argv: ['check', 'peterson', '-D', 'n=1 2'], expect: { code: 151 } },
  { id: 'check-D-unknown', why: 'a parameter the model does not have', argv: ['check', 'peterson', '-D', 'bogus=1'], expect: { code: 151 } },
  { id: 'check-D-choice', why: 'a value outside a one-of list', argv: ['check', ...V1_TINY, '-D', 'P=16'], expect: { code: 151 } },
  { id: 'check-D-objects-empty', why: 'objects= with nothing', argv: ['check', 'kvfree-v1', '-D', 'objects='], expect: { code: 151 } },
  { id: 'check-D-objects-kind', why: 'an object kind that does not exist', argv: ['check', 'kvfree-v1', '-D', 'objects=h,x'], expect: { code: 151 } },
  { id: 'check-D-objects-many', why: 'more objects than the format allows', argv: ['check', 'kvfree-v1', '-D', 'objects=h,h,h,h,h,h'], expect: { code: 151 } },
  { id: 'check-D-objects-trailing-comma', why: 'objects=h, (an empty last element)', argv: ['check', 'kvfree-v1', '-D', 'objects=h,'], expect: { code: 151 } },
  { id: 'check-D-objects-self-ref', why: 'objects==0: a reference with nothing before it', argv: ['check', 'kvfree-v1', '-D', 'objects==0'], expect: { code: 151 } },
  { id: 'check-D-fix-unknown', why: 'a fix= commit that is not in the table', argv: ['check', 'kvfree-v5.9', '-D', 'objects=e', '-D', 'fix=deadbeef'], expect: { code: 151 } },

  // ---------------------------------------------------------------- check: limits and options
  { id: 'check-max-states-negative', why: '--max-states -1', argv: ['check', ...PETERSON, '--max-states', '-1'], expect: { code: 151 } },
  { id: 'check-max-states-nan', why: '--max-states NaN', argv: ['check', ...PETERSON, '--max-states', 'NaN'], expect: { code: 151 } },
  { id: 'check-max-states-word', why: '--max-states lots', argv: ['check', ...PETERSON, '--max-states', 'lots'], expect: { code: 151 } },
  { id: 'check-max-states-infinity', why: '--max-states 1e400 (Infinity)', argv: ['check', ...PETERSON, '--max-states', '1e400'], expect: { code: 151 } },
  { id: 'check-max-states-fraction', why: '--max-states 2.5', argv: ['check', ...PETERSON, '--max-states', '2.5'], expect: { code: 151 } },
  { id: 'check-max-depth-negative', why: '--max-depth -2', argv: ['check', ...PETERSON, '--max-depth', '-2'], expect: { code: 151 } },
  { id: 'check-timeout-negative', why: '--timeout -5', argv: ['check', ...PETERSON, '--timeout', '-5'], expect: { code: 151 } },
  { id: 'check-timeout-nan', why: '--timeout NaN', argv: ['check', ...PETERSON, '--timeout', 'NaN'], expect: { code: 151 } },
  { id: 'check-memory-zero', why: '--memory 0', argv: ['check', ...PETERSON, '--memory', '0'], expect: { code: 151 } },
  { id: 'check-memory-word', why: '--memory abc', argv: ['check', ...PETERSON, '--memory', 'abc'], expect: { code: 151 } },
  { id: 'check-workers-zero', why: '--workers 0', argv: ['check', ...PETERSON, '--workers', '0'], expect: { code: 151 } },
  { id: 'check-workers-negative', why: '--workers -3', argv: ['check', ...PETERSON, '--workers', '-3'], expect: { code: 151 } },
  { id: 'check-workers-fraction', why: '--workers 1.5', argv: ['check', ...PETERSON, '--workers', '1.5'], expect: { code: 151 } },
  { id: 'check-frontier-negative', why: '--frontier-mb -1 with fp64', argv: ['check', ...PETERSON, '--seen', 'fp64', '--frontier-mb', '-1'], expect: { code: 151 } },
  { id: 'check-frontier-exact', why: 'found: --frontier-mb with the exact seen set (which keeps no frontier) was silently ignored (exit 0)', argv: ['check', ...PETERSON, '--frontier-mb', '5'], expect: { code: 151 } },
  { id: 'check-frontier-dfs', why: 'found: --frontier-mb with --strategy dfs (a stack, never spilled) was silently ignored (exit 0)', argv: ['check', ...PETERSON, '--seen', 'fp64', '--strategy', 'dfs', '--frontier-mb', '5'], expect: { code: 151 } },
  { id: 'check-frontier-fp64-ok', why: '--frontier-mb with a BFS over --seen fp64 is what it is for (the control)', argv: ['check', ...PETERSON, '--seen', 'fp64', '--frontier-mb', '5', '-q'], expect: { code: 0 } },
  { id: 'check-strategy-bogus', why: '--strategy bogus', argv: ['check', ...PETERSON, '--strategy', 'bogus'], expect: { code: 151 } },
  { id: 'check-seen-bogus', why: '--seen bogus', argv: ['check', ...PETERSON, '--seen', 'bogus'], expect: { code: 151 } },
  { id: 'check-invariant-unknown', why: '--invariant of a property the model lacks', argv: ['check', ...PETERSON, '--invariant', 'nope'], expect: { code: 151 } },
  { id: 'check-invariant-empty', why: '--invariant ""', argv: ['check', ...PETERSON, '--invariant', ''], expect: { code: 151 } },
  { id: 'check-invariant-within-bad', why: 'freed-within:x (K not a number)', argv: ['check', ...V1_TINY, '--invariant', 'freed-within:x'], expect: { code: 151 } },
  { id: 'check-invariant-within-negative', why: 'freed-within:-1', argv: ['check', ...V1_TINY, '--invariant', 'freed-within:-1'], expect: { code: 151 } },
  { id: 'check-model-unknown', why: 'a model that does not exist', argv: ['check', 'nope'], expect: { code: [150, 151] } },
  { id: 'check-model-missing', why: 'no model at all', argv: ['check'], expect: { code: 151 } },
  { id: 'check-model-case', why: 'a model id in the wrong case', argv: ['check', 'Peterson', '-D', 'n=2'], expect: { code: [150, 151] } },
  { id: 'check-two-models', why: 'two positional models', argv: ['check', 'peterson', 'philosophers'], expect: { code: 151 } },
  { id: 'check-json-twice-ok', why: '--json given twice is still one JSON object, exit 0', argv: ['check', ...PETERSON, '--json', '--json'], expect: { code: 0 } },
  { id: 'check-max-states-limits', why: '--max-states 1 is incomplete, never ok', argv: ['check', ...PETERSON, '--max-states', '1', '-q'], expect: { code: 152 } },
  { id: 'check-timeout-tiny', why: '--timeout 1e-9 is incomplete, never ok', argv: ['check', 'philosophers', '-D', 'n=3', '--no-deadlock', '--timeout', '1e-9', '-q'], expect: { code: [0, 152] } },
  { id: 'check-max-depth-zero', why: '--max-depth 0 cuts everything: incomplete', argv: ['check', ...PETERSON, '--max-depth', '0', '-q'], expect: { code: [151, 152] } },
  { id: 'check-incomplete-report', why: 'a limit with --report-dir: 152 and the report written, marked incomplete', argv: ['check', ...PETERSON, '--max-states', '3', '-q', '--report-dir', 'out'], expect: { code: 152, incompleteReport: 'out' } },
  { id: 'check-incomplete-json', why: 'a limit with --json: 152 and one JSON object saying incomplete', argv: ['check', ...PETERSON, '--max-states', '3', '--json'], expect: { code: 152 } },
  { id: 'check-json-bad-input', why: '--json with a bad -D: one stderr line and nothing on stdout', argv: ['check', 'peterson', '-D', 'n=9', '--json'], expect: { code: 151 } },
  { id: 'check-liveness-dfs-deadlock', why: 'a liveness property with dfs and deadlocks reported: the deadlock (11), no crash', argv: ['check', 'philosophers', '-D', 'n=3', '--invariant', 'eventually-eats', '--strategy', 'dfs', '-q', '--no-save-traces'], expect: { code: [11, 13] } },
  { id: 'check-liveness-workers', why: 'a liveness lasso with --workers 2 (overridden to one thread): 13', argv: ['check', 'philosophers', '-D', 'n=3', '--invariant', 'eventually-eats', '--no-deadlock', '--workers', '2', '-q', '--no-save-traces'], expect: { code: 13 } },
  { id: 'check-dfs-workers', why: 'dfs with --workers 2 runs on one thread and holds', argv: ['check', ...PETERSON, '--strategy', 'dfs', '--workers', '2', '-q'], expect: { code: 0 } },
  { id: 'check-spill-tmpdir-proc', why: 'TMPDIR under /proc with a spilled fp64 frontier: incomplete or ok, never a model error', argv: ['check', 'philosophers', '-D', 'n=3', '--no-deadlock', '--seen', 'fp64', '--frontier-mb', '0.00001', '-q'], env: { TMPDIR: '/proc/self/nope' }, expect: { code: [0, 152] } },
  { id: 'check-spill-tmpdir-devnull', why: 'TMPDIR is /dev/null (a device) with a spilled frontier', argv: ['check', 'philosophers', '-D', 'n=3', '--no-deadlock', '--seen', 'fp64', '--frontier-mb', '0.00001', '-q'], env: { TMPDIR: '/dev/null' }, expect: { code: [0, 152] } },

  // ---------------------------------------------------------------- check: output places
  { id: 'check-report-dir-file-in-way', why: '--report-dir under a regular file', argv: ['check', ...PETERSON, '-D', 'mutate=1', '--report-dir', 'f/sub'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'check-report-dir-is-file', why: '--report-dir is a regular file', argv: ['check', ...PETERSON, '-D', 'mutate=1', '--report-dir', 'f'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'check-report-dir-proc', why: '--report-dir under /proc', argv: ['check', ...PETERSON, '--report-dir', '/proc/self/rcucheck'], expect: { code: 150 } },
  { id: 'check-report-dir-dev-full', why: '--report-dir /dev/full (a device)', argv: ['check', ...PETERSON, '--report-dir', '/dev/full'], expect: { code: 150 } },
  { id: 'check-report-dir-empty', why: 'found: --report-dir "" replaced the working directory with the report (exit 0)', argv: ['check', ...PETERSON, '--report-dir', ''], expect: { code: 150 } },
  { id: 'check-report-dir-cwd', why: 'found: --report-dir . (an empty working directory) was replaced whole, the shell left in a deleted directory', argv: ['check', ...PETERSON, '--report-dir', '.'], expect: { code: 150 } },
  { id: 'check-report-dir-ancestor', why: '--report-dir naming a directory that holds the working directory (/)', argv: ['check', ...PETERSON, '--report-dir', '/'], expect: { code: 150 } },
  { id: 'check-report-dir-not-report', why: '--report-dir an existing folder that is not a report', argv: ['check', ...PETERSON, '--report-dir', 'd'], setup: { files: { 'd/notes.txt': 'mine' } }, expect: { code: 150 } },
  { id: 'check-report-dir-link-loop', why: '--report-dir a symbolic link loop', argv: ['check', ...PETERSON, '--report-dir', 'a'], setup: { links: { a: 'b', b: 'a' } }, expect: { code: 150 } },
  { id: 'check-report-dir-link-to-file', why: '--report-dir a link to a regular file', argv: ['check', ...PETERSON, '--report-dir', 'l'], setup: { files: { f: 'x' }, links: { l: 'f' } }, expect: { code: 150 } },

  // ---------------------------------------------------------------- replay: files and tampered ITF
  { id: 'replay-missing', why: 'a trace file that does not exist', argv: ['replay', 'nope.itf.json'], expect: { code: 150 } },
  { id: 'replay-directory', why: 'a directory instead of a trace', argv: ['replay', 'd'], setup: { dirs: ['d'] }, expect: { code: 150 } },
  { id: 'replay-dev-null', why: '/dev/null as the trace', argv: ['replay', '/dev/null'], expect: { code: 150 } },
  { id: 'replay-link-loop', why: 'a symbolic link loop as the trace', argv: ['replay', 'a'], setup: { links: { a: 'b', b: 'a' } }, expect: { code: 150 } },
  { id: 'replay-empty', why: 'an empty file', argv: ['replay', TRACE], setup: { files: { [TRACE]: '' } }, expect: { code: 150 } },
  { id: 'replay-not-json', why: 'text that is not JSON', argv: ['replay', TRACE], setup: { files: { [TRACE]: 'states: [1, 2]\n' } }, expect: { code: 150 } },
  { id: 'replay-truncated', why: 'the trace cut in half', argv: ['replay', TRACE], setup: { files: { [TRACE]: (fx) => JSON.stringify(fx.itf).slice(0, 600) } }, expect: { code: 150 } },
  { id: 'replay-null', why: 'the JSON value null', argv: ['replay', TRACE], setup: { files: { [TRACE]: 'null' } }, expect: { code: 150 } },
  { id: 'replay-array', why: 'a JSON array', argv: ['replay', TRACE], setup: { files: { [TRACE]: '[]' } }, expect: { code: 150 } },
  { id: 'replay-no-meta', why: 'no #meta at all', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void delete (t as Partial<Itf>)['#meta']) } }, expect: { code: 150 } },
  { id: 'replay-no-states', why: 'states missing', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void delete (t as Partial<Itf>).states) } }, expect: { code: 150 } },
  { id: 'replay-states-empty', why: 'states: []', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states = [])) } }, expect: { code: 150 } },
  { id: 'replay-states-object', why: 'states is an object, not an array', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void ((t as Record<string, unknown>).states = { 0: t.states[0] })) } }, expect: { code: 150 } },
  { id: 'replay-vars-missing', why: 'vars missing', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void delete (t as Partial<Itf>).vars) } }, expect: { code: 150 } },
  { id: 'replay-model-unknown', why: '#meta.model names no model', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].model = 'nope')) } }, expect: { code: 150 } },
  { id: 'replay-model-number', why: '#meta.model is a number', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].model = 7)) } }, expect: { code: 150 } },
  { id: 'replay-params-out-of-range', why: '#meta.params.n = 99', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].params.n = 99)) } }, expect: { code: 150 } },
  { id: 'replay-params-string', why: '#meta.params is a string', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].params = 'n=2')) } }, expect: { code: 150 } },
  { id: 'replay-params-unknown', why: '#meta.params has a parameter the model lacks', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].params.bogus = 1)) } }, expect: { code: 150 } },
  { id: 'replay-property-unknown', why: '#meta.property names no property', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].property = 'nope')) } }, expect: { code: 150 } },
  { id: 'replay-kind-bogus', why: '#meta.kind is not a kind', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].kind = 'bogus')) } }, expect: { code: 150 } },
  { id: 'replay-bigint-word', why: 'a #bigint that is not a number', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[1].level[0] = { '#bigint': 'abc' })) } }, expect: { code: 150 } },
  { id: 'replay-bigint-huge', why: 'a #bigint of 30 digits', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[1].level[0] = { '#bigint': '123456789012345678901234567890' })) } }, expect: { code: 150 } },
  { id: 'replay-plain-number', why: 'a plain JSON number where #bigint belongs is valid ITF and replays', argv: ['replay', '-q', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[1].level[0] = 1)) } }, expect: { code: 12 } },
  { id: 'replay-wrong-type', why: 'a string where a record belongs', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[2].proc = 'NCS')) } }, expect: { code: 150 } },
  { id: 'replay-field-missing', why: 'a state without one of the vars', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void delete t.states[3].victim) } }, expect: { code: 150 } },
  { id: 'replay-extra-var', why: 'a state with a variable the model lacks', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[2].extra = 1)) } }, expect: { code: 150 } },
  { id: 'replay-unknown-loc', why: 'a location value the model does not have', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[2].proc[0].loc = 'NOWHERE')) } }, expect: { code: 150 } },
  { id: 'replay-action-unknown', why: 'a step naming an action that does not exist', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[2]['#meta'].action = 'teleport [p0]')) } }, expect: { code: 150 } },
  { id: 'replay-not-enabled', why: 'two steps swapped: a step that is not enabled', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void ([t.states[2], t.states[3]] = [t.states[3], t.states[2]])) } }, expect: { code: 150 } },
  { id: 'replay-state-skipped', why: 'a state dropped from the middle', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void t.states.splice(2, 1)) } }, expect: { code: 150 } },
  { id: 'replay-no-violation', why: 'the last (violating) state dropped', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void t.states.pop()) } }, expect: { code: 150 } },
  { id: 'replay-init-changed', why: 'the initial state is not an initial state', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[0].victim[0] = { '#bigint': '1' })) } }, expect: { code: 150 } },
  { id: 'replay-loop-out-of-range', why: 'a loop index past the last state', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.loop = 99)) } }, expect: { code: 150 } },
  { id: 'replay-loop-negative', why: 'a negative loop index', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.loop = -1)) } }, expect: { code: 150 } },
  { id: 'replay-meta-actions-short', why: '#meta.actions shorter than the trace', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void t['#meta'].actions.pop()) } }, expect: { code: 150 } },
  { id: 'replay-index-wrong', why: 'a state #meta.index out of order', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t.states[2]['#meta'].index = 5)) } }, expect: { code: 150 } },
  { id: 'replay-fifo', why: 'found: a named pipe nobody writes to as the trace hung for ever, and SIGTERM did not end it', argv: ['replay', 'pipe'], setup: { fifos: ['pipe'] }, expect: { code: 150 } },
  { id: 'replay-dev-zero', why: 'found: /dev/zero as the trace was read to 512 MB, then "RangeError: Invalid string length" in the message', argv: ['replay', '/dev/zero'], expect: { code: 150 } },
  { id: 'replay-fingerprint-edited', why: '#meta.fingerprint edited: the trace is of another model version', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].fingerprint = 'sha256:0000000000000000')) } }, expect: { code: 150 } },
  { id: 'replay-init-edited', why: '#meta.init names an initial state the model lacks', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].init = 5)) } }, expect: { code: 150 } },
  { id: 'replay-format-edited', why: '#meta.format is not ITF', argv: ['replay', TRACE], setup: { files: { [TRACE]: itf((t) => void (t['#meta'].format = 'CSV')) } }, expect: { code: 150 } },
  { id: 'replay-explanation-edited', why: 'an edited #meta.explanation and switches: replay prints its own, recomputed (not the edit)', argv: ['replay', '-q', TRACE], setup: { files: { [TRACE]: itf((t) => void ((t['#meta'].explanation = 'FAKED'), (t['#meta'].switches = 9))) } }, expect: { code: 12 } },
  { id: 'replay-two-traces', why: 'two trace arguments', argv: ['replay', TRACE, TRACE], setup: { files: { [TRACE]: (fx) => JSON.stringify(fx.itf) } }, expect: { code: 151 } },
  { id: 'replay-intact', why: 'the untouched fixture confirms its violation (the control)', argv: ['replay', '-q', TRACE], setup: { files: { [TRACE]: (fx) => JSON.stringify(fx.itf) } }, expect: { code: 12 } },

  // ---------------------------------------------------------------- graph
  { id: 'graph-model-unknown', why: 'a model that does not exist', argv: ['graph', 'nope'], expect: { code: [150, 151] } },
  { id: 'graph-format-bogus', why: '--format svg', argv: ['graph', ...PETERSON, '--format', 'svg'], expect: { code: 151 } },
  { id: 'graph-max-states-negative', why: '--max-states -1', argv: ['graph', ...PETERSON, '--max-states', '-1'], expect: { code: 151 } },
  { id: 'graph-max-states-nan', why: '--max-states NaN', argv: ['graph', ...PETERSON, '--max-states', 'NaN'], expect: { code: 151 } },
  { id: 'graph-too-big', why: 'a configuration over --max-states is refused, nothing written', argv: ['graph', 'philosophers', '-D', 'n=3', '--max-states', '3', '-o', 'g.dot'], expect: { code: 150 } },
  { id: 'graph-max-states-infinity', why: '--max-states 1e400 (Infinity)', argv: ['graph', ...PETERSON, '--max-states', '1e400', '-o', 'g.dot'], expect: { code: 151 } },
  { id: 'graph-max-states-zero', why: '--max-states 0', argv: ['graph', ...PETERSON, '--max-states', '0', '-o', 'g.dot'], expect: { code: 151 } },
  { id: 'graph-D-bad', why: '-D n=abc', argv: ['graph', 'peterson', '-D', 'n=abc'], expect: { code: 151 } },
  { id: 'graph-trace-missing', why: '--trace a file that does not exist', argv: ['graph', ...PETERSON, '-D', 'mutate=1', '--trace', 'nope.json', '-o', 'g.dot'], expect: { code: 150 } },
  { id: 'graph-trace-other-model', why: '--trace of peterson against philosophers', argv: ['graph', 'philosophers', '-D', 'n=3', '--trace', TRACE, '-o', 'g.dot'], setup: { files: { [TRACE]: (fx) => JSON.stringify(fx.itf) } }, expect: { code: 150 } },
  { id: 'graph-trace-other-params', why: '--trace of n=2 mutate=1 against n=2 without the mutation', argv: ['graph', ...PETERSON, '--trace', TRACE, '-o', 'g.dot'], setup: { files: { [TRACE]: (fx) => JSON.stringify(fx.itf) } }, expect: { code: 150 } },
  { id: 'graph-trace-tampered', why: '--trace with steps swapped', argv: ['graph', ...PETERSON, '-D', 'mutate=1', '--trace', TRACE, '-o', 'g.dot'], setup: { files: { [TRACE]: itf((t) => void ([t.states[2], t.states[3]] = [t.states[3], t.states[2]])) } }, expect: { code: 150 } },
  { id: 'graph-trace-fifo', why: 'found: --trace a named pipe hung for ever', argv: ['graph', ...PETERSON, '--trace', 'pipe'], setup: { fifos: ['pipe'] }, expect: { code: 150 } },
  { id: 'graph-trace-directory', why: '--trace a directory', argv: ['graph', ...PETERSON, '--trace', 'd'], setup: { dirs: ['d'] }, expect: { code: 150 } },
  { id: 'graph-out-file-in-way', why: '-o under a regular file', argv: ['graph', ...PETERSON, '-o', 'f/g.dot'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'graph-out-proc', why: '-o /proc/version', argv: ['graph', ...PETERSON, '-o', '/proc/version'], expect: { code: 150 } },
  { id: 'graph-out-dev-full', why: '-o /dev/full', argv: ['graph', ...PETERSON, '-o', '/dev/full'], expect: { code: 150 } },
  { id: 'graph-out-directory', why: '-o an existing directory', argv: ['graph', ...PETERSON, '-o', 'd'], setup: { dirs: ['d'] }, expect: { code: 150 } },
  { id: 'graph-out-empty', why: '-o ""', argv: ['graph', ...PETERSON, '-o', ''], expect: { code: 150 } },

  // ---------------------------------------------------------------- list
  { id: 'list-model-unknown', why: 'list a model that does not exist', argv: ['list', 'nope'], expect: { code: [150, 151] } },
  { id: 'list-json-unknown', why: 'list --json a model that does not exist', argv: ['list', '--json', 'nope'], expect: { code: [150, 151] } },
  { id: 'list-two-models', why: 'list two models', argv: ['list', 'peterson', 'philosophers'], expect: { code: 151 } },
  { id: 'list-bogus-option', why: 'list --bogus', argv: ['list', '--bogus'], expect: { code: 151 } },

  // ---------------------------------------------------------------- prove: plans
  { id: 'prove-plan-missing', why: '--plan a file that does not exist', argv: ['prove', '--plan', 'nope.json', '--no-baselines', '--no-coverage'], expect: { code: 150 } },
  { id: 'prove-plan-not-json', why: 'a plan that is not JSON', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': '{ entries: [' } }, expect: { code: 150 } },
  { id: 'prove-plan-entries-object', why: 'entries is an object', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': JSON.stringify({ entries: { p2: P2 } }) } }, expect: { code: 150 } },
  { id: 'prove-plan-empty', why: 'found: a plan with no entries checked nothing and exited 0', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([]) } }, expect: { code: 150 } },
  { id: 'prove-plan-model-unknown', why: 'an entry naming no model', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, model: 'nope' }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-params-bad', why: 'an entry with n=99', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, params: { n: 99 } }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-params-unknown', why: 'an entry with a parameter the model lacks', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, params: { n: 2, bogus: 1 } }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-duplicate-ids', why: 'two entries with one id', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([P2, P2]) } }, expect: { code: 150 } },
  { id: 'prove-plan-expect-bogus', why: 'expect "maybe"', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, expect: 'maybe' }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-violates-unknown', why: 'expect violates a property the model lacks', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, expect: { violates: 'nope', note: 'x' } }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-violates-empty', why: 'expect violates []', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, expect: { violates: [], note: 'x' } }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-id-path', why: 'an entry id that climbs out of the report folder', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, id: '../escape' }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-id-number', why: 'an entry id that is a number', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, id: 7 }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-invariant-unknown', why: 'an entry whose invariants name no property', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([{ ...P2, invariants: ['nope'] }]) } }, expect: { code: 150 } },
  { id: 'prove-plan-fifo', why: 'found: --plan a named pipe hung for ever', argv: ['prove', '--plan', 'pipe', '--no-baselines', '--no-coverage'], setup: { fifos: ['pipe'] }, expect: { code: 150 } },
  { id: 'prove-plan-directory', why: '--plan a directory', argv: ['prove', '--plan', 'd', '--no-baselines', '--no-coverage'], setup: { dirs: ['d'] }, expect: { code: 150 } },
  { id: 'prove-baselines-dev-zero', why: 'found: --baselines /dev/zero was read until the string was too long', argv: ['prove', '--plan', 'p.json', '--baselines', '/dev/zero', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 150 } },
  { id: 'prove-coverage-fifo', why: 'found: --coverage a named pipe hung for ever', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--coverage', 'pipe'], setup: { files: { 'p.json': planOf([P2]) }, fifos: ['pipe'] }, expect: { code: 150 } },
  { id: 'prove-shard-zero', why: '--shard 0/2', argv: ['prove', '--shard', '0/2', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-over', why: '--shard 3/2', argv: ['prove', '--shard', '3/2', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-of-zero', why: '--shard 1/0', argv: ['prove', '--shard', '1/0', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-words', why: '--shard a/b', argv: ['prove', '--shard', 'a/b', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-three-parts', why: '--shard 1/2/3', argv: ['prove', '--shard', '1/2/3', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-negative', why: '--shard -1/2', argv: ['prove', '--shard', '-1/2', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-fraction', why: '--shard 1.5/2', argv: ['prove', '--shard', '1.5/2', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-empty', why: '--shard ""', argv: ['prove', '--shard', '', '--list'], expect: { code: 151 } },
  { id: 'prove-shard-more-than-entries', why: 'found: a shard with no entry of a one-entry plan checked nothing and exited 0', argv: ['prove', '--plan', 'p.json', '--shard', '2/2', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 151 } },
  { id: 'prove-report-dir-empty', why: '--report-dir "" names no directory', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage', '--report-dir', ''], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 150 } },
  { id: 'prove-workers-zero', why: '--workers 0', argv: ['prove', '--workers', '0', '--list'], expect: { code: 151 } },
  { id: 'prove-workers-nan', why: '--workers NaN', argv: ['prove', '--workers', 'NaN', '--list'], expect: { code: 151 } },
  { id: 'prove-baselines-distinct-word', why: 'a baseline with distinct "many"', argv: ['prove', '--plan', 'p.json', '--baselines', 'b.json', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]), 'b.json': JSON.stringify({ p2: { distinct: 'many', maxDepth: 6 } }) } }, expect: { code: 150 } },
  { id: 'prove-baselines-array', why: 'baselines as a JSON array', argv: ['prove', '--plan', 'p.json', '--baselines', 'b.json', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]), 'b.json': '[]' } }, expect: { code: 150 } },
  { id: 'prove-baselines-fraction', why: 'a baseline with a fractional depth', argv: ['prove', '--plan', 'p.json', '--baselines', 'b.json', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]), 'b.json': JSON.stringify({ p2: { distinct: 20, maxDepth: 6.5 } }) } }, expect: { code: 150 } },
  { id: 'prove-baselines-directory', why: '--baselines a directory', argv: ['prove', '--plan', 'p.json', '--baselines', 'd', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]) }, dirs: ['d'] }, expect: { code: 150 } },
  { id: 'prove-coverage-models-array', why: 'a coverage file whose models is an array', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--coverage', 'c.json'], setup: { files: { 'p.json': planOf([P2]), 'c.json': JSON.stringify({ plan: 'p.json', models: [] }) } }, expect: { code: 150 } },
  { id: 'prove-coverage-null', why: 'a coverage file that is null', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--coverage', 'c.json'], setup: { files: { 'p.json': planOf([P2]), 'c.json': 'null' } }, expect: { code: 150 } },
  { id: 'prove-report-dir-file-in-way', why: '--report-dir under a regular file', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage', '--report-dir', 'f/out'], setup: { files: { 'p.json': planOf([P2]), f: 'x' } }, expect: { code: 150 } },
  { id: 'prove-report-dir-proc', why: '--report-dir under /proc', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage', '--report-dir', '/proc/self/out'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 150 } },
  { id: 'prove-report-dir-dev-full', why: '--report-dir /dev/full', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage', '--report-dir', '/dev/full'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 150 } },
  { id: 'prove-update-no-baselines', why: '--update-baselines with --no-baselines contradict', argv: ['prove', '--plan', 'p.json', '--update-baselines', '--no-baselines', '--no-coverage'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 151 } },
  { id: 'prove-tiny-ok', why: 'a one-entry plan that holds (the control)', argv: ['prove', '--plan', 'p.json', '--no-baselines', '--no-coverage', '-q', '--workers', '1'], setup: { files: { 'p.json': planOf([P2]) } }, expect: { code: 0 } },

  // ---------------------------------------------------------------- merge
  { id: 'merge-no-dirs', why: 'merge with no input', argv: ['merge'], expect: { code: 151 } },
  { id: 'merge-dir-missing', why: 'an input folder that does not exist', argv: ['merge', 's1', 'nope'], setup: { files: GOOD_SHARDS }, expect: { code: 150 } },
  { id: 'merge-no-summary', why: 'an input folder without summary.json', argv: ['merge', 's1', 'd'], setup: { files: GOOD_SHARDS, dirs: ['d'] }, expect: { code: 150 } },
  { id: 'merge-input-is-file', why: 'an input that is a regular file', argv: ['merge', 's1', 'f'], setup: { files: { ...GOOD_SHARDS, f: 'x' } }, expect: { code: 150 } },
  { id: 'merge-summary-not-json', why: 'a summary.json that is not JSON', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': '{"entries": [' } }, expect: { code: 150 } },
  { id: 'merge-entries-string', why: 'a summary whose entries is a string', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (s.entries = 'all')) } }, expect: { code: 150 } },
  { id: 'merge-same-dir-twice', why: 'the same shard given twice: a difference (exit 1), the merged summary says so', argv: ['merge', 's1', 's1'], setup: { files: GOOD_SHARDS }, expect: { code: 1, nothingWritten: false } },
  { id: 'merge-same-shard-copied', why: 'two copies of shard 1 and no shard 2: a difference (exit 1), entries missing and twice', argv: ['merge', 's1', 's3'], setup: { files: { ...GOOD_SHARDS, 's3/summary.json': shard(1) } }, expect: { code: 1, nothingWritten: false } },
  { id: 'merge-one-shard-only', why: 'one shard of two: entries missing', argv: ['merge', 's1', '--report-dir', 'out'], setup: { files: GOOD_SHARDS }, expect: { code: [1, 150] } },
  { id: 'merge-checksum-differs', why: 'shards whose plan checksums differ', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (s.planChecksum = '0'.repeat(64))) } }, expect: { code: 150 } },
  { id: 'merge-checksum-missing', why: 'a shard without a plan checksum', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void delete s.planChecksum) } }, expect: { code: 150 } },
  { id: 'merge-entry-id-path', why: 'a shard entry id that climbs out of the folder', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (entries(s)[0].id = '../../etc')) } }, expect: { code: 150 } },
  { id: 'merge-entry-match-string', why: 'a shard entry with match "yes"', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (entries(s)[0].match = 'yes')) } }, expect: { code: 150 } },
  { id: 'merge-entry-index-out', why: 'a shard entry index past planEntries', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (entries(s)[0].index = 99)) } }, expect: { code: 150 } },
  { id: 'merge-plan-entries-word', why: 'planEntries "two"', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (s.planEntries = 'two')) } }, expect: { code: 150 } },
  { id: 'merge-shards-bogus', why: 'a shard field that says 5/2', argv: ['merge', 's1', 's2'], setup: { files: { ...GOOD_SHARDS, 's2/summary.json': shard(2, (s) => void (s.shards = { index: 5, count: 2 })) } }, expect: { code: 150 } },
  { id: 'merge-summary-fifo', why: 'found: a summary.json that is a named pipe hung for ever', argv: ['merge', 's1', 's2'], setup: { files: { 's1/summary.json': shard(1) }, fifos: ['s2/summary.json'] }, expect: { code: 150 } },
  { id: 'merge-report-dir-input', why: '--report-dir is one of the inputs', argv: ['merge', 's1', 's2', '--report-dir', 's2'], setup: { files: GOOD_SHARDS }, expect: { code: 151 } },
  { id: 'merge-report-dir-input-link', why: '--report-dir a link to one of the inputs', argv: ['merge', 's1', 's2', '--report-dir', 'l'], setup: { files: GOOD_SHARDS, links: { l: 's1' } }, expect: { code: 151 } },
  { id: 'merge-report-dir-file-in-way', why: '--report-dir under a regular file', argv: ['merge', 's1', 's2', '--report-dir', 'f/out'], setup: { files: { ...GOOD_SHARDS, f: 'x' } }, expect: { code: 150 } },
  { id: 'merge-report-dir-empty', why: '--report-dir "" names the working directory, which holds the inputs', argv: ['merge', 's1', 's2', '--report-dir', ''], setup: { files: GOOD_SHARDS }, expect: { code: [150, 151] } },
  { id: 'merge-report-dir-dev-full', why: '--report-dir /dev/full', argv: ['merge', 's1', 's2', '--report-dir', '/dev/full'], setup: { files: GOOD_SHARDS }, expect: { code: 150 } },
  { id: 'merge-good', why: 'two good shards merge (the control)', argv: ['merge', 's1', 's2', '--report-dir', 'out'], setup: { files: GOOD_SHARDS }, expect: { code: 0 } },

  // ---------------------------------------------------------------- plan
  { id: 'plan-file-missing-check', why: 'plan --check of a file that does not exist', argv: ['plan', '--check', '--file', 'nope.json'], expect: { code: 150 } },
  { id: 'plan-file-not-json', why: 'plan --check of a file that is not JSON', argv: ['plan', '--check', '--file', 'p.json'], setup: { files: { 'p.json': 'not json' } }, expect: { code: 150 } },
  { id: 'plan-file-entries-missing', why: 'plan --check of {}', argv: ['plan', '--check', '--file', 'p.json'], setup: { files: { 'p.json': '{}' } }, expect: { code: 150 } },
  { id: 'plan-file-fifo', why: 'found: plan --check --file a named pipe hung for ever', argv: ['plan', '--check', '--file', 'pipe'], setup: { fifos: ['pipe'] }, expect: { code: 150 } },
  { id: 'plan-file-in-way', why: 'plan --file under a regular file', argv: ['plan', '--file', 'f/plan.json'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'plan-file-proc', why: 'plan --file /proc/version', argv: ['plan', '--file', '/proc/version'], expect: { code: 150 } },
  { id: 'plan-file-empty', why: 'plan --file ""', argv: ['plan', '--file', ''], expect: { code: [150, 151] } },
  { id: 'report-out-empty', why: '--out "" names no directory, refused before the work', argv: ['report', 'kvfree-v1', '--out', ''], expect: { code: 150 } },
  { id: 'plan-extra-arg', why: 'plan with a stray argument', argv: ['plan', 'extra'], expect: { code: 151 } },

  // ---------------------------------------------------------------- report
  { id: 'report-family-unknown', why: 'a family that does not exist', argv: ['report', 'nope'], expect: { code: [150, 151] } },
  { id: 'report-family-missing', why: 'no family', argv: ['report'], expect: { code: 151 } },
  { id: 'report-out-file-in-way', why: '--out under a regular file, refused before the work', argv: ['report', 'kvfree-v1', '--out', 'f/out'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'report-out-proc', why: '--out under /proc, refused before the work', argv: ['report', 'kvfree-v1', '--out', '/proc/self/out'], expect: { code: 150 } },
  { id: 'report-out-dev-full', why: '--out /dev/full, refused before the work', argv: ['report', 'kvfree-v1', '--out', '/dev/full'], expect: { code: 150 } },
  { id: 'report-bogus-option', why: 'report --bogus', argv: ['report', 'kvfree-v1', '--bogus'], expect: { code: 151 } },

  // ---------------------------------------------------------------- tags
  { id: 'tags-only-nothing', why: '--only that matches no cell checks nothing', argv: ['tags', '--only', 'zzz-no-cell'], expect: { code: 151 } },
  { id: 'tags-only-empty', why: 'found: --only "" matched every cell, ran the whole matrix and wrote reports/ (exit 0)', argv: ['tags', '--only', ''], expect: { code: 151 } },
  { id: 'tags-out-empty', why: '-o "" names no directory', argv: ['tags', '--only', 'v1-bit0', '-o', ''], expect: { code: 150 } },
  { id: 'tags-out-file-in-way', why: '-o under a regular file, refused before the work', argv: ['tags', '--only', 'v1-bit0', '-o', 'f/out'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'tags-out-proc', why: '-o under /proc, refused before the work', argv: ['tags', '--only', 'v1-bit0', '-o', '/proc/self/out'], expect: { code: 150 } },
  { id: 'tags-out-dev-full', why: '-o /dev/full, refused before the work', argv: ['tags', '--only', 'v1-bit0', '-o', '/dev/full'], expect: { code: 150 } },

  // ---------------------------------------------------------------- sweep
  { id: 'sweep-model-unknown', why: 'a model that does not exist', argv: ['sweep', 'nope'], expect: { code: [150, 151] } },
  { id: 'sweep-budget-negative', why: '--budget -1', argv: ['sweep', 'peterson', '--budget', '-1'], expect: { code: 151 } },
  { id: 'sweep-budget-nan', why: '--budget NaN', argv: ['sweep', 'peterson', '--budget', 'NaN'], expect: { code: 151 } },
  { id: 'sweep-budget-zero', why: '--budget 0', argv: ['sweep', 'peterson', '--budget', '0'], expect: { code: [151, 152] } },
  { id: 'sweep-memory-negative', why: '--memory -1', argv: ['sweep', 'peterson', '--memory', '-1'], expect: { code: 151 } },
  { id: 'sweep-max-states-zero', why: '--max-states 0', argv: ['sweep', 'peterson', '--max-states', '0'], expect: { code: 151 } },
  { id: 'sweep-workers-zero', why: '--workers 0', argv: ['sweep', 'peterson', '--workers', '0'], expect: { code: 151 } },
  { id: 'sweep-kinds-bogus', why: '--kinds x,y for kvfree', argv: ['sweep', 'kvfree-v1', '--kinds', 'x,y'], expect: { code: 151 } },
  { id: 'sweep-kinds-empty', why: '--kinds ""', argv: ['sweep', 'kvfree-v1', '--kinds', ''], expect: { code: 151 } },
  { id: 'sweep-kinds-non-kvfree', why: '--kinds for a model that has no object kinds', argv: ['sweep', 'peterson', '--kinds', 'h,e'], expect: { code: 151 } },
  { id: 'sweep-kinds-duplicate', why: '--kinds h,h', argv: ['sweep', 'kvfree-v1', '--kinds', 'h,h'], expect: { code: 151 } },
  { id: 'sweep-D-unknown', why: '-D bogus=1', argv: ['sweep', 'peterson', '-D', 'bogus=1'], expect: { code: 151 } },
  { id: 'sweep-D-bad-value', why: '-D n=abc', argv: ['sweep', 'peterson', '-D', 'n=abc'], expect: { code: 151 } },
  { id: 'sweep-out-file-in-way', why: '-o under a regular file, refused before the work', argv: ['sweep', 'peterson', '--budget', '5', '-o', 'f/out'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'sweep-out-empty', why: '-o "" names no directory', argv: ['sweep', 'peterson', '--budget', '5', '-o', ''], expect: { code: 150 } },
  { id: 'sweep-out-dev-full', why: '-o /dev/full, refused before the work', argv: ['sweep', 'peterson', '--budget', '5', '-o', '/dev/full'], expect: { code: 150 } },
  { id: 'sweep-all-fixed', why: 'every swept parameter fixed: one configuration, cheap', argv: ['sweep', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--budget', '10', '-q', '-o', 'out'], expect: { code: 12 } },

  // ---------------------------------------------------------------- history
  { id: 'history-only-unknown', why: '--only B99', argv: ['history', '--only', 'B99'], expect: { code: 151 } },
  { id: 'history-only-commas', why: '--only ,', argv: ['history', '--only', ','], expect: { code: 151 } },
  // (history-only-unmodelled, --only of a row the models cannot express, retired with issue 28: every
  // catalogue row is modelled now; src/cli/history.ts still refuses one with 151 should a new row be open.)
  { id: 'history-out-empty', why: '--out "" names no directory', argv: ['history', '--out', ''], expect: { code: 150 } },
  { id: 'history-out-file-in-way', why: '--out under a regular file, refused before the work', argv: ['history', '--out', 'f/out'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'history-out-proc', why: '--out under /proc, refused before the work', argv: ['history', '--out', '/proc/self/out'], expect: { code: 150 } },
  { id: 'history-extra-arg', why: 'history with a stray argument', argv: ['history', 'B2'], expect: { code: 151 } },

  // ---------------------------------------------------------------- compare
  { id: 'compare-no-before', why: '--before missing', argv: ['compare', 'peterson', '--after', 'mutate=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-before-empty', why: '--before ""', argv: ['compare', 'peterson', '--before', '', '--after', 'mutate=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-before-no-equals', why: '--before mutate (no value)', argv: ['compare', 'peterson', '--before', 'mutate', '--after', 'mutate=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-before-unknown', why: '--before of a parameter the model lacks', argv: ['compare', 'peterson', '--before', 'bogus=0', '--after', 'bogus=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-fix-unknown', why: '--after fix=<a commit not in the table>', argv: ['compare', 'kvfree-v5.9', '--before', 'fix=none', '--after', 'fix=deadbeef', '-D', 'objects=e'], expect: { code: 151 } },
  { id: 'compare-same-sides', why: '--before and --after the same: nothing to compare', argv: ['compare', 'peterson', '--before', 'mutate=1', '--after', 'mutate=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-duplicate-key', why: '--before mutate=0,mutate=1', argv: ['compare', 'peterson', '--before', 'mutate=0,mutate=1', '--after', 'mutate=1', '-D', 'n=2'], expect: { code: 151 } },
  { id: 'compare-sweep-and-plan', why: '--sweep and --plan together', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '--sweep', '--plan'], expect: { code: 151 } },
  { id: 'compare-budget-without-sweep', why: '--budget without --sweep', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--budget', '5'], expect: { code: 151 } },
  { id: 'compare-state-budget-negative', why: '--state-budget -1 with --plan', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '--plan', '--state-budget', '-1'], expect: { code: 151 } },
  { id: 'compare-max-states-nan', why: '--max-states NaN', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--max-states', 'NaN'], expect: { code: 151 } },
  { id: 'compare-model-unknown', why: 'a model that does not exist', argv: ['compare', 'nope', '--before', 'a=0', '--after', 'a=1'], expect: { code: [150, 151] } },
  { id: 'compare-report-dir-file-in-way', why: '--report-dir under a regular file', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--report-dir', 'f/out'], setup: IN_THE_WAY, expect: { code: 150 } },
  { id: 'compare-report-dir-empty', why: '--report-dir "" names the working directory', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--report-dir', ''], expect: { code: 150 } },
  { id: 'compare-report-dir-dev-full', why: '--report-dir /dev/full', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--report-dir', '/dev/full'], expect: { code: 150 } },
  { id: 'compare-undecided', why: '--max-states 2 stops both sides: 152, never a verdict', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '--max-states', '2', '-q', '--json', '--no-save-traces'], expect: { code: 152 } },
  { id: 'compare-plan-all-skipped', why: 'found: --plan with --state-budget 1 skipped every entry, compared nothing and exited 0', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '--plan', '--state-budget', '1', '-q', '--no-save-traces'], expect: { code: 152 } },
  { id: 'compare-sweep-no-budget', why: 'found: --sweep --budget 1e-9 ran no configuration, compared nothing and exited 0', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '--sweep', '--budget', '1e-9', '-q', '--no-save-traces'], expect: { code: 152 } },
  { id: 'compare-introduces', why: 'the seeded mutation is newly violated (the control)', argv: ['compare', 'peterson', '--before', 'mutate=0', '--after', 'mutate=1', '-D', 'n=2', '-q', '--report-dir', 'out'], expect: { code: 12 } },
];
