/**
 * A kext's `start` must give up when its parent's `start` fails (the service is then not started, and
 * going on attaches work to a half-made object); its `stop` must end in the parent's `stop`. Only the
 * IOService methods are judged (`bool X::start(IOService *…)`, `void X::stop(IOService *…)`), and only
 * the shapes that say so for certain: the parent's result thrown away, or a failed-parent branch that
 * returns true or returns nothing at all.
 */
import { matchingParen, skipSpaces, skipSpacesBack } from '../../model/codeView';
import { startsStatement } from '../../kext/kextSource';
import { finding, type Finding } from '../finding';
import type { KextWorkspace } from '../../kext/kextWorkspace';
import type { KextSourceRule } from './context';

const PARENT_START = /\b(\w+)\s*::\s*start\s*\(/g;

export const startAfterFailure: KextSourceRule = {
  id: 'kext.start-after-failure',
  severity: 'error',
  summary: '`start` goes on, or returns true, when the parent class\'s `start` failed.',
  applies: 'kext-source',
  check: ({ path, facts }) =>
    facts.lifecycle.filter((m) => m.method === 'start').flatMap((method): Finding[] => {
      const code = facts.code;
      const body = code.slice(0, method.body.end);
      const re = new RegExp(PARENT_START.source, 'g');
      re.lastIndex = method.body.start;
      const found: Finding[] = [];
      for (let m = re.exec(body); m && found.length < 4; m = re.exec(body)) {
        if (m[1] === method.className) continue; // its own start, recursively: not the parent's
        const open = m.index + m[0].length - 1;
        const close = matchingParen(body, open);
        if (close < 0) break;
        const call = { start: m.index, end: close + 1 };
        const parent = m[1];
        if (startsStatement(code, m.index) && code[skipSpaces(code, close + 1)] === ';') {
          found.push(finding(startAfterFailure, path, call, `${method.className}::start ignores what ${parent}::start returns: when it fails the service is not started, yet this start goes on. Write if (!${parent}::start(provider)) return false;`));
          continue;
        }
        const branch = failedBranch(code, m.index, close, method.body.end);
        if (branch === undefined) continue;
        if (/\breturn\s+(?:true|1)\s*;/.test(branch)) {
          found.push(finding(startAfterFailure, path, call, `${method.className}::start returns true when ${parent}::start failed: the service reports itself started though its parent is not. Return false there.`));
        } else if (!/\b(?:return|goto|throw|break|continue|panic|abort)\b/.test(branch)) {
          found.push(finding(startAfterFailure, path, call, `${method.className}::start goes on when ${parent}::start failed: nothing in that branch returns. Return false there.`));
        }
      }
      return found;
    }),
};

/** The statement run when `if (!Parent::start(…))` fails: its text, or undefined for any other shape. */
function failedBranch(code: string, callAt: number, callClose: number, limit: number): string | undefined {
  const bang = skipSpacesBack(code, callAt - 1);
  if (code[bang] !== '!') return undefined;
  const paren = skipSpacesBack(code, bang - 1);
  if (code[paren] !== '(' || !/\bif\s*$/.test(code.slice(Math.max(0, paren - 8), paren))) return undefined;
  const ifClose = skipSpaces(code, callClose + 1);
  if (code[ifClose] !== ')') return undefined;
  const at = skipSpaces(code, ifClose + 1);
  if (code[at] === '{') {
    let depth = 0;
    for (let i = at; i < limit; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}' && --depth === 0) return code.slice(at + 1, i);
    }
    return undefined;
  }
  const end = code.indexOf(';', at);
  return end < 0 || end > limit ? undefined : code.slice(at, end + 1);
}

export const stopWithoutSuper: KextSourceRule = {
  id: 'kext.stop-without-super',
  severity: 'warning',
  summary: '`stop` of a class derived from a family class (not IOService itself) never calls the parent class\'s `stop`.',
  applies: 'kext-source',
  check: ({ path, facts, kext }) =>
    facts.lifecycle.flatMap((m) => {
      if (m.method !== 'stop') return [];
      // A stop that panics (a service that must never stop) does not return to need its parent's.
      if (/::\s*stop\s*\(|\bpanic\w*\s*\(/i.test(facts.code.slice(m.body.start, m.body.end))) return [];
      // IOService's own stop does nothing for a kernel service: only a family parent's stop has work to undo.
      const parent = parentOf(kext, m.className);
      if (parent === undefined || parent === 'IOService') return [];
      if (startSkipsParent(kext, m.className, parent)) return [];
      return [finding(stopWithoutSuper, path, m.nameSpan, `${m.className}::stop never calls super::stop(provider): ${parent}'s stop then never undoes what its start did. End stop with super::stop(provider);`)];
    }),
};

/**
 * True when the class's `start` calls only some other class's `start` (`IOService::start(provider)`,
 * past the family parent): the parent's start never ran, so its stop has nothing to undo.
 */
function startSkipsParent(kext: KextWorkspace, className: string, parent: string): boolean {
  const callees = new Set<string>();
  for (const facts of kext.files.values()) {
    for (const m of facts.lifecycle) {
      if (m.method !== 'start' || m.className !== className) continue;
      const re = new RegExp(PARENT_START.source, 'g');
      const body = facts.code.slice(0, m.body.end);
      re.lastIndex = m.body.start;
      let count = 0;
      for (let call = re.exec(body); call && count < 16; call = re.exec(body), count++) if (call[1] !== className) callees.add(call[1]);
    }
  }
  if (callees.size === 0) return false;
  return ![...callees].some((callee) => callee === 'super' || kext.resolve(callee) === parent);
}

/** The parent of a kext class, when its declarations (else its metaclasses) agree on one. */
function parentOf(kext: KextWorkspace, name: string): string | undefined {
  const declared = new Set(kext.declarationsOf(name).flatMap((d) => (d.item.base ? [kext.resolve(d.item.base)] : [])));
  if (declared.size > 0) return declared.size === 1 ? [...declared][0] : undefined;
  const meta = new Set(kext.metaClassesOf(name).filter((d) => d.item.base !== 'super').map((d) => kext.resolve(d.item.base)));
  return meta.size === 1 ? [...meta][0] : undefined;
}
