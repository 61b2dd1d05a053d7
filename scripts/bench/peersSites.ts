/**
 * Where the peer benchmark (peers.ts) asks its questions: places found in the text of our DriverKit
 * fixtures, so both servers get the very same positions. Pure: text in, positions out.
 */
import { LineIndex, type LinePosition } from '../../core/util/lineIndex';

export type ProbeKind = 'completion' | 'hover' | 'documentSymbol';

export interface Probe {
  readonly kind: ProbeKind;
  readonly path: string;
  /** What the place is, e.g. "after ivars->"; used to break the figures down in the notes. */
  readonly what: string;
  /** Absent for documentSymbol, which asks about the whole file. */
  readonly position?: LinePosition;
}

/** A text change both servers receive before the completion phase (the fixtures never write `IOService::`). */
export interface ProbeEdit {
  readonly path: string;
  readonly at: LinePosition;
  readonly insert: string;
}

/**
 * Top-level method definitions: `IMPL(Class, Method)` or `Class::method(...)` at the start of a line,
 * up to the opening brace and the indentation of the body's first line. Groups: IMPL class, IMPL
 * method, C++ class, C++ method, indentation.
 */
const DEFINITION = /^(?:IMPL\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)|(\w+)::(~?\w+)\s*\([^)]*\)(?:\s*const)?)\s*\{[ \t]*\n([ \t]*)/gm;

interface Definition {
  readonly className: string;
  readonly classAt: number;
  readonly methodAt: number;
  /** Offset of the body's first token (after its indentation). */
  readonly bodyAt: number;
  readonly implAt?: number;
}

function definitions(text: string): Definition[] {
  const out: Definition[] = [];
  for (const m of text.matchAll(DEFINITION)) {
    const start = m.index ?? 0;
    const isImpl = m[1] !== undefined;
    const className = isImpl ? m[1] : m[3];
    const methodName = isImpl ? m[2] : m[4];
    const classAt = text.indexOf(className, start);
    const methodAt = text.indexOf(methodName, classAt + className.length);
    out.push({ className, classAt, methodAt, bodyAt: start + m[0].length, implAt: isImpl ? start : undefined });
  }
  return out;
}

/** One character into `group` of the first match of `pattern` (where a mouse pointing at the word would be). */
function inside(text: string, pattern: RegExp, group = 1): number | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  return m.index + m[0].indexOf(m[group]) + 1;
}

export const PROBE_TEXT = 'IOService::';

/** Types `IOService::` (on a line of its own) at the start of the last method body of a .cpp. */
export function ioServiceEdit(path: string, text: string): ProbeEdit | undefined {
  const last = definitions(text).at(-1);
  if (!last) return undefined;
  const indent = /[ \t]*$/.exec(text.slice(0, last.bodyAt))?.[0] ?? '';
  return { path, at: LineIndex.of(text).position(last.bodyAt), insert: `${PROBE_TEXT}\n${indent}` };
}

/** Applies `edit` to `text` as the servers do. */
export function applyEdit(text: string, edit: ProbeEdit): string {
  const offset = LineIndex.of(text).offset(edit.at);
  return text.slice(0, offset) + edit.insert + text.slice(offset);
}

/** A file's probe list, starting with its document symbols, and `at` to add one at an offset (none when the place was not found). */
function collect(path: string, text: string, symbols: string): { out: Probe[]; at: (kind: ProbeKind, what: string, offset: number | undefined) => void } {
  const lines = LineIndex.of(text);
  const out: Probe[] = [{ kind: 'documentSymbol', path, what: symbols }];
  const at = (kind: ProbeKind, what: string, offset: number | undefined): void => {
    if (offset !== undefined) out.push({ kind, path, what, position: lines.position(offset) });
  };
  return { out, at };
}

/**
 * The probes of one .cpp: completion after `ivars->`, after `IOService::` (present once ioServiceEdit
 * was applied) and at the start of a method body; hover on IMPL, on the class and on the method of a
 * definition; its document symbols.
 */
export function cppProbes(path: string, text: string): Probe[] {
  const { out, at } = collect(path, text, 'document symbols (.cpp)');
  const arrow = text.indexOf('ivars->');
  at('completion', 'after ivars->', arrow >= 0 ? arrow + 'ivars->'.length : undefined);
  const probe = text.indexOf(`${PROBE_TEXT}\n`);
  at('completion', `after ${PROBE_TEXT}`, probe >= 0 ? probe + PROBE_TEXT.length : undefined);
  const defined = definitions(text);
  const [first] = defined;
  // The IMPL (an IIG method's definition) when there is one, for its macro and its method's name.
  const impl = defined.find((d) => d.implAt !== undefined);
  if (first) {
    at('completion', 'start of a method body', first.bodyAt);
    at('hover', 'class name (.cpp)', first.classAt + 1);
    at('hover', 'method name (.cpp)', (impl ?? first).methodAt + 1);
  }
  at('hover', 'IMPL', impl?.implAt !== undefined ? impl.implAt + 1 : undefined);
  return out;
}

/** The probes of one .iig: completion inside the class body; hover on the class, its base class and a method; its document symbols. */
export function iigProbes(path: string, text: string): Probe[] {
  const { out, at } = collect(path, text, 'document symbols (.iig)');
  // The first member line of the class: its indentation, where a user starts typing a declaration.
  const body = /^class\s+\w+[^{;]*\{\s*\n(?:\s*(?:public|protected|private)\s*:\s*\n)?([ \t]*)/m.exec(text);
  at('completion', 'inside a class (.iig)', body ? body.index + body[0].length : undefined);
  at('hover', 'class name (.iig)', inside(text, /^class\s+(\w+)/m));
  at('hover', 'base class (.iig)', inside(text, /^class\s+\w+\s*:\s*public\s+(\w+)/m));
  at('hover', 'method name (.iig)', inside(text, /^\s*virtual\s+[\w\s*&]+?\b(\w+)\s*\(/m));
  return out;
}
