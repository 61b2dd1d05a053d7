/**
 * Report lengths a HID device's code writes as literals, tied to the reports they must match. Only
 * what is certain is tied, in a method of a class whose `newReportDescriptor` returns a decoded
 * descriptor:
 * - `handleReport(timestamp, report, <length literal>, kIOHIDReportType<Direction>, …)`
 *   (IOHIDDevice's signature in DriverKit, the type Input when left out; the kernel's IOHIDDevice
 *   puts the type second and has no length): the length of one of the descriptor's reports of that
 *   direction;
 * - in `getReport`, `CompleteReport(action, kIOReturnSuccess, <length literal>)`: the length of one
 *   of the descriptor's reports (the host may ask for any of them; a zero count answers none).
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
  /** The call that states it. */
  readonly call: 'handleReport' | 'CompleteReport';
  /** The reports it may be the length of (all of one direction for handleReport), in the descriptor's order. */
  readonly reports: readonly Report[];
  /** Each report's length in bytes (with its Report ID byte when IDs are used). */
  readonly reportLengths: readonly number[];
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

const LENGTH_LITERAL = /^(?:0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*$/;
const HANDLE_REPORT = /(?<![\w:.>])(?:this\s*->\s*)?handleReport\s*\(/g;
const COMPLETE_REPORT = /(?<![\w.>:])(?:(?:super|IOUserHIDDevice)\s*::\s*|this\s*->\s*)?CompleteReport\s*\(/g;

/** A call the length is read from: its argument spans (relative to the body) and which argument says what. */
interface LengthCall {
  readonly call: ReportLengthSite['call'];
  readonly args: readonly Span[];
  readonly lengthArg: number;
  /** The reports the length may be of, or undefined when the call says none for certain. */
  reportsOf(bodyText: string, args: readonly Span[], reports: readonly Report[]): readonly Report[] | undefined;
}

export function reportLengthSites(text: string, file: SourceFile, descriptorOf: DescriptorOfClass): ReportLengthSite[] {
  if (file.kind !== 'cpp' || !/\b(?:handleReport|CompleteReport)\s*\(/.test(text)) return [];
  const out: ReportLengthSite[] = [];
  for (const def of file.definitions) {
    const bodyText = text.slice(def.bodySpan.start, def.bodySpan.end);
    const calls = lengthCalls(bodyText, def.methodName === 'getReport');
    if (calls.length === 0) continue;
    const tied = descriptorOf(def.className);
    if (!tied) continue;
    const { decoded } = tied.found;
    for (const call of calls) {
      const arg = call.args[call.lengthArg];
      const lengthText = bodyText.slice(arg.start, arg.end).trim();
      const length = LENGTH_LITERAL.test(lengthText) ? evaluate(lengthText) : undefined;
      const reports = length === undefined ? undefined : call.reportsOf(bodyText, call.args, decoded.reports.filter((r) => r.bits > 0));
      if (length === undefined || !reports || reports.length === 0) continue;
      const start = def.bodySpan.start + arg.start + (bodyText.slice(arg.start, arg.end).length - bodyText.slice(arg.start, arg.end).trimStart().length);
      out.push({
        span: { start, end: start + lengthText.length },
        length,
        call: call.call,
        reports,
        reportLengths: reports.map((r) => reportBytes(r, decoded.usesReportIds)),
        descriptorPath: tied.path,
        descriptor: tied.found,
      });
    }
  }
  return out;
}

/** The length-stating calls of a method body (`inGetReport`: the body is a getReport's). */
function lengthCalls(bodyText: string, inGetReport: boolean): LengthCall[] {
  const mentions = /\bhandleReport\s*\(/.test(bodyText) || (inGetReport && /\bCompleteReport\s*\(/.test(bodyText));
  if (!mentions) return [];
  const code = codeView(bodyText);
  const out: LengthCall[] = [];
  for (const match of code.matchAll(HANDLE_REPORT)) {
    const args = argumentSpans(code, match.index + match[0].length - 1);
    if (!args || args.length < 3 || args.length > 5) continue;
    out.push({
      call: 'handleReport',
      args,
      lengthArg: 2,
      reportsOf: (body, a, reports) => {
        // The report type's default is Input.
        const direction = a.length === 3 ? 'Input' : DIRECTIONS[body.slice(a[3].start, a[3].end).trim()];
        return direction ? reports.filter((r) => r.direction === direction) : undefined;
      },
    });
  }
  if (!inGetReport) return out;
  for (const match of code.matchAll(COMPLETE_REPORT)) {
    const args = argumentSpans(code, match.index + match[0].length - 1);
    if (!args || args.length !== 3) continue;
    out.push({
      call: 'CompleteReport',
      args,
      lengthArg: 2,
      // Only a success hands a report back; a count of 0 hands back none.
      reportsOf: (body, a, reports) => (body.slice(a[1].start, a[1].end).trim() === 'kIOReturnSuccess' && evaluate(body.slice(a[2].start, a[2].end).trim()) !== 0 ? reports : undefined),
    });
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
