/**
 * The user-client contract, judged at the app's call: the selector must reach an entry of the
 * dext's `IOUserClientMethodDispatch` table, and the call must pass the scalar counts and structure
 * sizes that entry checks — otherwise the call fails with kIOReturnBadArgument (or
 * kIOReturnUnsupported) at run time and nothing says why. core/userclient links the two sides;
 * a link with anything not followed is not judged.
 */
import { basename } from 'node:path';
import type { CallPart } from '../../userclient/appCalls';
import { entryLabel, type CallValues, type ContractLink, type EntryValues } from '../../userclient/contract';
import { finding, type Finding, type RelatedLocation } from '../finding';
import type { RuleInfo } from '../rule';

export interface UserClientContext {
  readonly path: string;
  /** The file's app calls linked to a dispatch entry. */
  readonly links: readonly ContractLink[];
  /** All the file's app calls with their counts and sizes, linked or not. */
  readonly calls?: readonly CallValues[];
  /** The entries of the file's own dispatch tables. */
  readonly entries?: readonly EntryValues[];
  /** The links whose handler sets structureOutput in this file (ContractLink.outputWrite). */
  readonly writes?: readonly ContractLink[];
}

export interface UserClientRule extends RuleInfo {
  readonly applies: 'userclient';
  check(context: UserClientContext): Finding[];
}

function related(link: ContractLink, message: string): RelatedLocation[] {
  return [{ path: link.tablePath, span: link.entry?.span ?? link.table.nameSpan, message }];
}

function where(link: ContractLink): string {
  return `${entryLabel(link)} in ${basename(link.tablePath)}`;
}

export const selectorOutOfRange: UserClientRule = {
  id: 'userclient.selector-out-of-range',
  severity: 'error',
  summary: "An app's IOConnectCall… selector is past the end of the dext's IOUserClientMethodDispatch table.",
  applies: 'userclient',
  check: ({ path, links }) =>
    links
      .filter((l) => !l.entry && !l.handledInCode && l.length !== undefined && l.selectorValue >= l.length)
      .map((l) =>
        finding(
          selectorOutOfRange,
          path,
          l.call.selectorSpan,
          `${l.call.selector} is ${l.selectorValue}, past the end of the dext's ${l.table.name} (${l.length} entr${l.length === 1 ? 'y' : 'ies'}, in ${basename(l.tablePath)}): the dext's ExternalMethod rejects this call.`,
          related(l, `${l.table.name}: the dext's dispatch table`),
        ),
      ),
};

export const noDispatchEntry: UserClientRule = {
  id: 'userclient.no-dispatch-entry',
  severity: 'error',
  summary: "An app's IOConnectCall… selector has no entry (or a null function) in the dext's dispatch table.",
  applies: 'userclient',
  check: ({ path, links }) =>
    links
      .filter((l) => !l.handledInCode && l.length !== undefined && l.selectorValue < l.length && (!l.entry || !l.entry.handler))
      .filter((l) => !l.entry || /^\s*(?:\(\s*\w+\s*\)\s*)?(?:nullptr|NULL|0)\s*$/.test(l.entry.fields.function ?? '0'))
      .map((l) =>
        finding(
          noDispatchEntry,
          path,
          l.call.selectorSpan,
          `${l.call.selector} (${l.selectorValue}) has no method in the dext's ${l.table.name} (${basename(l.tablePath)}): ${l.entry ? 'its entry has no function' : 'no entry is written at that index'}, so the call fails.`,
          related(l, `${l.table.name}: the dext's dispatch table`),
        ),
      ),
};

const WORDS: Readonly<Record<CallPart, { what: string; unit: (n: number) => string; field: string }>> = {
  scalarInput: { what: 'scalar inputs', unit: (n) => `${n} scalar input${n === 1 ? '' : 's'}`, field: 'checkScalarInputCount' },
  scalarOutput: { what: 'scalar outputs', unit: (n) => `${n} scalar output${n === 1 ? '' : 's'}`, field: 'checkScalarOutputCount' },
  structureInput: { what: 'structure input', unit: (n) => `a ${n}-byte structure input`, field: 'checkStructureInputSize' },
  structureOutput: { what: 'structure output', unit: (n) => `a ${n}-byte structure output`, field: 'checkStructureOutputSize' },
};

function mismatches(rule: RuleInfo, parts: readonly CallPart[]): UserClientRule['check'] {
  return ({ path, links }) =>
    links.flatMap((l) => {
      // A selector the dext handles in code may never reach its table entry: that entry's checks may not apply.
      if (!l.entry?.handler || l.handledInCode) return [];
      return parts.flatMap((part) => {
        const expected = l.expected[part];
        const actual = l.actual[part];
        if (typeof expected !== 'number' || actual === undefined || expected === actual) return [];
        // Past 16 scalars IOKit itself refuses or clips the count: userclient.too-many-scalars says so.
        if ((part === 'scalarInput' || part === 'scalarOutput') && actual > 16) return [];
        const words = WORDS[part];
        const none = (n: number): string => (n === 0 ? `no ${words.what}` : words.unit(n));
        return [
          finding(
            rule,
            path,
            l.call.span,
            `${l.call.selector} reaches ${where(l)}, which checks for ${none(expected)} (${words.field}); this call${l.call.via ? ` (through ${l.call.via}, which calls ${l.call.function})` : ''} passes ${none(actual)}, so it fails with kIOReturnBadArgument.`,
            related(l, `${entryLabel(l)}: ${words.field} is ${expected}`),
            { part, expected: String(expected), actual: String(actual) },
          ),
        ];
      });
    });
}

export const scalarCount: UserClientRule = {
  id: 'userclient.scalar-count',
  severity: 'error',
  summary: "An app's IOConnectCall… passes a scalar input or output count other than the dext's dispatch entry checks.",
  applies: 'userclient',
  check: (context) => mismatches(scalarCount, ['scalarInput', 'scalarOutput'])(context),
};

export const structureSize: UserClientRule = {
  id: 'userclient.structure-size',
  severity: 'error',
  summary: "An app's IOConnectCall… passes a structure input or output size other than the dext's dispatch entry checks.",
  applies: 'userclient',
  check: (context) => mismatches(structureSize, ['structureInput', 'structureOutput'])(context),
};

/**
 * What `checkCompletionExists` asks of the call: the SDK's header says true means the completion must
 * be set (an `IOConnectCallAsync…` call), false means it must not, and -1U means either. A name or
 * anything else we cannot read says nothing.
 */
function completionWanted(expression: string | undefined): 'async' | 'sync' | undefined {
  const text = (expression ?? '0').replace(/\s+/g, '');
  if (/^(?:true|1|1U)$/i.test(text)) return 'async';
  if (/^(?:false|0|0U)$/i.test(text)) return 'sync';
  return undefined;
}

export const asyncMismatch: UserClientRule = {
  id: 'userclient.async-mismatch',
  severity: 'error',
  summary: "An app's synchronous IOConnectCall… to an entry whose checkCompletionExists is true, or an IOConnectCallAsync… to one whose checkCompletionExists is false.",
  applies: 'userclient',
  check: ({ path, links }) =>
    links.flatMap((l) => {
      if (!l.entry?.handler || l.handledInCode) return [];
      const wanted = completionWanted(l.entry.fields.checkCompletionExists);
      const made = l.call.async ? 'async' : 'sync';
      if (wanted === undefined || wanted === made) return [];
      const field = l.entry.fields.checkCompletionExists ?? 'left out (0)';
      const why =
        wanted === 'async'
          ? `checkCompletionExists is ${field}, so the call must carry a completion: call it with ${l.call.function.replace('IOConnectCall', 'IOConnectCallAsync')} and a wake port`
          : `checkCompletionExists is ${field}, so the call must carry no completion: call it with ${l.call.function.replace('Async', '')}, or set checkCompletionExists to true (or -1U for either)`;
      return [
        finding(
          asyncMismatch,
          path,
          l.call.span,
          `${l.call.selector} reaches ${where(l)}, whose ${why}; this ${made === 'async' ? 'asynchronous' : 'synchronous'} call fails with kIOReturnBadArgument.`,
          related(l, `${entryLabel(l)}: checkCompletionExists is ${field}`),
        ),
      ];
    }),
};
