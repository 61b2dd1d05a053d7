/**
 * Why the dext crashed, in plain words: the exception and signal, the termination namespace, and the
 * messages the report carries (abort messages, assertion text, sandbox and DriverKit runtime
 * complaints), each matched against what commonly goes wrong in a dext. Rules are records, first
 * match per kind wins; every IOReturn code named anywhere is explained too. Pure.
 */
import type { CrashReport } from './crashReport';
import { ioReturnsIn } from './ioReturn';

export interface Explanation {
  /** Stable id, for tests and for "explained once" bookkeeping. */
  readonly id: string;
  readonly text: string;
}

interface Rule {
  readonly id: string;
  /** Which text of the report the rule reads. */
  readonly reads: 'exception' | 'messages';
  readonly pattern: RegExp;
  readonly explain: (m: RegExpExecArray) => string;
}

const RULES: readonly Rule[] = [
  {
    id: 'null-pointer',
    reads: 'exception',
    pattern: /EXC_BAD_ACCESS.*KERN_INVALID_ADDRESS at 0x0{0,12}[0-9a-f]{1,4}\b/i,
    explain: () =>
      'A NULL pointer was used: the dext read or wrote memory at (or just past) address 0. Common in Start: a provider cast with OSDynamicCast that returned NULL, an ivars pointer used before IONewZero, or an object released and then used.',
  },
  {
    id: 'bad-access',
    reads: 'exception',
    pattern: /EXC_BAD_ACCESS.*(KERN_INVALID_ADDRESS|KERN_PROTECTION_FAILURE)(?: at (0x[0-9a-f]+))?/i,
    explain: (m) =>
      m[1].toUpperCase() === 'KERN_PROTECTION_FAILURE'
        ? `The dext touched memory in a way it may not${m[2] ? ` (at ${m[2]})` : ''}: writing to read-only memory or running code from data. Often a freed object used after its release, or a buffer written past its end.`
        : `The dext used an address that is not mapped${m[2] ? ` (${m[2]})` : ''}: a freed or never-initialised pointer, or an index far past a buffer's end.`,
  },
  {
    id: 'trap',
    reads: 'exception',
    pattern: /EXC_BREAKPOINT|EXC_BAD_INSTRUCTION|SIGTRAP|SIGILL/,
    explain: () => 'The code stopped itself with a trap instruction: a failed runtime check (an assertion compiled to a trap, a __builtin_trap, an overflow or bounds check) or a jump into data.',
  },
  {
    id: 'killed',
    reads: 'exception',
    pattern: /SIGKILL/,
    explain: () => 'The dext was killed from outside (SIGKILL): the system ended it — its provider went away, it did not answer in time, or it was replaced by a new version. The termination reason below says who.',
  },
  {
    id: 'abort',
    reads: 'exception',
    pattern: /SIGABRT|EXC_CRASH/,
    explain: () => 'The dext aborted itself: abort() was called — by an assertion, by the C library after detecting heap corruption, or by the DriverKit runtime after a misuse it cannot continue from. The messages below say which.',
  },
  {
    id: 'guard',
    reads: 'exception',
    pattern: /EXC_GUARD/,
    explain: () => 'A guarded resource was misused (EXC_GUARD): a Mach port or file descriptor the system protects was closed, released or used wrongly — for a dext, usually a port owned by the DriverKit runtime, reached through an object released too often.',
  },
  {
    id: 'resource',
    reads: 'exception',
    pattern: /EXC_RESOURCE.*?(CPU|WAKEUPS|MEMORY)?/,
    explain: (m) => `The dext went over a resource limit${m[1] ? ` (${m[1].toLowerCase()})` : ''} and macOS ended it: look for a busy loop, a timer firing far too often, or memory that is never released.`,
  },
  {
    id: 'arithmetic',
    reads: 'exception',
    pattern: /EXC_ARITHMETIC|SIGFPE/,
    explain: () => 'An arithmetic fault: an integer division by zero (a count or size that was 0).',
  },
  {
    id: 'code-signing',
    reads: 'exception',
    pattern: /CODESIGNING|Code Signature Invalid|Invalid Page/i,
    explain: () =>
      'macOS refused the dext\'s code signature: it was modified after signing, signed for another team, or its provisioning profile does not grant the DriverKit entitlements it claims. Sign it again (and the app that contains it, after it); `codesign --verify --strict --verbose=2` says what is wrong.',
  },
  {
    id: 'dyld',
    reads: 'exception',
    pattern: /\bDYLD\b|Library missing|Symbol missing/i,
    explain: () => 'The dext could not be loaded: a library or symbol it links against is missing in this macOS version (built against a newer DriverKit SDK than the system has?).',
  },
  {
    id: 'sandbox',
    reads: 'messages',
    pattern: /\bsandbox\b|deny\(\d*\)/i,
    explain: () =>
      'A DriverKit sandbox violation: the dext did something its sandbox does not allow. A dext may not open files outside its bundle, use the network or look up arbitrary services; it reaches its hardware through its provider and apps through an IOUserClient.',
  },
  {
    id: 'osaction-queue',
    reads: 'messages',
    pattern: /OSAction[^\n]*\bqueue\b|\bqueue\b[^\n]*OSAction/i,
    explain: () =>
      'An OSAction (the object a TYPE(...) callback is called through) was released or cancelled on a queue other than the one its callbacks run on. Cancel the action (or the dispatch source that uses it) and release it on that queue — typically in the cancel handler, or in Stop before calling the parent — and keep it in ivars until then.',
  },
  {
    id: 'dispatch-deadlock',
    reads: 'messages',
    pattern: /dispatch_sync called on queue already owned by current thread|already owned by current thread/i,
    explain: () =>
      'A deadlock was caught: a method was called synchronously on the queue the caller is already running on (for example a QUEUENAME method, or a RunAction, from a callback on that same queue). Call it from another queue, or do the work directly.',
  },
  {
    id: 'heap-corruption',
    reads: 'messages',
    pattern: /pointer being freed was not allocated|double free|heap corruption|malloc: \*\*\*|Corruption of (?:free|tiny)/i,
    explain: () => 'The heap was corrupted: memory freed twice, freed but still written, or written past its end. Look for an object released once too often (OSSafeReleaseNULL, IOSafeDeleteNULL on a path that also frees it) or a buffer overrun.',
  },
  {
    id: 'stack-overflow',
    reads: 'messages',
    pattern: /stack (?:buffer )?overflow|__stack_chk_fail|stack guard/i,
    explain: () => 'The stack was overrun: a local buffer written past its end, or recursion too deep.',
  },
  {
    id: 'assertion',
    reads: 'messages',
    pattern: /Assertion failed|assert(?:ion)? .*failed/i,
    explain: () => 'An assertion failed: a condition the code states must hold did not (the message gives the file, line and condition).',
  },
];

/** The texts rules read: the exception and termination fields, and the report's messages. */
function texts(report: CrashReport): { exception: string; messages: string } {
  const e = report.exception;
  const t = report.termination;
  const exception = [e?.type, e?.signal, e?.subtype, e?.message, t?.namespace, t?.indicator].filter(Boolean).join(' · ');
  const messages = [...report.messages.map((m) => m.text), ...(t?.reasons ?? []), e?.message ?? ''].join('\n');
  return { exception, messages };
}

/** What the report says went wrong, most specific first, then the IOReturn codes it names. */
export function explainCrash(report: CrashReport): Explanation[] {
  const { exception, messages } = texts(report);
  const found: Explanation[] = [];
  // The exception gets one explanation (the most specific rule), the messages each rule that fits.
  const first = RULES.filter((r) => r.reads === 'exception').map((r) => ({ r, m: r.pattern.exec(exception) })).find((x) => x.m);
  if (first?.m) found.push({ id: first.r.id, text: first.r.explain(first.m) });
  for (const rule of RULES.filter((r) => r.reads === 'messages' || r.id === 'code-signing')) {
    if (found.some((f) => f.id === rule.id)) continue;
    const m = rule.pattern.exec(rule.reads === 'messages' ? messages : `${exception}\n${messages}`);
    if (m) found.push({ id: rule.id, text: rule.explain(m) });
  }
  for (const info of ioReturnsIn(`${exception}\n${messages}`)) found.push({ id: `ioreturn-${info.code.toString(16)}`, text: `0x${info.code.toString(16)} is ${info.name}: ${info.meaning}.` });
  return found;
}
