/**
 * `rcucheck list`: every registered model, its parameters (default, range or values, meaning)
 * and its properties (read from an instance built with the defaults).
 *
 * What it must not do: touch `process`, or run a search.
 */
import type { Argv, CommandModule } from 'yargs';
import { MODELS } from '../../models/index.js';
import type { ModelDef } from '../model/types.js';
import { EXIT, fail, type CliContext } from './context.js';

export interface ModelListing {
  id: string;
  description: string;
  params: { name: string; default: number | string; min?: number; max?: number; values?: (string | number)[]; pattern?: string; description: string }[];
  properties: { name: string; kind: string; description: string }[];
  /** Set when building the model with its defaults failed (a model bug, shown rather than hidden). */
  buildError?: string;
}

export function listing(def: ModelDef): ModelListing {
  const params = Object.entries(def.params).map(([name, p]) => {
    const e: ModelListing['params'][number] = { name, default: p.default, description: p.description };
    if (p.min !== undefined) e.min = p.min;
    if (p.max !== undefined) e.max = p.max;
    if (p.values !== undefined) e.values = [...p.values];
    if (p.pattern !== undefined) e.pattern = p.pattern;
    return e;
  });
  const out: ModelListing = { id: def.id, description: def.description, params, properties: [] };
  try {
    const defaults = Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]));
    const inst = def.build(defaults);
    out.properties = inst.properties.map((p) => ({ name: p.name, kind: p.kind, description: p.description }));
  } catch (e) {
    out.buildError = e instanceof Error ? e.message : String(e);
  }
  out.properties.push({
    name: 'deadlock',
    kind: 'deadlock',
    description: 'a reachable state with no enabled action that is not a valid end state (off with --no-deadlock)',
  });
  return out;
}

function range(p: ModelListing['params'][number]): string {
  if (p.values !== undefined) return p.values.join('|');
  if (p.min !== undefined || p.max !== undefined) return `${p.min ?? '-inf'}..${p.max ?? 'inf'}`;
  if (p.pattern !== undefined) return p.pattern;
  return 'any';
}

export function renderListing(ms: ModelListing[]): string {
  const lines: string[] = [];
  for (const m of ms) {
    lines.push(`${m.id}: ${m.description}`);
    if (m.params.length > 0) {
      lines.push('  parameters:');
      const w = Math.max(...m.params.map((p) => `${p.name}=${p.default}`.length));
      for (const p of m.params) {
        lines.push(`    ${`${p.name}=${p.default}`.padEnd(w)}  ${p.description}`);
        lines.push(`    ${''.padEnd(w)}  ${p.values !== undefined ? 'one of' : p.pattern !== undefined && p.min === undefined ? 'format' : 'range'}: ${range(p)}`);
      }
    }
    lines.push('  properties:');
    const w = Math.max(...m.properties.map((p) => `${p.name} [${p.kind}]`.length));
    for (const p of m.properties) lines.push(`    ${`${p.name} [${p.kind}]`.padEnd(w)}  ${p.description}`);
    if (m.buildError !== undefined) lines.push(`  (building with defaults failed: ${m.buildError})`);
    lines.push('');
  }
  lines.push('Run one: rcucheck check <model> [-D name=value]... [--invariant NAME]...');
  return `${lines.join('\n')}\n`;
}

interface ListArgs {
  model?: string;
  json: boolean;
}

export function listCommand(ctx: CliContext): CommandModule<object, ListArgs> {
  return {
    command: 'list [model]',
    describe: 'list models, their parameters and their properties',
    builder: (y: Argv) =>
      y
        .positional('model', { type: 'string', describe: 'show only this model' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object on stdout' })
        .example('$0 list', 'models, parameters (default, range, meaning) and properties')
        .example('$0 list kvfree-v1', 'one model only')
        .example('$0 list --json', 'the same as JSON'),
    handler: (a) => {
      const chosen = a.model === undefined ? MODELS : MODELS.filter((m) => m.id === a.model);
      if (chosen.length === 0) {
        fail(ctx, EXIT.INPUT, `RC001: unknown model '${a.model}' (valid: ${MODELS.map((m) => m.id).join(', ')})`);
        return;
      }
      const ms = chosen.map(listing);
      ctx.stdout(a.json ? `${JSON.stringify({ models: ms })}\n` : renderListing(ms));
      ctx.exitCode = EXIT.OK;
    },
  };
}
