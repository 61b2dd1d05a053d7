/**
 * Which arrays are report descriptors, how their elements are read, and when the checker stays
 * silent because it cannot be sure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../../core/hid/constExpr';
import { definitionsIn, readArrayBytes } from '../../../core/hid/arrayBytes';
import { descriptorsOf, isDecoded, mayHoldReportDescriptor } from '../../../core/hid/descriptors';
import { checkHid } from '../../../core/rules/checkHid';
import { parseCpp, parseIig } from '../../support/analysis';

test('integer constant expressions: literals of every base, characters, casts, operators', () => {
  const cases: [string, number | undefined][] = [
    ['0x1F', 31], ['0X1f', 31], ['017', 15], ['0b101', 5], ['1\'000', 1000], ['255u', 255], ['0xFFUL', 255], ['0', 0],
    ["'A'", 65], ["'\\x05'", 5], ["'\\0'", 0], ["'\\177'", 127], ["'\\n'", 10],
    ['(uint8_t)0x1234', 0x34], ['static_cast<uint8_t>(300)', 44], ['(int8_t)0xFF', -1], ['uint8_t(0x101)', 1],
    ['0x80 | 0x01', 0x81], ['(1 << 4) + 2', 18], ['-1', -1], ['~0 & 0xFF', 255], ['0x1234 >> 8', 0x12],
    ['foo', undefined], ['f(1)', undefined], ['"x"', undefined], ['1.5', undefined], ['1 / 0', undefined], ["'ab'", undefined],
  ];
  for (const [text, value] of cases) assert.equal(evaluate(text), value, text);
  assert.equal(evaluate('HID_PAGE + 1', (name) => (name === 'HID_PAGE' ? '0x04' : undefined)), 5);
});

test('array elements: comments and character literals kept apart, macros expanded, the rest refused', () => {
  const text = `#define PAGE(p) 0x05, (p)
#define COUNT 0x95, 0x02
static const uint8_t ROUND = 0x10;
x = { PAGE(0x01), /* a, b */ 'A', // c, d
  COUNT, ROUND, (uint8_t)0x1FF, };`;
  const open = text.indexOf('{');
  const read = readArrayBytes(text, { start: open, end: text.lastIndexOf('}') + 1 }, definitionsIn(text));
  assert.ok('bytes' in read);
  assert.deepEqual(read.bytes.values, [0x05, 0x01, 0x41, 0x95, 0x02, 0x10, 0xff]);
  // Both bytes of PAGE(0x01) point at the macro call.
  assert.equal(text.slice(read.bytes.starts[1], read.bytes.ends[1]), 'PAGE(0x01)');
  const refused = (inside: string): string | undefined => {
    const t = `x = {${inside}};`;
    const r = readArrayBytes(t, { start: 4, end: t.length - 1 }, definitionsIn(t));
    return 'unreadable' in r ? r.unreadable : undefined;
  };
  assert.match(refused('0x05, UNKNOWN_MACRO, 0x01') ?? '', /UNKNOWN_MACRO/);
  assert.match(refused('0x05, 0x100') ?? '', /not a byte/);
  assert.match(refused('0x05,\n#if FOO\n0x01,\n#endif\n') ?? '', /preprocessor/);
  assert.match(refused('"\\x05\\x01"') ?? '', /string/);
  assert.match(refused('{1, 2}, {3, 4}') ?? '', /brace lists/);
});

test('a macro of an included header may stand for the whole list', () => {
  const text = 'x = {HEADER_BYTES};';
  const included = (name: string) => (name === 'HEADER_BYTES' ? '0x05, 0x01, 0x09, 0x06,' : undefined);
  const read = readArrayBytes(text, { start: 4, end: text.length - 1 }, definitionsIn(text, included));
  assert.ok('bytes' in read);
  assert.deepEqual(read.bytes.values, [0x05, 0x01, 0x09, 0x06]);
});

test('a name defined twice (two arms of an #if) is not guessed', () => {
  const text = '#if A\n#define X 0x01\n#else\n#define X 0x02\n#endif\n';
  assert.equal(definitionsIn(text).names('X'), undefined);
});

const KEYBOARD = '0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x75, 0x08, 0x95, 0x08, 0x81, 0x02, 0xC0';

test('an array is a descriptor when returned, named like one, or opening as one does', async () => {
  const source = `
static const uint8_t kReportDescriptor[] = { ${KEYBOARD} };
static const uint8_t kPlain[] = { ${KEYBOARD} };
static const uint8_t kReturned[] = { 0x09, 0x01, 0xA1, 0x01, 0xC0 };
static const uint8_t kTable[] = { 0x01, 0x02, 0x03, 0x04 };
static const uint8_t kStartsWithPage[] = { 0x05, 0x01, 0x02, 0x03 };
OSData * Foo::newReportDescriptor() {
  static const uint8_t local[] = { ${KEYBOARD} };
  return kReturned ? OSData::withBytes(local, sizeof(local)) : nullptr;
}`;
  const found = descriptorsOf(source, await parseCpp(source));
  assert.deepEqual(found.map((d) => `${d.array.name}:${d.evidence}`), ['kReportDescriptor:name', 'kPlain:shape', 'kReturned:returned', 'local:returned']);
});

test('an array a HID class wraps in OSData::withBytes outside newReportDescriptor is one when it reads like one', async () => {
  const source = `
typedef uint8_t Octet;
static const Octet kBytes[] = { ${KEYBOARD} };
static const Octet kSerial[] = { 0x31, 0x32, 0x33 };
static const Octet kOther[] = { ${KEYBOARD} };
bool Kb::handleStart(IOService * provider) {
  ivars->descriptor = OSData::withBytes((const void *) kBytes, sizeof(kBytes));
  ivars->serial = OSData::withBytes(kSerial, sizeof(kSerial));
  return true;
}
OSData * Kb::newReportDescriptor() { ivars->descriptor->retain(); return ivars->descriptor; }
bool NotHid::Start(IOService * provider) { data = OSData::withBytes(kOther, sizeof(kOther)); return true; }`;
  const found = descriptorsOf(source, await parseCpp(source));
  // kSerial is wrapped too but opens like no descriptor; kOther is wrapped by a class with no newReportDescriptor.
  assert.deepEqual(found.map((d) => `${d.array.name}:${d.evidence}`), ['kBytes:passed']);
});

test('no descriptor: a zero placeholder, a wide element type, a named array that opens like none', async () => {
  const source = `
static constexpr uint8_t kMyReportDescriptor[] = {0};
static const uint32_t kReportDescriptorWords[] = { ${KEYBOARD} };
static const uint8_t kReportDescriptorLengths[] = { 0x10, 0x20, 0x30 };
OSData * Foo::newReportDescriptor() { return OSData::withBytes(kMyReportDescriptor, 0); }`;
  assert.deepEqual(descriptorsOf(source, await parseCpp(source)), []);
});

test('items newReportDescriptor splices into its whole descriptor are no descriptor of their own', async () => {
  const source = `
IOReturn Dial::newReportDescriptor(IOMemoryDescriptor ** out) const {
  uint8_t base[] = { 0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x00, 0x00, 0x00, 0x00, 0xC0 };
  if (_hasDial) {
    uint8_t dial[] = { 0x09, 0x37, 0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06 };
    memcpy(&base[12], dial, 4);
  }
  return copy(base, out);
}`;
  assert.deepEqual(descriptorsOf(source, await parseCpp(source)).map((f) => f.array.name), ['base']);
  // Returned alone, the same bytes are judged.
  const alone = `IOReturn Dial::newReportDescriptor(IOMemoryDescriptor ** out) const {
  uint8_t dial[] = { 0x09, 0x37, 0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06 };
  return copy(dial, out);
}`;
  assert.deepEqual(descriptorsOf(alone, await parseCpp(alone)).map((f) => f.array.name), ['dial']);
});

test('a descriptor one element of which cannot be evaluated is not decoded, and says why', async () => {
  const source = `static const uint8_t kReportDescriptor[] = { 0x05, 0x01, SOME_MACRO(3), 0xC0 };`;
  const [found] = descriptorsOf(source, await parseCpp(source));
  assert.equal(isDecoded(found), false);
  assert.match(found.unreadable!.reason, /SOME_MACRO\(3\)/);
  assert.deepEqual(checkHid({ path: 'x.cpp', descriptors: [], lengthSites: [] }), []);
});

test('headers are kept for their descriptors: a named array, or one starting with a Usage Page prefix', async () => {
  assert.equal(mayHoldReportDescriptor('const unsigned char gamepad_report_desc[] = {'), true);
  assert.equal(mayHoldReportDescriptor('uint8_t x[] = {\n  // page\n  0x05, 0x01,'), true);
  assert.equal(mayHoldReportDescriptor('uint8_t x[] = { 0x12, 0x01 };'), false);
  const header = `static const unsigned char DeviceReportDescriptor[] = { ${KEYBOARD} };`;
  const [found] = descriptorsOf(header, await parseIig(header));
  assert.equal(found.evidence, 'name');
});

/** The rule ids a source's descriptors give. */
async function codes(body: string): Promise<string[]> {
  const source = `static const uint8_t kReportDescriptor[] = { ${body} };`;
  const descriptors = descriptorsOf(source, await parseCpp(source)).filter(isDecoded);
  assert.equal(descriptors.length, 1, 'the array is a descriptor');
  return checkHid({ path: 'x.cpp', descriptors, lengthSites: [] }).map((f) => f.code);
}

test('silent where the descriptor is right, however it is written', async () => {
  // 0…255 with a one-byte 0xFF maximum: a non-negative minimum makes the maximum unsigned.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x15, 0x00, 0x25, 0xFF, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xC0'), []);
  // An inverted range on a constant (padding) field is not judged.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x15, 0x05, 0x25, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01, 0xC0'), []);
  // A 32-bit usage needs no Usage Page; a Usage Page later in the block completes a 16-bit one.
  assert.deepEqual(await codes('0x0A, 0x06, 0x00, 0x0B, 0x06, 0x00, 0x01, 0x00, 0xA1, 0x01, 0x09, 0x30, 0x05, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xC0').then((c) => c.filter((x) => x === 'hid.usage-without-page')), ['hid.usage-without-page']);
  assert.deepEqual(await codes('0x0B, 0x06, 0x00, 0x01, 0x00, 0xA1, 0x01, 0x09, 0x30, 0x05, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xC0'), []);
  // A vendor-defined long item (tag 0xF0–0xFF) is no unknown tag.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0xFE, 0x01, 0xF0, 0x00, 0xC0'), []);
  // Reports with no data bits need no ID; reports all numbered.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x95, 0x00, 0x81, 0x03, 0x85, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xC0'), []);
});

test('0x00 bytes after an End Collection are room left in a template, not unknown items', async () => {
  // A pointer collection, four zero bytes kept for a patch, then the application's End Collection.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x01, 0xA1, 0x00, 0x09, 0x30, 0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06, 0xC0, 0x00, 0x00, 0x00, 0x00, 0xC0'), []);
  // Checking goes on past them: the collection left open after the room is still found.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x01, 0xA1, 0x00, 0x09, 0x30, 0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06, 0xC0, 0x00, 0x00'), ['hid.unbalanced-collection']);
  // A 0x00 after an item with data may be that item's stray byte: still reported.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x75, 0x08, 0x00, 0x95, 0x01, 0x81, 0x02, 0xC0'), ['hid.unknown-tag']);
});

test('past a reserved item nothing else is judged (the bytes may be out of step)', async () => {
  // Unclosed collection, but after a reserved tag: only the tag is reported.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x75, 0x03, 0x95, 0x01, 0x81, 0x02, 0xF4'), ['hid.unknown-tag']);
});

test('a template whose room (a run of zero bytes) is filled at run time, and a piece spliced into it, are not judged', async () => {
  // A knob device: its descriptor keeps room for a dial's items, which the method copies in from a
  // second array when the knob has a dial. The room is not what the host gets; the piece has the
  // descriptor's Usage Page.
  const source = `
IOReturn KnobDevice::newReportDescriptor(IOMemoryDescriptor **descriptor) const
{
    UInt8 knobDesc[] = {
        0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x05, 0x09, 0x19, 0x01, 0x29, 0x02, 0x15, 0x00, 0x25, 0x01,
        0x95, 0x02, 0x75, 0x01, 0x81, 0x02, 0x95, 0x06, 0x81, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xC0,
    };
    UInt8 dialDesc[] = { 0x09, 0x38, 0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x01, 0x81, 0x06 };
    bcopy(knobDesc, buffer, sizeof(knobDesc));
    if (hasDial) bcopy(dialDesc, buffer + 26, sizeof(dialDesc));
    return kIOReturnSuccess;
}`;
  const found = descriptorsOf(source, await parseCpp(source));
  assert.deepEqual(found.map((f) => f.array.name), ['knobDesc']);
  assert.equal(isDecoded(found[0]), false);
  assert.match(found[0].unreadable!.reason, /zero bytes/);
  // One stray zero byte is still read, and reported.
  assert.deepEqual(await codes('0x05, 0x01, 0x09, 0x30, 0xA1, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x00, 0xC0'), ['hid.unknown-tag']);
});

test('a header with long blank runs between comments before its first element is judged at once (no backtracking blow-up)', { timeout: 60_000 }, () => {
  // Real headers (a Wi-Fi driver's register tables) write `{ /* Legacy */    /* HT */ …`: each blank
  // run once took time exponential in its length. The time-out only stops a hang; it measures nothing.
  const blanks = ' '.repeat(40);
  const header = `static const uint32_t rates[] = {${blanks}/* Legacy */${blanks}/* HT */${blanks}0x0a, 0x14 };\n`.repeat(50);
  assert.equal(mayHoldReportDescriptor(header), false);
  assert.equal(mayHoldReportDescriptor(`static const uint8_t d[] = {${blanks}/* page */${blanks}0x05, 0x01 };`), true, 'a Usage Page prefix after blanks and comments still counts');
});
