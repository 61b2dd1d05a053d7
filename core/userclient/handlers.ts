/**
 * What a dext's external-method handlers do with their `IOUserClientMethodArguments`: whether a body
 * assigns `arguments->structureOutput`, whether it names `structureOutputDescriptor` at all, and to
 * which functions it hands the arguments on. Read lexically over the code view of each method
 * definition that takes an `IOUserClientMethodArguments *`; core/userclient/contract.ts follows a
 * dispatch entry's handler through them.
 */
import type { SourceFile } from '../model/model';
import type { Span } from '../model/span';

export interface HandlerFacts {
  readonly className: string;
  readonly methodName: string;
  /** Where the body assigns `<arguments>->structureOutput`, when it does. */
  readonly setsOutput?: Span;
  /** The body names `structureOutputDescriptor` (a test, a write into it): it knows of the descriptor. */
  readonly touchesDescriptor: boolean;
  /**
   * The functions the body hands its arguments pointer to (`Name` or `Class::Name`); `?` when the
   * pointer goes somewhere that is not a call's argument (stored, returned): not followed.
   */
  readonly passesTo: readonly string[];
  /** For a `case` of `ExternalMethod`'s switch: its label (the selector it handles in code). */
  readonly caseOf?: string;
}

/** Bounds: a method this long, or with this many uses of its arguments, is not followed. */
const MAX_BODY = 64 * 1024;
const MAX_USES = 64;
const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'assert', 'do']);

export function handlersOf(code: string, file: SourceFile): HandlerFacts[] {
  if (file.kind !== 'cpp' || !code.includes('IOUserClientMethodArguments')) return [];
  const out: HandlerFacts[] = [];
  for (const def of file.definitions) {
    const head = code.slice(def.methodSpan.end, def.bodySpan.start);
    const param = /\bIOUserClientMethodArguments\s*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*[,)]/.exec(head)?.[1];
    if (!param || def.bodySpan.end - def.bodySpan.start > MAX_BODY) continue;
    const body = code.slice(def.bodySpan.start, def.bodySpan.end);
    const touchesDescriptor = /\bstructureOutputDescriptor\b/.test(body);
    out.push(factsOf(def.className, def.methodName, param, body, def.bodySpan.start, touchesDescriptor));
    if (def.methodName !== 'ExternalMethod') continue;
    // Each `case` of its switch: the code a selector handled in code runs (the whole method's
    // mention of the descriptor counts for every case).
    for (const { label, start, end } of caseSegments(body)) {
      out.push({ ...factsOf(def.className, def.methodName, param, body.slice(start, end), def.bodySpan.start + start, touchesDescriptor), caseOf: label });
    }
  }
  return out;
}

function factsOf(className: string, methodName: string, param: string, body: string, base: number, touchesDescriptor: boolean): HandlerFacts {
  const write = new RegExp(`\\b${param}\\s*->\\s*structureOutput\\s*=(?!=)`).exec(body);
  const passesTo = new Set<string>();
  let uses = 0;
  for (const m of body.matchAll(new RegExp(`\\b${param}\\b(?!\\s*->)`, 'g'))) {
    if (++uses > MAX_USES) {
      passesTo.add('?');
      break;
    }
    passesTo.add(calleeAround(body, m.index));
  }
  return {
    className,
    methodName,
    // The span is `arguments->structureOutput`, without what follows.
    ...(write && { setsOutput: { start: base + write.index, end: base + write.index + write[0].indexOf('structureOutput') + 'structureOutput'.length } }),
    touchesDescriptor,
    passesTo: [...passesTo].filter((name) => name !== ''),
  };
}

/**
 * The code under each `case` label of a method body's switch: from the label to the next label of the
 * same switch or its end; labels stacked on one piece of code (`case kA: case kB:`) share it. Only
 * the outermost switch is read, and a segment holding another switch is left out.
 */
function caseSegments(body: string): { label: string; start: number; end: number }[] {
  const labels = [...body.matchAll(/\b(case\s+([^:;{}]+?)|default)\s*:(?!:)/g)].slice(0, 512);
  if (labels.length === 0) return [];
  const depthAt = new Int32Array(body.length + 1);
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    depthAt[i] = depth;
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
  }
  const out: { label: string; start: number; end: number }[] = [];
  // The outermost switch's labels only: those of a switch nested in a case are not selectors.
  const outer = Math.min(...labels.map((m) => depthAt[m.index]));
  for (let k = 0; k < labels.length; k++) {
    const name = labels[k][2];
    if (name === undefined || depthAt[labels[k].index] !== outer) continue;
    const level = outer;
    let start = labels[k].index + labels[k][0].length;
    let end = body.length;
    for (let j = k + 1; j < labels.length; j++) {
      const at = labels[j].index;
      if (depthAt[at] !== level) continue;
      // Only blanks between this label and the next: the next one's code is this one's too.
      if (body.slice(start, at).trim() === '') {
        start = at + labels[j][0].length;
        continue;
      }
      end = at;
      break;
    }
    // The switch's closing brace ends the last segment.
    for (let i = start; i < end; i++) {
      if (body[i] === '}' && depthAt[i] === level) {
        end = i;
        break;
      }
    }
    const segment = body.slice(start, end);
    if (!/\bswitch\b/.test(segment)) out.push({ label: name.replace(/\s+/g, ' ').trim(), start, end });
  }
  return out;
}

/**
 * The function whose call's arguments hold `at`: the name before the innermost `(` still open there.
 * '' for a test or a comparison (`if (arguments == nullptr)`), `?` for any other use.
 */
function calleeAround(body: string, at: number): string {
  let depth = 0;
  for (let i = at - 1; i >= 0 && at - i < 400; i--) {
    const c = body[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth-- > 0) continue;
      const name = /([A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*)\s*$/.exec(body.slice(Math.max(0, i - 200), i))?.[1]?.replace(/\s+/g, '');
      if (!name) return '?';
      return KEYWORDS.has(name) ? (/^\s*[=!]=|^\s*\)/.test(body.slice(at).replace(/^\w+/, '')) ? '' : '?') : name;
    } else if (c === ';' || c === '{' || c === '}') break;
  }
  // Not inside any call's parentheses: `if (!arguments)` was caught above; anything else is unknown.
  return /^\w+\s*[=!]=/.test(body.slice(at)) ? '' : '?';
}

/**
 * Where a handler sets `structureOutput` (itself or a method it hands the arguments to, a few levels
 * down); undefined when none does, when one names `structureOutputDescriptor`, when the arguments go
 * anywhere not followed, or when a name is defined more than once.
 */
export function outputWriteOf(handler: string, definitions: (name: string) => readonly { path: string; facts: HandlerFacts }[]): { path: string; span: Span } | undefined {
  let found: { path: string; span: Span } | undefined;
  const seen = new Set<string>();
  let frontier = [handler];
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      if (seen.has(name)) continue;
      seen.add(name);
      const defs = definitions(name);
      if (defs.length !== 1) return undefined;
      const { path, facts } = defs[0];
      if (facts.touchesDescriptor || facts.passesTo.includes('?')) return undefined;
      if (facts.setsOutput && !found) found = { path, span: facts.setsOutput };
      for (const callee of facts.passesTo) next.push(callee.includes('::') ? callee : `${facts.className}::${callee}`);
    }
    frontier = next.filter((name) => !seen.has(name));
  }
  return frontier.length > 0 ? undefined : found;
}
