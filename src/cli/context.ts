/**
 * The command-line context: the CLI's name for the host (base/host.ts) its handlers run in.
 *
 * Why this file exists: CLI handlers say `CliContext`; `prove` and the CLI share one interface.
 *
 * What it must not do: add anything of its own.
 */
export type { Host as CliContext } from '../base/host.js';
export { fail, failWith } from '../base/host.js';
export { EXIT } from '../base/errors.js';
