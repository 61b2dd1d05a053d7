/**
 * Generators of realistic DriverKit sources of a requested size, for benchmarks and tests.
 *
 * Everything but `generateWorkspace` is a pure function of its arguments (deterministic, no I/O, no
 * side effects at import). A `.iig` and a `.cpp` generated with the same class name and the same
 * method count form a correct driver with zero findings: every method the `.iig` declares is
 * implemented in the `.cpp` (IMPL for methods reached through IIG, `Class::Method` for LOCALONLY
 * ones), Start/Stop pass the call on with SUPERDISPATCH, ivars are allocated in init() and released
 * in free().
 *
 * Sizes: both generators derive the method count from their `lines` argument with the same formula
 * (`methodCountFor`), so `generateIig(n, C)` and `generateCpp(n, C)` always match. For a pair of
 * different sizes (a 5,000-line .iig with a 20,000-line .cpp) use `generatePair`, or pass the same
 * explicit `methods` count to both.
 */

export type MethodKind = 'local' | 'queue' | 'localonly' | 'callback';

export interface MethodSpec {
  /** `MethodN` or, for TYPE callbacks, `CallbackN` (N counts from 1 across all kinds). */
  readonly name: string;
  readonly kind: MethodKind;
}

/** Lines every declared method takes in the .iig (doc comment, declaration, blank line). */
export const IIG_LINES_PER_METHOD = 8;
/** The fewest lines one implementation takes in the .cpp. */
export const CPP_MIN_LINES_PER_METHOD = 8;

/** The kinds cycle with period 10: 6 LOCAL, 1 QUEUENAME(Default), 1 LOCALONLY, 2 TYPE callbacks. */
const KIND_CYCLE: readonly MethodKind[] = ['callback', 'local', 'local', 'queue', 'local', 'local', 'localonly', 'local', 'local', 'callback'];

/** The methods (besides init/free/Start/Stop) of a generated class with `count` methods. */
export function methodSpecs(count: number): MethodSpec[] {
  const out: MethodSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const kind = KIND_CYCLE[i % KIND_CYCLE.length];
    out.push({ name: `${kind === 'callback' ? 'Callback' : 'Method'}${i}`, kind });
  }
  return out;
}

/** How many methods a generated file of `lines` lines holds (the same for .iig and .cpp). */
export function methodCountFor(lines: number): number {
  const fixed = cppFixedLines('X');
  return Math.max(1, Math.floor((lines - fixed) / Math.max(IIG_LINES_PER_METHOD, CPP_MIN_LINES_PER_METHOD)));
}

const PURPOSES = [
  'reads the status register and folds it into the running checksum',
  'programs the transfer length for the next request',
  'acknowledges a pending interrupt from the provider',
  'refreshes the cached device properties',
  'validates a request coming from the user client',
  'updates the power-state bookkeeping',
  'schedules the next poll of the device',
  'resets the statistics counters',
];

const purpose = (i: number): string => PURPOSES[i % PURPOSES.length];

/** Exactly IIG_LINES_PER_METHOD lines for one declaration. */
function iigMethodBlock(method: MethodSpec, index: number): string[] {
  const p = purpose(index);
  // Pads with blank lines to the fixed block size, so the method count follows from the size.
  const fit = (block: string[]): string[] => [...block, ...Array<string>(Math.max(1, IIG_LINES_PER_METHOD - block.length)).fill('')];
  switch (method.kind) {
    case 'local':
      return fit([
        '    /*!',
        `     * @brief   ${method.name} ${p}.`,
        '     * @param   value     the request argument',
        '     * @param   provider  the provider this driver is attached to',
        '     * @return  kIOReturnSuccess, or an error from the device',
        '     */',
        `    virtual kern_return_t ${method.name}(uint32_t value, IOService * provider) LOCAL;`,
      ]);
    case 'queue':
      return fit([
        '    /*!',
        `     * @brief   ${method.name} ${p}.`,
        '     * @discussion Runs on the queue registered under the name "Default".',
        '     *             Requests are served in the order they arrive.',
        '     */',
        `    virtual kern_return_t ${method.name}(uint32_t value,`,
        `    ${' '.repeat(`virtual kern_return_t ${method.name}(`.length)}IOService * provider) QUEUENAME(Default);`,
      ]);
    case 'localonly':
      return fit([
        `    // ${method.name} ${p}.`,
        '    // Plain C++: it never crosses to the kernel, so it is defined as',
        `    // Class::${method.name} and reaches its parent with super::.`,
        '    // Callers hold the driver queue; it never blocks.',
        '    // It returns kIOReturnSuccess or kIOReturnBadArgument, and',
        '    // counts every rejected value in ivars->errors.',
        `    virtual kern_return_t ${method.name}(uint32_t value, IOService * provider) LOCALONLY;`,
      ]);
    case 'callback':
      return fit([
        '    /*!',
        `     * @brief   ${method.name} fires when timer ${index} expires; it ${p}.`,
        '     * @param   time  the deadline the timer was armed with',
        '     */',
        `    virtual void ${method.name}(OSAction * action,`,
        `    ${' '.repeat(`virtual void ${method.name}(`.length)}uint64_t time)`,
        '        TYPE(IOTimerDispatchSource::TimerOccurred);',
      ]);
  }
}

/**
 * A valid `.iig` of about `lines` lines (exactly, unless `methods` asks for more than fit) declaring
 * class `className` with init/free/Start/Stop overrides and `methods` IIG methods.
 */
export function generateIig(lines: number, className = 'BigDriver', methods = methodCountFor(lines)): string {
  const specs = methodSpecs(methods);
  const head = [
    '//',
    `//  ${className}.iig`,
    `//  Generated by test/support/generate.ts: ${specs.length} methods, for benchmarks and tests.`,
    '//',
    '',
    `#ifndef ${className}_h`,
    `#define ${className}_h`,
    '',
    '#include <Availability.h>',
    '#include <DriverKit/IOService.iig>',
    '#include <DriverKit/IOTimerDispatchSource.iig>',
    '',
    `class ${className}: public IOService`,
    '{',
    'public:',
    '    virtual bool init() override;',
    '',
    '    virtual void free() override;',
    '',
    '    virtual kern_return_t Start(IOService * provider) override;',
    '',
    '    virtual kern_return_t Stop(IOService * provider) override;',
    '',
  ];
  const tail = ['};', '', `#endif /* ${className}_h */`];
  const body: string[] = [];
  specs.forEach((m, i) => body.push(...iigMethodBlock(m, i + 1)));
  const padding: string[] = [];
  for (let missing = lines - head.length - body.length - tail.length; missing > 0; missing--) {
    padding.push(padding.length % 4 === 3 ? '' : `    // Reserved for future methods (slot ${padding.length + 1}).`);
  }
  return [...head, ...body, ...padding, ...tail].join('\n') + '\n';
}

function cppHead(className: string): string[] {
  const log = `${className}Log`;
  return [
    '//',
    `//  ${className}.cpp`,
    '//  Generated by test/support/generate.ts, for benchmarks and tests.',
    '//',
    '',
    '#include <os/log.h>',
    '',
    '#include <DriverKit/IOLib.h>',
    '#include <DriverKit/IOService.h>',
    '#include <DriverKit/IOTimerDispatchSource.h>',
    '#include <DriverKit/OSAction.h>',
    '',
    `#include "${className}.h"`,
    '',
    `#define ${log}(fmt, ...) os_log(OS_LOG_DEFAULT, "${className}: " fmt, ##__VA_ARGS__)`,
    '',
    'static constexpr uint32_t kBatch = 16;',
    'static constexpr uint32_t kLimit = 4096;',
    '',
    `struct ${className}_IVars`,
    '{',
    '    IOService             * provider;',
    '    IOTimerDispatchSource * timer;',
    '    OSAction              * timerAction;',
    '    uint64_t                counter;',
    '    uint64_t                checksum;',
    '    uint32_t                errors;',
    '    bool                    started;',
    '};',
    '',
    'bool',
    `${className}::init()`,
    '{',
    '    if (!super::init()) {',
    '        return false;',
    '    }',
    '',
    `    ivars = IONewZero(${className}_IVars, 1);`,
    '    if (ivars == nullptr) {',
    '        return false;',
    '    }',
    '',
    '    return true;',
    '}',
    '',
    'void',
    `${className}::free()`,
    '{',
    '    if (ivars != nullptr) {',
    '        OSSafeReleaseNULL(ivars->timerAction);',
    '        OSSafeReleaseNULL(ivars->timer);',
    '    }',
    `    IOSafeDeleteNULL(ivars, ${className}_IVars, 1);`,
    '    super::free();',
    '}',
    '',
    'kern_return_t',
    `IMPL(${className}, Start)`,
    '{',
    '    kern_return_t ret;',
    '',
    '    ret = Start(provider, SUPERDISPATCH);',
    '    if (ret != kIOReturnSuccess) {',
    `        ${log}("parent Start failed: 0x%x", ret);`,
    '        return ret;',
    '    }',
    '',
    '    ivars->provider = provider;',
    '    ivars->started = true;',
    '',
    '    ret = RegisterService();',
    '    if (ret != kIOReturnSuccess) {',
    `        ${log}("RegisterService failed: 0x%x", ret);`,
    '        return ret;',
    '    }',
    '',
    `    ${log}("started");`,
    '    return kIOReturnSuccess;',
    '}',
    '',
    'kern_return_t',
    `IMPL(${className}, Stop)`,
    '{',
    '    ivars->started = false;',
    `    ${log}("stopping after %llu operations", ivars->counter);`,
    '    return Stop(provider, SUPERDISPATCH);',
    '}',
    '',
  ];
}

function cppFixedLines(className: string): number {
  return cppHead(className).length;
}

/** Statement chunks for method bodies; `sum` and `value` are locals every body declares. */
function chunks(className: string, method: string, index: number, step: number): string[][] {
  const log = `${className}Log`;
  return [
    [`    // Step ${step}: ${purpose(index + step)}.`],
    [
      '    for (uint32_t k = 0; k < kBatch; k++) {',
      '        sum += (value >> (k & 7)) ^ k;',
      '        ivars->counter++;',
      '    }',
    ],
    [
      '    if ((sum & 1) != 0) {',
      `        ${log}("${method}: odd checksum %llu at step %u", sum, ${step}u);`,
      '    } else {',
      `        sum = sum * 31 + ${step};`,
      '    }',
    ],
    [`    os_log(OS_LOG_DEFAULT, "${className}::${method} step %u value %u", ${step}u, value);`],
    [
      `    switch (value % ${(step % 5) + 2}) {`,
      '    case 0:',
      '        sum += 1;',
      '        break;',
      '    default:',
      '        sum ^= value;',
      '        break;',
      '    }',
    ],
    [
      '    while (sum > 0xffffffffULL) {',
      '        sum = (sum >> 32) + (sum & 0xffffffffULL);',
      '    }',
    ],
    [
      '    /*',
      `     * ${purpose(index * 3 + step)}: the device latches the`,
      '     * value on the next register write, so order matters here.',
      '     */',
    ],
    [
      '    if (value > kLimit) {',
      '        ivars->errors++;',
      `        value = kLimit - ${step};`,
      '    }',
    ],
  ];
}

/** Exactly `bodyLines` lines (at least 3) of ordinary C++ for one method body. */
function methodBody(className: string, method: MethodSpec, index: number, bodyLines: number): string[] {
  const prologue =
    method.kind === 'callback'
      ? ['    uint32_t value = (uint32_t)(time & 0xffff);', '    uint64_t sum = time;']
      : ['    uint64_t sum = value;'];
  const epilogue =
    method.kind === 'callback'
      ? ['    ivars->checksum ^= sum;', `    ${className}Log("${method.name}: checksum %llu", ivars->checksum);`]
      : ['    ivars->checksum ^= sum;', '    return kIOReturnSuccess;'];
  if (method.kind === 'callback') epilogue.unshift('    (void)action;');
  else epilogue.unshift('    (void)provider;');
  const out = [...prologue];
  let remaining = bodyLines - prologue.length - epilogue.length;
  for (let step = 1; remaining > 0; step++) {
    const options = chunks(className, method.name, index, step);
    // The next chunk in rotation that still fits (there are one-line chunks, so one always does).
    let chunk = [`    sum += ${step};`];
    for (let k = 0; k < options.length; k++) {
      const candidate = options[(index + step + k) % options.length];
      if (candidate.length <= remaining) {
        chunk = candidate;
        break;
      }
    }
    out.push(...chunk);
    remaining -= chunk.length;
  }
  // A very small budget drops the optional epilogue lines first (never below what compiles).
  const keep = Math.max(1, Math.min(epilogue.length, bodyLines - prologue.length));
  return [...out, ...epilogue.slice(epilogue.length - keep)];
}

/**
 * A valid `.cpp` of about `lines` lines (exactly, unless the methods need more) implementing class
 * `className` as `generateIig` declares it with the same `methods` count.
 */
export function generateCpp(lines: number, className = 'BigDriver', methods = methodCountFor(lines)): string {
  const specs = methodSpecs(methods);
  const head = cppHead(className);
  const available = lines - head.length;
  // Every implementation is signature (2) + braces (2) + blank (1) + body.
  const minBody = CPP_MIN_LINES_PER_METHOD - 5;
  const baseBody = specs.length > 0 ? Math.max(minBody, Math.floor(available / specs.length) - 5) : 0;
  let extra = specs.length > 0 ? Math.max(0, available - specs.length * (baseBody + 5)) : 0;
  const out = [...head];
  specs.forEach((method, i) => {
    const bodyLines = baseBody + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    const signature =
      method.kind === 'localonly'
        ? ['kern_return_t', `${className}::${method.name}(uint32_t value, IOService * provider)`]
        : [method.kind === 'callback' ? 'void' : 'kern_return_t', `IMPL(${className}, ${method.name})`];
    out.push(...signature, '{', ...methodBody(className, method, i + 1, bodyLines), '}', '');
  });
  for (let i = out.length; i < lines; i++) out.push(`// End of ${className}.cpp (${i}).`);
  return out.join('\n') + '\n';
}

export interface GeneratedPair {
  readonly className: string;
  readonly methods: readonly MethodSpec[];
  readonly iig: string;
  readonly cpp: string;
}

/** A consistent .iig/.cpp pair (zero findings): the .iig's size sets the method count. */
export function generatePair(iigLines: number, cppLines: number, className = 'BigDriver'): GeneratedPair {
  const count = methodCountFor(iigLines);
  return { className, methods: methodSpecs(count), iig: generateIig(iigLines, className, count), cpp: generateCpp(cppLines, className, count) };
}
