/**
 * A crash report as a readable plain-text document: what happened in plain words, the exception and
 * termination, the messages the crashing code left, the crashed thread's frames (the dext's own with
 * `file:line` from symbolication) and the images. Returns the text and where each source location is
 * in it, so the editor can make them links. Pure.
 */
import type { CrashReport, Frame } from './crashReport';
import { explainCrash } from './explain';
import type { SourceLocation } from './lldbOutput';
import type { Symbolication } from './symbolicate';

export interface SourceLink {
  /** 0-based line and UTF-16 columns of the link in the rendered text. */
  readonly row: number;
  readonly start: number;
  readonly end: number;
  readonly file: string;
  /** 1-based, as lldb reports them. */
  readonly line: number;
  readonly column?: number;
}

export interface RenderedReport {
  readonly text: string;
  readonly links: readonly SourceLink[];
}

const hex = (n: number): string => `0x${n.toString(16)}`;

function frameName(frame: Frame, where: SourceLocation | undefined): string {
  if (where?.function) return where.function;
  if (frame.symbol) return `${frame.symbol}${frame.symbolLocation ? ` + ${frame.symbolLocation}` : ''}`;
  if (frame.imageOffset !== undefined) return `${frame.image?.name ?? '???'} + ${hex(frame.imageOffset)}`;
  return '???';
}

export function renderCrashReport(report: CrashReport, symbols?: Symbolication, source?: string): RenderedReport {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  // One element per line, so a link's row is its index (a message may hold line breaks).
  const add = (...texts: string[]): void => {
    for (const t of texts) lines.push(...t.split('\n'));
  };
  const name = report.bundleId ?? report.processName ?? 'The process';
  const exception = report.exception;
  add(`${name} crashed${exception?.type ? ` — ${exception.type}${exception.signal ? ` (${exception.signal})` : ''}` : ''}`);
  add([report.captureTime, report.osVersion, report.pid !== undefined ? `pid ${report.pid}` : undefined, report.version ? `version ${report.version}` : undefined].filter(Boolean).join(' · '));
  if (source) add(source);
  add('');
  const explanations = explainCrash(report);
  if (explanations.length > 0) {
    add('What happened');
    for (const e of explanations) add(`  ${e.text}`);
    add('');
  }
  if (exception) {
    add(`Exception: ${[exception.type, exception.signal && `(${exception.signal})`].filter(Boolean).join(' ')}${exception.subtype ? ` · ${exception.subtype}` : ''}`);
    if (exception.codes) add(`Codes: ${exception.codes}`);
    if (exception.message) add(`Message: ${exception.message}`);
  }
  const t = report.termination;
  if (t) {
    add(`Termination: ${[t.namespace, t.code !== undefined ? `code ${t.code}` : undefined, t.indicator].filter(Boolean).join(', ')}${t.byProc ? ` (by ${t.byProc})` : ''}`);
    for (const reason of t.reasons) add(`  ${reason}`);
  }
  if (report.vmRegionInfo) add(`Memory: ${report.vmRegionInfo.split('\n')[0]}`);
  if (report.messages.length > 0) {
    add('', 'Messages');
    for (const m of report.messages) add(`  ${m.image}: ${m.text.replace(/\n/g, '\n    ')}`);
  }
  const thread = report.crashedThread;
  add('');
  if (!thread) {
    add('The report names no crashed thread.');
  } else {
    add(`Crashed thread ${thread.index}${thread.queue ? ` (queue ${thread.queue})` : thread.name ? ` (${thread.name})` : ''}`);
    const width = Math.min(40, Math.max(8, ...thread.frames.map((f) => (f.image?.name ?? '???').length)));
    for (const f of thread.frames) {
      const where = symbols?.frames.get(f.index);
      const prefix = `  ${String(f.index).padStart(3)}  ${(f.image?.name ?? '???').slice(0, 40).padEnd(width)}  ${frameName(f, where)}`.replace(/[\r\n]+/g, ' ');
      const file = where?.file ?? f.sourceFile;
      const line = where?.line ?? f.sourceLine;
      if (file && line) {
        const label = `${file.replace(/[\r\n]/g, ' ')}:${line}${where?.column ? `:${where.column}` : ''}`;
        const text = `${prefix}  at ${label}`;
        links.push({ row: lines.length, start: text.length - label.length, end: text.length, file, line, ...(where?.column ? { column: where.column } : {}) });
        lines.push(text);
      } else {
        add(prefix);
      }
    }
    if (thread.framesLeftOut > 0) add(`  … ${thread.framesLeftOut} more frames`);
  }
  if (symbols?.problem) add('', `Source lines: ${symbols.problem}.`);
  else if (symbols?.binary) add('', `Source lines from ${symbols.binary.dsym ?? symbols.binary.executable} (its UUID matches the report).`);
  const images = report.images.filter((i) => i.name || i.path);
  if (images.length > 0) {
    add('', 'Binary images');
    for (const i of images.slice(0, 50)) add(`  ${i.base !== undefined ? hex(i.base).padEnd(14) : '?'.padEnd(14)} ${(i.name ?? '?').padEnd(28)} ${i.uuid ?? ''}  ${i.path ?? ''}`);
    if (images.length > 50) add(`  … ${images.length - 50} more`);
  }
  return { text: `${lines.join('\n')}\n`, links };
}
