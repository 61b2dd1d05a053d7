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
    out.push({
      className: def.className,
      methodName: def.methodName,
      // The span is `arguments->structureOutput`, without what follows.
      ...(write && { setsOutput: { start: def.bodySpan.start + write.index, end: def.bodySpan.start + write.index + write[0].indexOf('structureOutput') + 'structureOutput'.length } }),
      touchesDescriptor: /\bstructureOutputDescriptor\b/.test(body),
      passesTo: [...passesTo].filter((name) => name !== ''),
    });
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
