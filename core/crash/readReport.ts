/**
 * Reads one `.ips` file for display: a regular file of sensible size only. Crash reports are tens to
 * hundreds of kilobytes; anything past MAX_REPORT_BYTES is refused with a message instead of being
 * read into memory, and a FIFO or device is never opened.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseIps, type IpsParse } from './ipsFormat';

export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

export async function readCrashReport(path: string, maxBytes = MAX_REPORT_BYTES): Promise<IpsParse> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return { ok: false, problem: info.code === 'ENOENT' ? 'the file no longer exists' : `it cannot be read (${info.code ?? info.message})` };
  if (!info.isFile()) return { ok: false, problem: 'it is not a regular file' };
  if (info.size > maxBytes) {
    return { ok: false, problem: `it is ${(info.size / (1024 * 1024)).toFixed(1)} MB; crash reports are well under ${maxBytes / (1024 * 1024)} MB, so this file is not read` };
  }
  const content = await readFile(path, 'utf8').catch((error: Error) => error);
  if (content instanceof Error) return { ok: false, problem: `it cannot be read (${content.message})` };
  if (content.includes('\u0000')) return { ok: false, problem: 'it holds binary data, so it is not an .ips crash report (which is JSON text)' };
  return parseIps(content);
}
