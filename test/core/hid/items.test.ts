/** Item reading (HID 1.11 section 6.2.2.2 short items, 6.2.2.3 long items) and data values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readItems, signedValue, unsignedValue } from '../../../core/hid/items';
import { decodeDescriptor, extentsOf, unitExponentOf } from '../../../core/hid/decode';
import { unitText } from '../../../core/hid/describe';

test('bSize 0, 1, 2 and 3 (four bytes), bType and bTag come from the prefix byte', () => {
  const items = readItems([0xc0, 0x05, 0x01, 0x26, 0xff, 0x00, 0x0b, 0x03, 0x00, 0x42, 0xff]);
  assert.deepEqual(
    items.map((i) => [i.index, i.length, i.type, i.tag, i.size, i.name]),
    [
      [0, 1, 'main', 0xc, 0, 'End Collection'],
      [1, 2, 'global', 0x0, 1, 'Usage Page'],
      [3, 3, 'global', 0x2, 2, 'Logical Maximum'],
      [6, 5, 'local', 0x0, 4, 'Usage'],
    ],
  );
});

test('reserved tags have no name: main 0x0–0x7 and 0xD–0xF, global 0xC–0xF, local 0x6 and 0xB–0xF, type 3', () => {
  const names = readItems([0x00, 0x70, 0xd0, 0xc4, 0xf4, 0x68, 0xb8, 0x0c]).map((i) => i.name);
  assert.deepEqual(names, [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  assert.deepEqual(readItems([0xa4, 0xb4, 0xa8, 0x78]).map((i) => i.name), ['Push', 'Pop', 'Delimiter', 'String Index']);
});

test('a long item: 0xFE, bDataSize, bLongItemTag, then the data', () => {
  const [item, next] = readItems([0xfe, 0x02, 0xf1, 0xaa, 0xbb, 0xc0]);
  assert.deepEqual([item.type, item.tag, item.size, item.data, item.length], ['long', 0xf1, 2, [0xaa, 0xbb], 5]);
  assert.equal(next.name, 'End Collection');
});

test('an item cut off by the end is kept, marked truncated, and ends the stream', () => {
  const items = readItems([0x05, 0x01, 0x26, 0xff]);
  assert.equal(items.length, 2);
  assert.deepEqual([items[1].truncated, items[1].size, items[1].data], [true, 2, [0xff]]);
  assert.equal(readItems([0xfe, 0x05]).at(-1)?.truncated, true);
});

test('data is little-endian; signed values are two\'s complement of the size written', () => {
  const [a, b, c, d] = readItems([0x15, 0x81, 0x16, 0x01, 0x80, 0x26, 0xff, 0x00, 0x27, 0xff, 0xff, 0xff, 0xff]);
  assert.deepEqual([unsignedValue(a), signedValue(a)], [0x81, -127]);
  assert.deepEqual([unsignedValue(b), signedValue(b)], [0x8001, -32767]);
  assert.deepEqual([unsignedValue(c), signedValue(c)], [255, 255]);
  assert.deepEqual([unsignedValue(d), signedValue(d)], [0xffffffff, -1]);
});

test('extents: the maximum is signed only when the minimum is negative', () => {
  const extents = (bytes: number[]) => {
    const decoded = decodeDescriptor(bytes);
    return extentsOf(decoded.items, 0, 1);
  };
  assert.deepEqual(extents([0x15, 0x00, 0x25, 0xff]), { minimum: 0, maximum: 255 });
  assert.deepEqual(extents([0x15, 0x81, 0x25, 0x7f]), { minimum: -127, maximum: 127 });
  assert.deepEqual(extents([0x15, 0xff, 0x25, 0xff]), { minimum: -1, maximum: -1 });
  assert.deepEqual(extents([0x15, 0x80, 0x26, 0xff, 0x00]), { minimum: -128, maximum: 255 });
});

test('unit exponents are 4-bit codes in one byte; units name their system and base units', () => {
  const [a, b] = readItems([0x55, 0x0e, 0x55, 0x03]);
  assert.deepEqual([unitExponentOf(a), unitExponentOf(b)], [-2, 3]);
  assert.equal(unitText(0x14), 'English Rotation: deg');
  assert.equal(unitText(0x11), 'SI Linear: cm');
  assert.equal(unitText(0xf011), 'SI Linear: cm·s^-1');
  assert.equal(unitText(0), 'None');
});

test('local state is cleared after every main item; Collection takes the first usage', () => {
  const decoded = decodeDescriptor([0x05, 0x01, 0x09, 0x02, 0x09, 0x01, 0xa1, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x01, 0xc0]);
  assert.deepEqual(decoded.items[3].collection?.usage?.id, 0x02);
  assert.deepEqual(decoded.items[3].local.usages.map((u) => u.id), [0x02, 0x01]);
  assert.deepEqual(decoded.items[4].local.usages, []);
  assert.deepEqual(decoded.items[6].field?.usages, []);
});

test('a Usage Page after the usages of a block still completes them at the main item', () => {
  const decoded = decodeDescriptor([0x09, 0x30, 0x05, 0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02]);
  assert.equal(decoded.items[0].local.usages[0].page, undefined);
  assert.equal(decoded.items[4].field?.usages[0].page, 0x01);
});

test('a Pop with nothing pushed is noted and changes nothing', () => {
  const decoded = decodeDescriptor([0x05, 0x01, 0xb4, 0x09, 0x30]);
  assert.equal(decoded.items[1].popWithoutPush, true);
  assert.equal(decoded.items[2].global.usagePage, 1);
});
