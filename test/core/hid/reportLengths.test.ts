/**
 * Which report lengths the code states are tied to the descriptor's reports: handleReport's literal
 * to the reports of its direction, getReport's successful CompleteReport count to any report; and
 * everything uncertain (names, other classes, failures, zero counts) left alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { descriptorsOf, isDecoded, type DecodedFound } from '../../../core/hid/descriptors';
import { reportLengthSites } from '../../../core/hid/reportLengths';
import { checkHid } from '../../../core/rules/checkHid';
import { parseCpp } from '../../support/analysis';

// Two numbered input reports (1: ID + 2 bytes = 3; 2: ID + 1 byte = 2) and a feature report (3: ID + 4 bytes = 5).
const DESCRIPTOR = `static const uint8_t kBytes[] = {
  0x05, 0x01, 0x09, 0x05, 0xA1, 0x01,
  0x85, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02,
  0x85, 0x02, 0x09, 0x32, 0x95, 0x01, 0x81, 0x02,
  0x85, 0x03, 0x09, 0x33, 0x95, 0x04, 0xB1, 0x02,
  0xC0,
};
OSData * Pad::newReportDescriptor() { return OSData::withBytes(kBytes, sizeof(kBytes)); }
`;

async function sites(body: string): Promise<{ lengths: [number, number[]][]; flagged: string[]; messages: string[] }> {
  const text = DESCRIPTOR + body;
  const file = await parseCpp(text);
  const found = descriptorsOf(text, file).filter(isDecoded);
  assert.equal(found.length, 1);
  const descriptor: DecodedFound = found[0];
  const tied = reportLengthSites(text, file, (className) => (className === 'Pad' ? { path: 'Pad.cpp', found: descriptor } : undefined));
  const findings = checkHid({ path: 'Pad.cpp', descriptors: [], lengthSites: tied });
  return { lengths: tied.map((s) => [s.length, [...s.reportLengths]]), flagged: findings.map((f) => text.slice(f.span.start, f.span.end)), messages: findings.map((f) => f.message) };
}

test('handleReport: the literal is one of the lengths of the reports of its direction', async () => {
  const { lengths, flagged } = await sites(`
kern_return_t Pad::send(IOMemoryDescriptor * r) {
  handleReport(mach_absolute_time(), r, 3, kIOHIDReportTypeInput, 0);
  handleReport(mach_absolute_time(), r, 2, kIOHIDReportTypeInput, 0);
  handleReport(mach_absolute_time(), r, 4, kIOHIDReportTypeInput, 0);
  handleReport(mach_absolute_time(), r, 5, kIOHIDReportTypeFeature, 0);
  handleReport(mach_absolute_time(), r, 3, kIOHIDReportTypeOutput, 0);
  handleReport(mach_absolute_time(), r, kLength, kIOHIDReportTypeInput, 0);
  handleReport(mach_absolute_time(), r, 9, type, 0);
  handleReport(mach_absolute_time(), r, 2);
  handleReport(mach_absolute_time(), r, 5);
  return kIOReturnSuccess;
}
kern_return_t Other::send(IOMemoryDescriptor * r) { return handleReport(0, r, 9, kIOHIDReportTypeInput, 0); }
`);
  // No Output report: nothing to compare with. A name, an unknown type, another class: not tied.
  // With the type left out it is Input.
  assert.deepEqual(lengths, [[3, [3, 2]], [2, [3, 2]], [4, [3, 2]], [5, [5]], [2, [3, 2]], [5, [3, 2]]]);
  assert.deepEqual(flagged, ['4', '5']);
});

test('getReport: a successful CompleteReport count is the length of some report; failures and zero are not judged', async () => {
  const { lengths, flagged, messages } = await sites(`
kern_return_t Pad::getReport(IOMemoryDescriptor * report, IOHIDReportType type, IOOptionBits options, uint32_t timeout, OSAction * action) {
  if (type == kIOHIDReportTypeOutput) { CompleteReport(action, kIOReturnUnsupported, 3); return kIOReturnUnsupported; }
  if ((options & 0xFF) == 9) { super::CompleteReport(action, kIOReturnSuccess, 0); return kIOReturnSuccess; }
  if ((options & 0xFF) == 3) { super::CompleteReport(action, kIOReturnSuccess, 5); return kIOReturnSuccess; }
  this->CompleteReport(action, kIOReturnSuccess, 0x10);
  other->CompleteReport(action, kIOReturnSuccess, 7);
  return kIOReturnSuccess;
}
kern_return_t Pad::setReport(IOMemoryDescriptor * report, IOHIDReportType type, IOOptionBits options, uint32_t timeout, OSAction * action) {
  CompleteReport(action, kIOReturnSuccess, 7);
  return kIOReturnSuccess;
}
`);
  assert.deepEqual(lengths, [[5, [3, 2, 5]], [16, [3, 2, 5]]]);
  assert.deepEqual(flagged, ['0x10']);
  assert.match(messages[0], /^16 bytes, but kBytes describes no report of that length \(Input report 1 is 3 bytes, Input report 2 is 2 bytes, Feature report 3 is 5 bytes, the Report ID byte included\)/);
});
