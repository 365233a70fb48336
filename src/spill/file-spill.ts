/**
 * A `SpillStore` on local disk: the blocks a `SpilledQueue` moves out of memory, in temp files.
 *
 * Why this file exists: the engine does no I/O (it may not import node:fs), so the spill file
 * lives here and reaches the engine only as a `SpillStoreFactory`. Each store owns a fresh
 * directory made by `mkdtemp(<dir>/rcucheck-spill-)` and writes its blocks, in order, to segment
 * files in it with synchronous calls (the search loop is synchronous). Blocks are read back in
 * the order written.
 *
 * Reclaiming space: when every written block has been read, the file is truncated and writing
 * starts again at offset 0 (a BFS level written, then read). A queue that stays long never gets
 * there (its head chases its tail through the store), so writing also moves on to a new segment
 * file once the current one holds `segmentBytes`, and a segment read to its end (other than the
 * one being written) is deleted at once. Disk use is therefore the unread blocks plus at most
 * about two segments, not every block ever spilled.
 *
 * Every live store is in a module-level registry; `disposeAllSpillStores()` is for the CLI's
 * exit and signal paths.
 *
 * What it must not do: register process handlers or touch `process` (the CLI does); lose a
 * block silently (an fs error is rethrown naming the file and the errno code); throw from
 * `dispose` (it is called on exit paths, possibly twice, possibly after the files are gone).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpillStore, SpillStoreFactory } from '../engine/frontier.js';

/** Default size at which writing moves on to a new segment file. */
export const DEFAULT_SEGMENT_BYTES = 64 << 20;

export interface FileSpillOptions {
  /** Start a new segment file once the current one holds this many bytes (default 64 MiB). */
  segmentBytes?: number;
}

const live = new Set<FileSpillStore>();

/** Stores that write to fresh temp directories under `dir` (default `os.tmpdir()`). */
export function fileSpillStore(dir?: string, options: FileSpillOptions = {}): SpillStoreFactory {
  const base = dir ?? os.tmpdir();
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  if (!(segmentBytes > 0)) throw new RangeError(`fileSpillStore: segmentBytes must be positive, got ${segmentBytes}`);
  return () => new FileSpillStore(base, segmentBytes);
}

/** Dispose every live file spill store (for the CLI's exit and signal handlers). Never throws. */
export function disposeAllSpillStores(): void {
  for (const s of [...live]) s.dispose();
}

/** How many file spill stores are live (not yet disposed). */
export function liveSpillStores(): number {
  return live.size;
}

interface Segment {
  readonly file: string;
  readonly fd: number;
  /** Bytes written (the file's length). */
  writeOff: number;
  /** Bytes read back. */
  readOff: number;
}

function errnoCode(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : 'EUNKNOWN';
}

function fsError(what: string, file: string, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  return new Error(`rcucheck spill: cannot ${what} ${file}: ${errnoCode(e)} (${msg})`, { cause: e });
}

class FileSpillStore implements SpillStore {
  readonly dir: string;
  /** Oldest first; the last one is being written. Never empty while live. */
  private readonly segments: Segment[] = [];
  private nextSeq = 0;
  private disposed = false;

  constructor(base: string, private readonly segmentBytes: number) {
    const prefix = path.join(base, 'rcucheck-spill-');
    try {
      this.dir = fs.mkdtempSync(prefix);
    } catch (e) {
      throw fsError('create a spill directory', prefix + 'XXXXXX', e);
    }
    live.add(this);
    try {
      this.segments.push(this.openSegment());
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  write(block: Int32Array): void {
    this.check();
    let seg = this.segments[this.segments.length - 1];
    if (seg.writeOff > 0 && seg.writeOff + block.byteLength > this.segmentBytes) {
      seg = this.openSegment();
      this.segments.push(seg);
    }
    const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = fs.writeSync(seg.fd, bytes, done, bytes.length - done, seg.writeOff + done);
        if (n <= 0) throw Object.assign(new Error('write returned 0 bytes'), { code: 'EIO' });
        done += n;
      }
    } catch (e) {
      throw fsError('write', seg.file, e);
    }
    seg.writeOff += bytes.length;
  }

  read(out: Int32Array): void {
    this.check();
    const seg = this.segments[0];
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    if (seg.readOff + bytes.length > seg.writeOff) {
      throw new Error(`rcucheck spill: read of ${bytes.length} bytes past the blocks written to ${seg.file}`);
    }
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = fs.readSync(seg.fd, bytes, done, bytes.length - done, seg.readOff + done);
        if (n <= 0) throw Object.assign(new Error('unexpected end of file'), { code: 'EIO' });
        done += n;
      }
    } catch (e) {
      throw fsError('read', seg.file, e);
    }
    seg.readOff += bytes.length;
    if (seg.readOff < seg.writeOff) return;
    if (this.segments.length > 1) {
      // Fully read and no longer written: delete it.
      this.segments.shift();
      closeAndUnlink(seg);
    } else {
      // Every written block has been read: start over at offset 0.
      try {
        fs.ftruncateSync(seg.fd, 0);
      } catch (e) {
        throw fsError('truncate', seg.file, e);
      }
      seg.readOff = seg.writeOff = 0;
    }
  }

  /** Bytes the store's files take on disk (unread blocks plus the read part of the oldest segment). */
  bytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.writeOff;
    return n;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    live.delete(this);
    for (const s of this.segments) closeAndUnlink(s);
    this.segments.length = 0;
    try {
      fs.rmdirSync(this.dir);
    } catch {
      /* already gone, or holds files that are not ours: leave it */
    }
  }

  private check(): void {
    if (this.disposed) throw new Error(`rcucheck spill: store ${this.dir} used after dispose`);
  }

  private openSegment(): Segment {
    const file = path.join(this.dir, `segment-${String(this.nextSeq++).padStart(6, '0')}.bin`);
    try {
      // 'wx+': create, fail if it exists (the directory is ours alone), read and write.
      return { file, fd: fs.openSync(file, 'wx+', 0o600), writeOff: 0, readOff: 0 };
    } catch (e) {
      throw fsError('create', file, e);
    }
  }
}

function closeAndUnlink(s: Segment): void {
  try {
    fs.closeSync(s.fd);
  } catch {
    /* already closed */
  }
  try {
    fs.unlinkSync(s.file);
  } catch {
    /* already gone */
  }
}
