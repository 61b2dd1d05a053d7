/**
 * The `.ips` crash report format of macOS 12 and later: one line of JSON (the header: which process,
 * which bug type, when), a line break, then one JSON object with the report itself. Parsed here into
 * a typed model (crashReport.ts); every value is checked for its type and size, so a damaged or
 * hostile file gives a precise problem and never an exception. Pure: the caller reads the file.
 */
import { asObject, reportFromBody, text, type CrashReport, type IpsHeader } from './crashReport';

export type IpsParse =
  | { readonly ok: true; readonly header: IpsHeader; readonly report: CrashReport }
  /** `header` when the first line was a header and the body could not be read. */
  | { readonly ok: false; readonly problem: string; readonly header?: IpsHeader };

/** `bug_type` of a process crash report; others (panics 210, stackshots 288, …) are other documents. */
export const CRASH_BUG_TYPE = '309';

/** The header line alone (what a folder listing reads of each file). */
export function parseIpsHeader(line: string): IpsHeader | string {
  const trimmed = line.trim();
  if (/^(Process|Incident Identifier|Hardware Model):/.test(trimmed)) {
    return 'this is a text crash report (the format before macOS 12); only the JSON .ips format is read';
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return 'its first line is not JSON, so it is not an .ips crash report (an .ips file starts with one line of JSON)';
  }
  const record = asObject(value);
  if (!record) return 'its first line is JSON but not an object, so it is not an .ips header';
  const bugType = typeof record.bug_type === 'number' ? String(record.bug_type) : text(record.bug_type, 16);
  return {
    bugType,
    appName: text(record.app_name),
    name: text(record.name),
    bundleId: text(record.bundleID),
    appVersion: text(record.app_version, 64),
    buildVersion: text(record.build_version, 64),
    timestamp: text(record.timestamp, 64),
    osVersion: text(record.os_version, 128),
    incidentId: text(record.incident_id, 64),
    sliceUuid: text(record.slice_uuid, 64),
  };
}

export function parseIps(content: string): IpsParse {
  const newline = content.indexOf('\n');
  const first = newline < 0 ? content : content.slice(0, newline);
  if (!first.trim()) return { ok: false, problem: 'the file is empty' };
  const header = parseIpsHeader(first);
  if (typeof header === 'string') return { ok: false, problem: header };
  if (header.bugType !== CRASH_BUG_TYPE) {
    return { ok: false, header, problem: `its bug_type is ${header.bugType ?? 'missing'}, not ${CRASH_BUG_TYPE}: this is not a process crash report (210 is a kernel panic, 288 a stackshot)` };
  }
  const rest = newline < 0 ? '' : content.slice(newline + 1);
  if (!rest.trim()) return { ok: false, header, problem: 'it ends after its header line: the report itself is missing (the file was cut off while it was written)' };
  let body: unknown;
  try {
    body = JSON.parse(rest);
  } catch (error) {
    const where = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const cut = rest.trimEnd().length;
    const truncated = where ? Number(where[1]) >= cut - 1 : /Unexpected end/.test(String(error));
    return {
      ok: false,
      header,
      problem: truncated
        ? `it is cut off: the report stops after ${cut} bytes in the middle of its JSON (the crash reporter may have been interrupted, or the file was copied while being written)`
        : `its report is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'parse error'})`,
    };
  }
  const record = asObject(body);
  if (!record) return { ok: false, header, problem: 'its report is JSON but not an object' };
  return { ok: true, header, report: reportFromBody(header, record) };
}
