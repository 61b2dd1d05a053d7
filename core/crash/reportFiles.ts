/**
 * The dext's crash reports on disk: `.ips` files in the DiagnosticReports folders (the user's and the
 * system's, plus any configured), whose header line names the dext — its bundle id, or its process
 * name. Only the header line of each file is read (at most 64 KB), and only of regular files (a FIFO
 * or a device named `x.ips` is passed over). A folder of thousands of files is read in bounded
 * batches; past `maxFiles` the newest are read and the rest counted. Nothing is executed.
 */
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { IpsHeader } from './crashReport';
import { CRASH_BUG_TYPE, parseIpsHeader } from './ipsFormat';

export interface CrashReportFile {
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly header: IpsHeader;
}

export interface CrashReportListing {
  /** The dext's reports, newest first. */
  readonly reports: readonly CrashReportFile[];
  /** `.ips` files looked at. */
  readonly scanned: number;
  /** Files that were not read: over the count limit, unreadable, or with a header that is not JSON. */
  readonly skipped: number;
}

/** The user's and the system's crash report folders, then the configured ones. */
export function crashReportFolders(configured: readonly string[] = [], home = homedir()): string[] {
  return [...new Set([join(home, 'Library', 'Logs', 'DiagnosticReports'), '/Library/Logs/DiagnosticReports', ...configured.filter((f) => f.trim().length > 0)])];
}

const HEADER_BYTES = 64 * 1024;
const BATCH = 64;

/** The first line of a regular file, read with at most HEADER_BYTES; undefined for anything else. */
async function firstLine(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** Does the header name one of `names` (bundle id, process name, app name)? */
export function headerNames(header: IpsHeader, names: readonly string[]): boolean {
  return names.some((n) => n.length > 0 && (header.bundleId === n || header.name === n || header.appName === n));
}

export async function listCrashReports(folders: readonly string[], names: readonly string[], options: { readonly maxFiles?: number } = {}): Promise<CrashReportListing> {
  const maxFiles = options.maxFiles ?? 5000;
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  const candidates: { path: string; mtimeMs: number; size: number }[] = [];
  let skipped = 0;
  for (const folder of folders) {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    const ips = entries.filter((e) => /\.ips$/i.test(e.name));
    for (let i = 0; i < ips.length; i += BATCH) {
      const stats = await Promise.all(ips.slice(i, i + BATCH).map(async (e) => ({ path: join(folder, e.name), info: await stat(join(folder, e.name)).catch(() => undefined) })));
      for (const { path, info } of stats) {
        if (info?.isFile()) candidates.push({ path, mtimeMs: info.mtimeMs, size: info.size });
        else skipped++;
      }
    }
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs);
  skipped += Math.max(0, candidates.length - maxFiles);
  const read = candidates.slice(0, maxFiles);
  const reports: CrashReportFile[] = [];
  for (let i = 0; i < read.length; i += BATCH) {
    const headers = await Promise.all(read.slice(i, i + BATCH).map(async (c) => ({ c, line: await firstLine(c.path).catch(() => undefined) })));
    for (const { c, line } of headers) {
      const header = line === undefined ? 'unreadable' : parseIpsHeader(line);
      if (typeof header === 'string') {
        skipped++;
        continue;
      }
      if (header.bugType === CRASH_BUG_TYPE && headerNames(header, wanted)) reports.push({ ...c, header });
    }
  }
  return { reports, scanned: candidates.length, skipped };
}
