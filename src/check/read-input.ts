/**
 * The one reader of input files (ITF traces, plans, baselines, coverage allowances, shard
 * summaries).
 *
 * Why this file exists: `readFile` on a FIFO nobody writes to never returns (and a stop signal
 * cannot end it), on /dev/zero it reads until the string is too long, on a directory it fails with
 * a code only. An input must be a regular file of sane size; anything else is refused at once,
 * with an error whose `code` names why, for the caller's one-line 150.
 */
import { readFile, stat } from 'node:fs/promises';

/** Larger inputs are refused: the largest published trace or plan is a few MB. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export async function readInputFile(path: string): Promise<string> {
  const st = await stat(path);
  if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'not a regular file' });
  if (st.size > MAX_INPUT_BYTES) throw Object.assign(new Error(`${path} is larger than ${MAX_INPUT_BYTES} bytes`), { code: 'too large' });
  return readFile(path, 'utf8');
}
