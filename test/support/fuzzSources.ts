/**
 * Generators of .iig and .cpp texts from DriverKit vocabulary: token soup (every kind of token in any
 * order, including comments, strings, preprocessor lines, unicode, NUL bytes and very long runs) and
 * plausible class/implementation pairs with noise tokens dropped in, so the rules that need a class,
 * its methods and their definitions are reached too.
 */
import fc from 'fast-check';
import { DRIVERKIT_MACROS, IIG_ATTRIBUTES } from '../../core/model/vocabulary';

const CLASS_NAMES = ['FuzzDriver', 'FuzzClient', 'FuzzDevice', 'IOService', 'IOUserClient', 'IOUserHIDDevice', 'OSObject', 'IOUserHIDEventService', 'IOUserSerial', 'Unknown_Base'];
const METHOD_NAMES = ['Start', 'Stop', 'init', 'free', 'handleStart', 'ReadComplete', 'TimerFired', 'NewUserClient', 'ExternalMethod', 'helper', 'CopyClientMemoryForType', 'Start_Impl', 'Stop', '_Impl', 'operator=', '~FuzzDriver'];
const TYPES = ['kern_return_t', 'IOReturn', 'void', 'bool', 'uint32_t', 'uint64_t', 'OSAction *', 'IOService *', 'IOUserClient **', 'const char *', 'OSData *', 'IOMemoryDescriptor **', 'int', 'FuzzDriver_IVars *'];
const TYPE_TARGETS = ['IOUSBHostPipe::CompleteAsyncIO', 'IOTimerDispatchSource::TimerOccurred', 'FuzzDriver::TimerFired', 'IOInterruptDispatchSource::InterruptOccurred', 'Nope::Missing', '', '::', 'A::B::C', '(((', 'IOUSBHostPipe::'];
const QUEUE_NAMES = ['Default', 'ReadQueue', '"Work"', '', 'Q1'];
const TYPO_ATTRIBUTES = ['LOCALL', 'LOKAL', 'TARGT', 'KERNAL', 'QUEUE_NAME(Work)', 'FOO_BAR', 'LOCAL_ONLY', 'TYPE_', 'API_AVAILABLE(driverkit(19.0))', '__attribute__((availability(driverkit,introduced=20.0)))', '__attribute__((', 'NATIVE(x)'];

const keywords = ['class', 'struct', 'public', 'private', 'protected', 'virtual', 'override', 'final', 'static', 'const', 'enum', 'typedef', 'namespace', 'return', 'if', 'else', 'while', 'template', 'typename', 'operator', 'new', 'delete', 'nullptr', 'sizeof', 'using', 'extern "C"', 'inline', 'constexpr', 'auto', '= 0', 'super::', 'ivars->', 'kIOReturnSuccess'];
const punctuation = ['{', '}', '(', ')', ';', ',', ':', '::', '*', '&', '=', '<', '>', '[', ']', '->', '.', '...', '~', '!', '?', '+', '-', '/', '%', '^', '|', '#', '\\', '@', '`', '$'];
const comments = ['// comment LOCAL', '/* block */', '/*', '*/', '/** doc TYPE(X::Y) */', '// continued \\\nstill comment', '/* multi\nline */', '//'];
const strings = ['"text"', '"unterminated', "'c'", "'", '"\\"', '"\\', 'R"x(raw ) "x)x"', 'R"(', 'u8"ü"', 'L"wide"', '"LOCAL"', "'\\''"];
const preprocessor = ['#include <DriverKit/IOService.iig>', '#include <DriverKit/IOUserClient.iig>', '#include <HIDDriverKit/IOUserHIDDevice.iig>', '#include "FuzzDriver.h"', '#include <', '#include', '#if KERNEL', '#ifdef __cplusplus', '#else', '#elif 0', '#endif', '#define X(a) a LOCAL', '#pragma once', '#error stop', '# \\\n  continued', '#ifndef Fuzz_h\n#define Fuzz_h', '#if 0\nclass Ghost : public IOService {};'];
const unicode = ['é', 'ß', '日本語', '😀', '\u200B', '\u202E', '\uFEFF', '\uD800', '\uDC00', '\u0085', '\u2028', '\u00A0', 'Ω', '\u0301', 'ﬁ', 'Ｌ'];
const controls = ['\x01', '\x7F', '\f', '\v', '\t', '\r', '\r\n', '\n', '\n\n', ' '];
const numbers = ['0', '42', '0x81', '1e10', '18446744073709551616', '0b1010', "1'000", '3.14f', '-1', '0x', '09'];

const attributeToken = fc.oneof(
  fc.constantFrom(...IIG_ATTRIBUTES.filter((a) => !a.takesArgument).map((a) => a.name)),
  fc.constantFrom(...TYPE_TARGETS).map((t) => `TYPE(${t})`),
  fc.constantFrom(...QUEUE_NAMES).map((q) => `QUEUENAME(${q})`),
  fc.constantFrom('EXTENDS(IOService)', 'EXTENDS()', 'TYPE', 'QUEUENAME', 'TYPE(', 'QUEUENAME((Work)'),
  fc.constantFrom(...TYPO_ATTRIBUTES),
);

const macroToken = fc.oneof(
  fc.tuple(fc.constantFrom(...CLASS_NAMES), fc.constantFrom(...METHOD_NAMES)).map(([c, m]) => `IMPL(${c}, ${m})`),
  fc.constantFrom('IMPL(', 'IMPL()', 'IMPL(FuzzDriver)', 'IMPL(, Start)', 'SUPERDISPATCH', 'IONewZero(FuzzDriver_IVars, 1)', 'IOSafeDeleteNULL(ivars, FuzzDriver_IVars, 1)', 'OSSafeReleaseNULL(ivars->pipe)', 'OSDeclareDefaultStructors(FuzzDriver)', 'OSDefineMetaClassAndStructors(FuzzDriver, IOService)', 'SetDispatchQueue("Work", queue)', 'RegisterService()', 'super::Start(provider)', 'Start(provider, SUPERDISPATCH)'),
  fc.constantFrom(...DRIVERKIT_MACROS.map((m) => m.name)),
);

/**
 * Very long lines and floods: a long identifier, comment, string or run of blanks (one token each,
 * up to 30,000 characters), and runs of up to 1,000 punctuation marks or words. Longer runs of stray
 * punctuation are left out on purpose: tree-sitter's error recovery is quadratic on some of them
 * (26,000 `*` after `return[` take 2.2 s, 26,000 `[` after an IMPL head 0.5-1.8 s, an unclosed raw
 * string before 30 KB of text 30 s), a cost of the dependency that the parse budget bounds (see
 * parserBudget.test.ts and fuzzTiming.ts), not a hang of ours.
 */
const longRun = fc.oneof(
  fc.tuple(fc.constantFrom('x', ' ', '\t', 'Ω', '0'), fc.integer({ min: 100, max: 30_000 })).map(([token, times]) => token.repeat(times)),
  fc.tuple(fc.constantFrom('// ', '/* ', '"'), fc.integer({ min: 100, max: 30_000 })).map(([open, times]) => `${open}${'long '.repeat(times / 5)}`),
  fc
    .tuple(fc.constantFrom('(', ')', '{', '}', '[', ']', '<', '>', ',', '*', '/', ':', ';', '\\', '"', 'R"x(long ', 'LOCAL ', 'TYPE(', 'a::', '< ', '::', 'x, ', 'int ', 'IMPL(A, B) ', 'QUEUENAME(', '/* */', '"s" ', 'ABC '), fc.integer({ min: 100, max: 1000 }))
    .map(([token, times]) => token.repeat(times)),
);

/** One token of .iig/.cpp text; NUL is rare because it makes the whole file binary. */
export const sourceToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...CLASS_NAMES, ...METHOD_NAMES, ...TYPES) },
  { weight: 10, arbitrary: fc.constantFrom(...keywords) },
  { weight: 14, arbitrary: fc.constantFrom(...punctuation) },
  { weight: 8, arbitrary: attributeToken },
  { weight: 6, arbitrary: macroToken },
  { weight: 3, arbitrary: fc.constantFrom(...comments) },
  { weight: 3, arbitrary: fc.constantFrom(...strings) },
  { weight: 3, arbitrary: fc.constantFrom(...preprocessor).map((p) => `\n${p}\n`) },
  { weight: 3, arbitrary: fc.constantFrom(...unicode) },
  { weight: 6, arbitrary: fc.constantFrom(...controls) },
  { weight: 2, arbitrary: fc.constantFrom(...numbers) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant('\0') },
  { weight: 1, arbitrary: longRun },
);

const separator = fc.constantFrom(' ', ' ', ' ', '\n', '', '\t', '\r\n');

/** Any sequence of tokens: the parser and every rule must cope with all of it. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(sourceToken, separator), { maxLength: 160 })
  .map((parts) => parts.map(([token, sep]) => token + sep).join(''));

interface MethodShape {
  readonly returnType: string;
  readonly name: string;
  readonly parameters: readonly string[];
  readonly virtual: boolean;
  readonly override: boolean;
  readonly pure: boolean;
  readonly attributes: readonly string[];
  readonly form: 'IMPL' | 'member' | 'none';
  readonly body: readonly string[];
}

const parameter = fc.tuple(fc.constantFrom(...TYPES), fc.constantFrom('provider', 'action', 'status', 'count', 'value', ''), fc.constantFrom('', '', ' TARGET', ' PORTMAKESEND', ' TARGT')).map(([t, n, a]) => `${t} ${n}${a}`);

const statement = fc.oneof(
  fc.constantFrom(
    'ret = Start(provider, SUPERDISPATCH);',
    'ret = Stop(provider, SUPERDISPATCH);',
    'return super::Start(provider);',
    'super::Stop(provider);',
    'if (!super::init()) return false;',
    'ivars = IONewZero(FuzzDriver_IVars, 1);',
    'IOSafeDeleteNULL(ivars, FuzzDriver_IVars, 1);',
    'super::free();',
    'ret = SetDispatchQueue("ReadQueue", queue);',
    'ret = SetDispatchQueue("Missing", queue);',
    'RegisterService();',
    'helper(1, SUPERDISPATCH);',
    'return kIOReturnSuccess;',
    'OSSafeReleaseNULL(ivars->action);',
  ),
  sourceToken,
);

const method: fc.Arbitrary<MethodShape> = fc.record({
  returnType: fc.constantFrom(...TYPES),
  name: fc.constantFrom(...METHOD_NAMES),
  parameters: fc.array(parameter, { maxLength: 5 }),
  virtual: fc.boolean(),
  override: fc.boolean(),
  pure: fc.nat({ max: 9 }).map((n) => n === 0),
  attributes: fc.array(attributeToken, { maxLength: 3 }),
  form: fc.constantFrom('IMPL', 'member', 'none'),
  body: fc.array(statement, { maxLength: 6 }),
});

const classShape = fc.record({
  name: fc.constantFrom('FuzzDriver', 'FuzzClient', 'FuzzDevice', 'Fuzz_Driver2'),
  base: fc.constantFrom(...CLASS_NAMES),
  keyword: fc.constantFrom('class', 'class', 'struct'),
  headAttributes: fc.array(fc.constantFrom('KERNEL', 'NATIVE', 'LOCAL', 'EXTENDS(IOService)', 'KERNAL'), { maxLength: 2 }),
  includes: fc.subarray(preprocessor.filter((p) => p.startsWith('#include <'))),
  methods: fc.array(method, { maxLength: 8 }),
  dataMembers: fc.array(fc.tuple(fc.constantFrom(...TYPES), fc.constantFrom('count', 'buffer[4]', 'pipe')), { maxLength: 2 }),
  ivars: fc.boolean(),
  structors: fc.nat({ max: 9 }).map((n) => n === 0),
});

/** Random tokens dropped at random offsets of a text. */
function withNoise(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(fc.tuple(fc.nat(), sourceToken), { maxLength: 6 })).map(([base, noise]) => {
    let out = base;
    for (const [at, token] of noise) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + token + out.slice(i);
    }
    return out;
  });
}

/** A .iig declaring one class and a .cpp implementing (some of) it, each with a little noise. */
export const classPair: fc.Arbitrary<{ iig: string; cpp: string }> = classShape.chain((shape) => {
  const declarations = shape.methods.map((m) => `    ${m.virtual ? 'virtual ' : ''}${m.returnType} ${m.name}(${m.parameters.join(', ')})${m.override ? ' override' : ''}${m.attributes.map((a) => ` ${a}`).join('')}${m.pure ? ' = 0' : ''};`);
  const members = shape.dataMembers.map(([type, name]) => `    ${type} ${name};`);
  const iig = [
    ...shape.includes,
    `${shape.keyword} ${shape.headAttributes.join(' ')} ${shape.name} : public ${shape.base}`,
    '{',
    'public:',
    ...declarations,
    ...members,
    shape.structors ? `    OSDeclareDefaultStructors(${shape.name})` : '',
    '};',
    '',
  ].join('\n');
  const definitions = shape.methods
    .filter((m) => m.form !== 'none')
    .map((m) => {
      const head = m.form === 'IMPL' ? `IMPL(${shape.name}, ${m.name})` : `${shape.name}::${m.name}`;
      return `${m.returnType}\n${head}(${m.parameters.join(', ')})\n{\n    kern_return_t ret = 0;\n${m.body.map((s) => `    ${s}`).join('\n')}\n}\n`;
    });
  const cpp = [
    '#include <DriverKit/IOLib.h>',
    `#include "${shape.name}.h"`,
    shape.ivars ? `struct ${shape.name}_IVars {\n    IOService * provider;\n    uint32_t count;\n};\n` : '',
    ...definitions,
    '',
  ].join('\n');
  return fc.record({ iig: withNoise(fc.constant(iig)), cpp: withNoise(fc.constant(cpp)) });
});
