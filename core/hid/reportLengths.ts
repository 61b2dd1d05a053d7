/**
 * Report lengths a HID device's code writes as literals, tied to the report they must match. Only
 * what is certain is tied: a call `handleReport(timestamp, report, <length literal>,
 * kIOHIDReportType<Direction>, …)` (IOUserHIDDevice's signature; the kernel's IOHIDDevice puts the
 * type second and has no length) in a method of a class whose `newReportDescriptor` returns a
 * decoded descriptor with exactly one report of that direction.
 */
import { codeView } from '../model/codeView';
import type { SourceFile } from '../model/model';
import type { Span } from '../model/span';
import { evaluate } from './constExpr';
import { reportBytes, type Direction, type Report } from './decode';
import type { DecodedFound } from './descriptors';

export interface ReportLengthSite {
  /** The length literal. */
  readonly span: Span;
  readonly length: number;
  readonly report: Report;
  /** The report's length in bytes (with its Report ID byte when IDs are used). */
  readonly reportBytes: number;
  /** Where the descriptor is: its file and the array's name. */
  readonly descriptorPath: string;
  readonly descriptor: DecodedFound;
}

/** The descriptor a class's `newReportDescriptor` returns, with the file that holds it. */
export type DescriptorOfClass = (className: string) => { readonly path: string; readonly found: DecodedFound } | undefined;

const DIRECTIONS: Readonly<Record<string, Direction>> = {
  kIOHIDReportTypeInput: 'Input',
  kIOHIDReportTypeOutput: 'Output',
  kIOHIDReportTypeFeature: 'Feature',
};

export function reportLengthSites(text: string, file: SourceFile, descriptorOf: DescriptorOfClass): ReportLengthSite[] {
  if (file.kind !== 'cpp' || !/\bhandleReport\s*\(/.test(text)) return [];
  const out: ReportLengthSite[] = [];
  for (const def of file.definitions) {
    const bodyText = text.slice(def.bodySpan.start, def.bodySpan.end);
    if (!/\bhandleReport\s*\(/.test(bodyText)) continue;
    const code = codeView(bodyText);
    for (const call of code.matchAll(/(?<![\w:.>])(?:this\s*->\s*)?handleReport\s*\(/g)) {
      const open = call.index + call[0].length - 1;
      const args = argumentSpans(code, open);
      if (!args || args.length < 4) continue;
      const direction = DIRECTIONS[bodyText.slice(args[3].start, args[3].end).trim()];
      const lengthText = bodyText.slice(args[2].start, args[2].end).trim();
      if (!direction || !/^(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*$/.test(lengthText)) continue;
      const length = evaluate(lengthText);
      const tied = length === undefined ? undefined : descriptorOf(def.className);
      if (length === undefined || !tied) continue;
      const reports = tied.found.decoded.reports.filter((r) => r.direction === direction);
      if (reports.length !== 1) continue;
      const start = def.bodySpan.start + args[2].start + (bodyText.slice(args[2].start, args[2].end).length - bodyText.slice(args[2].start, args[2].end).trimStart().length);
      out.push({
        span: { start, end: start + lengthText.length },
        length,
        report: reports[0],
        reportBytes: reportBytes(reports[0], tied.found.decoded.usesReportIds),
        descriptorPath: tied.path,
        descriptor: tied.found,
      });
    }
  }
  return out;
}

/** Spans (relative to `code`) of the arguments of the call whose `(` is at `open`. */
function argumentSpans(code: string, open: number): Span[] | undefined {
  const spans: Span[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        spans.push({ start: from, end: i });
        return spans;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      spans.push({ start: from, end: i });
      from = i + 1;
    } else if (c === ';') return undefined;
  }
  return undefined;
}
