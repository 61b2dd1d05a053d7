/**
 * The decoder against decodings worked out by hand from HID 1.11 (section 6.2.2, the item prefix
 * bSize/bType/bTag; 6.2.2.4–6.2.2.8 main, global and local items) for the four valid fixtures of
 * test/fixtures/hid/valid. Each row: byte offset, the item's bytes, its name and value, and the
 * collection depth it stands at. Report lengths: Report Size × Report Count summed per report,
 * rounded up to bytes, plus the Report ID byte when the descriptor uses IDs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileDescriptors } from '../../../core/hid/hidIndex';
import { isDecoded, type DecodedFound } from '../../../core/hid/descriptors';
import { reportBytes } from '../../../core/hid/decode';
import { itemLabel } from '../../../core/hid/describe';
import { fixture } from '../../support/lspClient';
import { workspaceOf } from '../../support/analysis';

const VALID = fixture('hid', 'valid');

type Row = [offset: number, bytes: string, label: string, depth: number];

async function decodedIn(file: string): Promise<DecodedFound> {
  const workspace = await workspaceOf(VALID);
  const found = fileDescriptors(workspace, join(VALID, file));
  assert.equal(found.length, 1, `one descriptor in ${file}`);
  assert.ok(isDecoded(found[0]), found[0].unreadable?.reason);
  workspace.dispose();
  return found[0] as DecodedFound;
}

function rows(found: DecodedFound): Row[] {
  return found.decoded.items.map((d, i) => [
    d.item.index,
    found.bytes.values.slice(d.item.index, d.item.index + d.item.length).map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '),
    itemLabel(found.decoded, i),
    d.depth,
  ]);
}

function reports(found: DecodedFound): string[] {
  return found.decoded.reports.map((r) => `${r.direction} ${r.id ?? '-'}: ${r.bits} bits, ${reportBytes(r, found.decoded.usesReportIds)} bytes`);
}

test('keyboard: modifier bits, a reserved byte, LED output with padding, six key codes', async () => {
  const found = await decodedIn('KeyboardDevice.cpp');
  assert.equal(found.bytes.values.length, 63);
  assert.deepEqual(rows(found), [
    [0, '05 01', 'Usage Page (Generic Desktop)', 0],
    [2, '09 06', 'Usage (Keyboard)', 0],
    [4, 'A1 01', 'Collection (Application)', 0],
    [6, '05 07', 'Usage Page (Keyboard/Keypad)', 1],
    [8, '19 E0', 'Usage Minimum (Left Control)', 1],
    [10, '29 E7', 'Usage Maximum (Right GUI)', 1],
    [12, '15 00', 'Logical Minimum (0)', 1],
    [14, '25 01', 'Logical Maximum (1)', 1],
    [16, '75 01', 'Report Size (1)', 1],
    [18, '95 08', 'Report Count (8)', 1],
    [20, '81 02', 'Input (Data, Variable, Absolute)', 1],
    [22, '95 01', 'Report Count (1)', 1],
    [24, '75 08', 'Report Size (8)', 1],
    [26, '81 01', 'Input (Constant, Array, Absolute)', 1],
    [28, '05 08', 'Usage Page (LED)', 1],
    [30, '19 01', 'Usage Minimum (Num Lock)', 1],
    [32, '29 03', 'Usage Maximum (Scroll Lock)', 1],
    [34, '95 03', 'Report Count (3)', 1],
    [36, '75 01', 'Report Size (1)', 1],
    [38, '91 02', 'Output (Data, Variable, Absolute)', 1],
    [40, '95 01', 'Report Count (1)', 1],
    [42, '75 05', 'Report Size (5)', 1],
    [44, '91 01', 'Output (Constant, Array, Absolute)', 1],
    [46, '05 07', 'Usage Page (Keyboard/Keypad)', 1],
    [48, '19 00', 'Usage Minimum (No Event)', 1],
    [50, '29 65', 'Usage Maximum (Application)', 1],
    [52, '15 00', 'Logical Minimum (0)', 1],
    [54, '25 65', 'Logical Maximum (101)', 1],
    [56, '95 06', 'Report Count (6)', 1],
    [58, '75 08', 'Report Size (8)', 1],
    [60, '81 00', 'Input (Data, Array, Absolute)', 1],
    [62, 'C0', 'End Collection', 0],
  ]);
  // 8×1 + 1×8 + 6×8 = 64 input bits; 3×1 + 1×5 = 8 output bits; no Report ID.
  assert.deepEqual(reports(found), ['Input -: 64 bits, 8 bytes', 'Output -: 8 bits, 1 bytes']);
  const keys = found.decoded.items[30].field!;
  assert.deepEqual([keys.bitOffset, keys.bits, keys.variable], [16, 48, false]);
});

test('mouse: nested collections, signed 16-bit and 8-bit extents, relative axes', async () => {
  const found = await decodedIn('MouseDevice.cpp');
  assert.equal(found.bytes.values.length, 64);
  assert.deepEqual(rows(found), [
    [0, '05 01', 'Usage Page (Generic Desktop)', 0],
    [2, '09 02', 'Usage (Mouse)', 0],
    [4, 'A1 01', 'Collection (Application)', 0],
    [6, '09 01', 'Usage (Pointer)', 1],
    [8, 'A1 00', 'Collection (Physical)', 1],
    [10, '05 09', 'Usage Page (Button)', 2],
    [12, '19 01', 'Usage Minimum (Button 1)', 2],
    [14, '29 05', 'Usage Maximum (Button 5)', 2],
    [16, '15 00', 'Logical Minimum (0)', 2],
    [18, '25 01', 'Logical Maximum (1)', 2],
    [20, '95 05', 'Report Count (5)', 2],
    [22, '75 01', 'Report Size (1)', 2],
    [24, '81 02', 'Input (Data, Variable, Absolute)', 2],
    [26, '95 01', 'Report Count (1)', 2],
    [28, '75 03', 'Report Size (3)', 2],
    [30, '81 03', 'Input (Constant, Variable, Absolute)', 2],
    [32, '05 01', 'Usage Page (Generic Desktop)', 2],
    [34, '09 30', 'Usage (X)', 2],
    [36, '09 31', 'Usage (Y)', 2],
    // 0x8001 in two bytes, top bit set: -32767.
    [38, '16 01 80', 'Logical Minimum (-32767)', 2],
    // The minimum is negative, so the maximum is signed too: 0x7FFF is 32767.
    [41, '26 FF 7F', 'Logical Maximum (32767)', 2],
    [44, '75 10', 'Report Size (16)', 2],
    [46, '95 02', 'Report Count (2)', 2],
    [48, '81 06', 'Input (Data, Variable, Relative)', 2],
    [50, '09 38', 'Usage (Wheel)', 2],
    [52, '15 81', 'Logical Minimum (-127)', 2],
    [54, '25 7F', 'Logical Maximum (127)', 2],
    [56, '75 08', 'Report Size (8)', 2],
    [58, '95 01', 'Report Count (1)', 2],
    [60, '81 06', 'Input (Data, Variable, Relative)', 2],
    [62, 'C0', 'End Collection', 1],
    [63, 'C0', 'End Collection', 0],
  ]);
  // 5 + 3 + 2×16 + 8 = 48 bits.
  assert.deepEqual(reports(found), ['Input -: 48 bits, 6 bytes']);
  assert.deepEqual(found.decoded.unclosed, []);
});

test('gamepad (in a header, under a plain name): three numbered reports, a hat switch with units', async () => {
  const found = await decodedIn('GamepadReports.h');
  assert.equal(found.evidence, 'returned');
  assert.equal(found.bytes.values.length, 95);
  assert.deepEqual(rows(found), [
    [0, '05 01', 'Usage Page (Generic Desktop)', 0],
    [2, '09 05', 'Usage (Game Pad)', 0],
    [4, 'A1 01', 'Collection (Application)', 0],
    [6, '85 01', 'Report ID (1)', 1],
    [8, '05 09', 'Usage Page (Button)', 1],
    [10, '19 01', 'Usage Minimum (Button 1)', 1],
    [12, '29 10', 'Usage Maximum (Button 16)', 1],
    [14, '15 00', 'Logical Minimum (0)', 1],
    [16, '25 01', 'Logical Maximum (1)', 1],
    [18, '75 01', 'Report Size (1)', 1],
    [20, '95 10', 'Report Count (16)', 1],
    [22, '81 02', 'Input (Data, Variable, Absolute)', 1],
    [24, '05 01', 'Usage Page (Generic Desktop)', 1],
    [26, '09 30', 'Usage (X)', 1],
    [28, '09 31', 'Usage (Y)', 1],
    [30, '09 32', 'Usage (Z)', 1],
    [32, '09 35', 'Usage (Rz)', 1],
    [34, '15 00', 'Logical Minimum (0)', 1],
    // A non-negative minimum leaves the maximum unsigned: 0x00FF is 255.
    [36, '26 FF 00', 'Logical Maximum (255)', 1],
    [39, '75 08', 'Report Size (8)', 1],
    [41, '95 04', 'Report Count (4)', 1],
    [43, '81 02', 'Input (Data, Variable, Absolute)', 1],
    [45, '09 39', 'Usage (Hat Switch)', 1],
    [47, '15 00', 'Logical Minimum (0)', 1],
    [49, '25 07', 'Logical Maximum (7)', 1],
    [51, '35 00', 'Physical Minimum (0)', 1],
    [53, '46 3B 01', 'Physical Maximum (315)', 1],
    // System nibble 4 (English Rotation), length nibble 1: degrees.
    [56, '65 14', 'Unit (English Rotation: deg)', 1],
    [58, '75 04', 'Report Size (4)', 1],
    [60, '95 01', 'Report Count (1)', 1],
    [62, '81 42', 'Input (Data, Variable, Absolute, Null State)', 1],
    [64, '65 00', 'Unit (None)', 1],
    [66, '81 03', 'Input (Constant, Variable, Absolute)', 1],
    [68, '85 02', 'Report ID (2)', 1],
    [70, '06 00 FF', 'Usage Page (Vendor-defined 0xFF00)', 1],
    [73, '09 01', 'Usage (0x01)', 1],
    [75, '09 02', 'Usage (0x02)', 1],
    [77, '26 FF 00', 'Logical Maximum (255)', 1],
    [80, '75 08', 'Report Size (8)', 1],
    [82, '95 02', 'Report Count (2)', 1],
    [84, '91 02', 'Output (Data, Variable, Absolute)', 1],
    [86, '85 03', 'Report ID (3)', 1],
    [88, '09 10', 'Usage (0x10)', 1],
    [90, '95 04', 'Report Count (4)', 1],
    [92, 'B1 02', 'Feature (Data, Variable, Absolute)', 1],
    [94, 'C0', 'End Collection', 0],
  ]);
  // Report 1: 16 + 4×8 + 4 + 4 = 56 bits; report 2: 2×8; report 3: 4×8; each with its ID byte.
  assert.deepEqual(reports(found), ['Input 1: 56 bits, 8 bytes', 'Output 2: 16 bits, 3 bytes', 'Feature 3: 32 bits, 5 bytes']);
  // The padding after the hat keeps Report Size 4 and Report Count 1 from before.
  assert.deepEqual([found.decoded.items[32].field!.bitOffset, found.decoded.items[32].field!.bits], [52, 4]);
});

test('vendor-defined: a macro-written usage page, Push and Pop, a 32-bit usage', async () => {
  const found = await decodedIn('VendorDevice.cpp');
  assert.equal(found.bytes.values.length, 44);
  assert.deepEqual(rows(found), [
    // VENDOR_PAGE(0xFF42) expands to 0x06, 0x42, 0xFF.
    [0, '06 42 FF', 'Usage Page (Vendor-defined 0xFF42)', 0],
    [3, '09 01', 'Usage (0x01)', 0],
    [5, 'A1 01', 'Collection (Application)', 0],
    [7, 'A4', 'Push', 1],
    [8, '15 81', 'Logical Minimum (-127)', 1],
    [10, '25 7F', 'Logical Maximum (127)', 1],
    [12, '75 08', 'Report Size (8)', 1],
    [14, '95 20', 'Report Count (32)', 1],
    [16, '09 02', 'Usage (0x02)', 1],
    [18, '81 02', 'Input (Data, Variable, Absolute)', 1],
    [20, 'B4', 'Pop', 1],
    [21, '15 00', 'Logical Minimum (0)', 1],
    [23, '26 FF 00', 'Logical Maximum (255)', 1],
    [26, '75 08', 'Report Size (8)', 1],
    [28, '95 20', 'Report Count (32)', 1],
    // bSize 3 (four bytes): the high half is the usage's own page.
    [30, '0B 03 00 42 FF', 'Usage (Vendor-defined 0xFF42: 0x03)', 1],
    [35, '91 02', 'Output (Data, Variable, Absolute)', 1],
    [37, '95 08', 'Report Count (8)', 1],
    [39, '09 04', 'Usage (0x04)', 1],
    [41, 'B1 02', 'Feature (Data, Variable, Absolute)', 1],
    [43, 'C0', 'End Collection', 0],
  ]);
  assert.deepEqual(reports(found), ['Input -: 256 bits, 32 bytes', 'Output -: 256 bits, 32 bytes', 'Feature -: 64 bits, 8 bytes']);
  // Pop restores what Push saved: the page only; the extents and sizes set after Push are gone.
  const afterPop = found.decoded.items[10].global;
  assert.deepEqual(afterPop, { usagePage: 0xff42 });
});
