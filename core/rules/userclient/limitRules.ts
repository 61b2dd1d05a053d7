/**
 * Limits IOKit sets on every user-client call, whatever the dext's table says:
 * - at most 16 scalars (kIOUserClientScalarArrayCountMax) each way: the MIG message carries an array
 *   of at most 16 (`io_scalar_inband64_t`, xnu osfmk/device/device.defs). More inputs fail in the
 *   app's own process with MIG_ARRAY_TOO_LARGE; an output count above 16 is sent as 16. So a dispatch
 *   entry checking for more than 16 can never be passed;
 * - a structure output larger than 4096 bytes (sizeof(io_struct_inband_t)) goes out of line: the dext
 *   gets `structureOutputDescriptor` to fill, and an OSData it sets as `structureOutput` instead is
 *   copied into the in-line buffer the app did not send, so the kernel answers kIOReturnBadArgument
 *   (IOUserUserClient::externalMethod, xnu iokit/Kernel/IOUserServer.cpp).
 */
import { basename } from 'node:path';
import type { CallPart } from '../../userclient/appCalls';
import { entryLabel, type ContractLink } from '../../userclient/contract';
import type { DispatchEntry, DispatchTable } from '../../userclient/dispatch';
import { finding } from '../finding';
import type { UserClientRule } from './contractRules';

/** kIOUserClientScalarArrayCountMax, the length of the MIG scalar arrays. */
export const SCALAR_MAX = 16;

const SCALARS: readonly { part: CallPart; what: string; field: string }[] = [
  { part: 'scalarInput', what: 'scalar inputs', field: 'checkScalarInputCount' },
  { part: 'scalarOutput', what: 'scalar outputs', field: 'checkScalarOutputCount' },
];

function entryName(table: DispatchTable, entry: DispatchEntry): string {
  return `${table.name}[${entry.designator ?? entry.position}]${entry.handler ? ` (${entry.handler})` : ''}`;
}

export const tooManyScalars: UserClientRule = {
  id: 'userclient.too-many-scalars',
  severity: 'error',
  summary: 'More than 16 scalar inputs or outputs (kIOUserClientScalarArrayCountMax) in an app\'s IOConnectCall… or in a dispatch entry\'s checks.',
  applies: 'userclient',
  check: ({ path, calls = [], entries = [] }) => [
    ...calls.flatMap(({ call, actual }) =>
      SCALARS.flatMap(({ part, what }) => {
        const n = actual[part];
        if (n === undefined || n <= SCALAR_MAX) return [];
        const through = call.via ? ` (through ${call.via}, which calls ${call.function})` : '';
        return part === 'scalarInput'
          ? [finding(tooManyScalars, path, call.span, `This call${through} passes ${n} ${what}; IOKit carries at most ${SCALAR_MAX} (kIOUserClientScalarArrayCountMax), so it fails with MIG_ARRAY_TOO_LARGE before it reaches the user client.`, undefined, { part, actual: String(n) })]
          : [
              finding(
                tooManyScalars,
                path,
                call.span,
                `This call${through} asks for ${n} ${what}; IOKit carries at most ${SCALAR_MAX} (kIOUserClientScalarArrayCountMax): IOKit sends a count of ${SCALAR_MAX}, the user client sees a scalarOutputCount of ${SCALAR_MAX}, and no more than ${SCALAR_MAX} come back.`,
                undefined,
                { part, actual: String(n) },
                'warning',
              ),
            ];
      }),
    ),
    ...entries.flatMap(({ table, entry, values }) =>
      SCALARS.flatMap(({ part, what, field }) => {
        const n = values[part];
        if (typeof n !== 'number' || n <= SCALAR_MAX) return [];
        return [
          finding(
            tooManyScalars,
            path,
            entry.span,
            `${entryName(table, entry)} checks for ${n} ${what} (${field}), but IOKit carries at most ${SCALAR_MAX} (kIOUserClientScalarArrayCountMax): no call can pass this check, so every call to this entry fails with kIOReturnBadArgument.`,
            undefined,
            { part, expected: String(n) },
          ),
        ];
      }),
    ),
  ],
};

export const structureOutputDescriptor: UserClientRule = {
  id: 'userclient.structure-output-descriptor',
  severity: 'error',
  summary: 'A dext handler sets structureOutput for an app call whose structure output is over 4096 bytes, which arrives as structureOutputDescriptor.',
  applies: 'userclient',
  check: ({ path, writes = [] }) => {
    // One finding per assignment, naming the calls that reach it (in a stable order).
    const bySite = new Map<number, ContractLink[]>();
    for (const link of writes) {
      if (!link.outputWrite || link.outputWrite.path !== path || !reachesHandler(link)) continue;
      const list = bySite.get(link.outputWrite.span.start);
      if (list) list.push(link);
      else bySite.set(link.outputWrite.span.start, [link]);
    }
    return [...bySite.values()].map((links) => {
      const sorted = [...links].sort((a, b) => (a.path === b.path ? a.call.span.start - b.call.span.start : a.path < b.path ? -1 : 1));
      const first = sorted[0];
      const size = first.actual.structureOutput ?? 0;
      const more = sorted.length > 1 ? ` (and ${sorted.length - 1} other call${sorted.length === 2 ? '' : 's'})` : '';
      return finding(
        structureOutputDescriptor,
        path,
        first.outputWrite!.span,
        `${first.call.selector} in ${basename(first.path)}${more} reaches ${first.handledInCode ? `its case ${first.call.selector} in the dext's ExternalMethod` : entryLabel(first)} with a structure output of ${size} bytes: over 4096 bytes, IOKit passes it as structureOutputDescriptor, and setting structureOutput instead makes the call fail with kIOReturnBadArgument. Write the reply into arguments->structureOutputDescriptor when it is set.`,
        sorted.slice(0, 8).map((l) => ({ path: l.path, span: l.call.span, message: `${l.call.selector}: a structure output of ${l.actual.structureOutput ?? '?'} bytes` })),
      );
    });
  },
};

/**
 * The call reaches the code that sets structureOutput: the selector's `case` in ExternalMethod, or
 * a table entry's handler when the call passes every check of the entry (each count and size known
 * and accepted, and the completion as asked).
 */
function reachesHandler(link: ContractLink): boolean {
  // Handled in code: the `case` runs before any table check (contract.ts follows only the case).
  if (link.handledInCode) return true;
  if (!link.entry?.handler) return false;
  const parts: CallPart[] = ['scalarInput', 'structureInput', 'scalarOutput', 'structureOutput'];
  if (!parts.every((part) => link.expected[part] === 'any' || (link.expected[part] !== undefined && link.expected[part] === link.actual[part]))) return false;
  const completion = (link.entry.fields.checkCompletionExists ?? '0').replace(/\s+/g, '');
  if (/^(?:-1|-1U|0xffffffff)$/i.test(completion)) return true;
  if (/^(?:false|0|0U)$/i.test(completion)) return !link.call.async;
  if (/^(?:true|1|1U)$/i.test(completion)) return link.call.async;
  return false;
}
