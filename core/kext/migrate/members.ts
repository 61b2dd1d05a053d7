/**
 * The data members of a kext class and what each becomes in a dext's ivars: kernel-only types are
 * swapped for their DriverKit counterpart (a work loop for a dispatch queue, an event source for a
 * dispatch source), types DriverKit has no counterpart for are left as a TODO line. Read from the
 * code view of the class body, one linear pass at brace depth one.
 */
import type { KextClassDecl } from '../kextSource';

export interface KextMember {
  readonly name: string;
  /** The type as the kext wrote it, without the pointer. */
  readonly type: string;
  readonly pointer: boolean;
}

/** A member's line in the dext's ivars struct, or a TODO comment when it cannot be carried over. */
export interface IvarLine {
  readonly text: string;
}

/** Past this many members the class is not hand-written; the rest are not carried over. */
const MAX_MEMBERS = 200;

const PRIMITIVE = /^(?:bool|char|short|int|long|unsigned|signed|float|double|size_t|u?int(?:8|16|32|64)_t|uintptr_t|IOReturn|kern_return_t|IOPhysicalAddress|IOByteCount|UInt(?:8|16|32|64)|SInt(?:8|16|32|64)|Boolean|uint|u_int\w*)$/;

/** Kernel types with a DriverKit counterpart of a different name. */
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['IOWorkLoop', 'IODispatchQueue'],
  ['IOTimerEventSource', 'IOTimerDispatchSource'],
  ['IOInterruptEventSource', 'IOInterruptDispatchSource'],
  ['IOFilterInterruptEventSource', 'IOInterruptDispatchSource'],
  ['IOSharedDataQueue', 'IODataQueueDispatchSource'],
  ['IODataQueue', 'IODataQueueDispatchSource'],
  ['IOBufferMemoryDescriptor', 'IOBufferMemoryDescriptor'],
  ['UInt8', 'uint8_t'],
  ['UInt16', 'uint16_t'],
  ['UInt32', 'uint32_t'],
  ['UInt64', 'uint64_t'],
  ['SInt8', 'int8_t'],
  ['SInt16', 'int16_t'],
  ['SInt32', 'int32_t'],
  ['SInt64', 'int64_t'],
  ['Boolean', 'bool'],
]);

/** Kernel types DriverKit's IOLib.h keeps as they are (not classes, so not in the catalog). */
const KEPT = new Set(['IOLock']);

/** Kernel types DriverKit has no object for: the member is dropped with what to do instead. */
const NO_COUNTERPART: ReadonlyMap<string, string> = new Map([
  ['IOCommandGate', 'DriverKit has no command gate: run the gated work on a dispatch queue (IODispatchQueue::RunAction, Sleep and Wakeup)'],
  ['IORecursiveLock', 'keep the work on one dispatch queue, or use an IOLock from DriverKit/IOLib.h'],
  ['IOSimpleLock', 'DriverKit has no spin locks: keep the work on one dispatch queue'],
  ['thread_call_t', 'run deferred work with IODispatchQueue::DispatchAsync'],
]);

const MEMBER = /^(?:(?:const|volatile|mutable)\s+)*((?:struct\s+|enum\s+)?[A-Za-z_]\w*(?:::\w+)*)\s*(\*?)\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?:\[[^\]]{0,40}\])?\s*(?:=[^;]*|\{[^;]*\})?$/;
const NOT_A_MEMBER = /^(?:typedef|using|friend|static|enum|class|struct|union|template|virtual|OSDeclare|return)\b/;

/** The class's data members, in order: `Type name;` and `Type *name = init;` at the class body's top level. */
export function kextMembers(code: string, cls: KextClassDecl): KextMember[] {
  const open = code.indexOf('{', cls.nameSpan.end);
  if (open < 0 || open >= cls.span.end) return [];
  const members: KextMember[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < cls.span.end - 1 && members.length < MAX_MEMBERS; i++) {
    const c = code[i];
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') {
      depth--;
      // A method body or nested type ends a statement without a `;`.
      if (depth === 0 && c === '}') from = i + 1;
    } else if (c === ';' && depth === 0) {
      const member = readMember(code.slice(from, i));
      if (member) members.push(member);
      from = i + 1;
    } else if (c === ':' && depth === 0 && /\b(?:public|protected|private)\s*$/.test(code.slice(Math.max(0, i - 10), i))) from = i + 1;
  }
  return members;
}

function readMember(statement: string): KextMember | undefined {
  // The structors macro takes no `;` in many kexts, so it can lead the next member's statement.
  const text = statement.replace(/\s+/g, ' ').trim().replace(/^OSDeclare\w*Structors\w*\s*\(\s*\w+\s*\)\s*/, '').trim();
  if (!text || text.includes('(') || NOT_A_MEMBER.test(text)) return undefined;
  const m = MEMBER.exec(text);
  if (!m || m[1] === 'operator') return undefined;
  return { type: m[1].replace(/^(?:struct|enum)\s+/, ''), pointer: m[2] === '*', name: m[3] };
}

/** Each member as an ivars line, with `known` telling whether DriverKit has a class of that name. */
export function ivarLines(members: readonly KextMember[], known: (type: string) => boolean): IvarLine[] {
  return members.map((member) => {
    const instead = NO_COUNTERPART.get(member.type);
    if (instead) return { text: `// TODO(migrate): ${member.name} (${member.type}) has no DriverKit counterpart: ${instead}.` };
    const type = RENAMED.get(member.type) ?? member.type;
    if (member.pointer) {
      if (known(type) || KEPT.has(type)) return { text: `${type} * ${member.name};` };
      return { text: `// TODO(migrate): ${member.name} points at ${member.type}, which DriverKit does not have: replace it with the DriverKit way to do the same.` };
    }
    if (PRIMITIVE.test(type) || /^u?int\d+_t$/.test(type)) return { text: `${type} ${member.name};` };
    return { text: `// TODO(migrate): ${member.name} is a ${member.type}: declare that type for the dext, or store what it holds.` };
  });
}
