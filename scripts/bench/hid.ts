/**
 * HID report descriptor figures on a generated 5,000-line dext source (a 3,000-line descriptor with
 * 250 numbered feature reports, 25 keyboard descriptors, and the class code around them):
 * - hid_decode_and_check_5k: finding, reading, decoding and checking every descriptor of the file
 *   (core/hid and the hid.* rules, the file already parsed), nothing reused from the run before;
 * - edit_to_diagnostics_hid_5k: a byte of the big descriptor changed in the editor → diagnostics
 *   (the incremental parse, every rule, the decoding and the checks), and the server's CPU time per
 *   such edit (edit_to_diagnostics_hid_5k_server_cpu), which the machine's load hardly moves;
 * - inlay_hints_hid_5k / hover_hid_5k: a screenful of decoded comments, a hover on a byte.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseOnce } from '../../core/model/sourceDocument';
import { cppParser } from '../../core/model/treeSitter';
import { descriptorsOf, isDecoded } from '../../core/hid/descriptors';
import { reportLengthSites } from '../../core/hid/reportLengths';
import { checkHid } from '../../core/rules/checkHid';
import { fixture, uriOf } from '../../test/support/lspClient';
import { collectClientGarbage, cpuMilliseconds, emit, emitLatencies, IndexWatch, note, now, round, Session, sleep } from './support';
import { positionOf } from '../../test/support/lspChecks';

const RUNS = 200;
const WARMUP = 10;

const KEYBOARD = ['0x05, 0x01,', '0x09, 0x06,', '0xA1, 0x01,', '0x05, 0x07,', '0x19, 0xE0,', '0x29, 0xE7,', '0x15, 0x00,', '0x25, 0x01,', '0x75, 0x01,', '0x95, 0x08,', '0x81, 0x02,', '0x95, 0x01,', '0x75, 0x08,', '0x81, 0x01,', '0x95, 0x06,', '0x75, 0x08,', '0x15, 0x00,', '0x25, 0x65,', '0x19, 0x00,', '0x29, 0x65,', '0x81, 0x00,', '0xC0,'];

/** A comment inside every initializer; each run writes its number there, so no decoding is reused. */
const MARK = '/*000*/';

/** A dext source of about `lines` lines holding report descriptors (see the file comment). */
export function hidSource(lines: number): string {
  const out = ['#include <DriverKit/IOLib.h>', '#include <HIDDriverKit/HIDDriverKit.h>', '#include "BenchDevice.h"', ''];
  out.push('static const uint8_t kBenchReportDescriptor[] = {', `    ${MARK}`, '    0x06, 0x00, 0xFF,   // vendor page', '    0x09, 0x01,', '    0xA1, 0x01,         // application collection', '    0x15, 0x00,', '    0x26, 0xFF, 0x00,', '    0x75, 0x08,');
  for (let id = 1; id <= 250; id++) {
    out.push(`    0x85, ${hex(id)},         //   report ${id}`, `    0x09, ${hex(id % 200 + 2)},`, `    0x95, ${hex(id % 60 + 1)},`, '    0xB1, 0x02,         //   feature', '    0x09, 0x01,', '    0x95, 0x04,', '    0x81, 0x02,         //   input', '    0x09, 0x02,', '    0x95, 0x02,', '    0x91, 0x02,         //   output', '');
  }
  out.push('    0xC0,', '};', '');
  for (let n = 0; out.length < lines - 40; n++) {
    out.push(`static const uint8_t kKeyboard${n}ReportDescriptor[] = {`, `    ${MARK}`, ...KEYBOARD.map((b) => `    ${b}`), '};', '');
  }
  out.push(
    'OSData * BenchDevice::newReportDescriptor()',
    '{',
    '    return OSData::withBytes(kBenchReportDescriptor, sizeof(kBenchReportDescriptor));',
    '}',
    '',
    'kern_return_t BenchDevice::sendInput(IOMemoryDescriptor * report)',
    '{',
    '    return handleReport(mach_absolute_time(), report, 5, kIOHIDReportTypeFeature, 0);',
    '}',
  );
  while (out.length < lines) out.push('');
  return out.join('\n');
}

const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

export async function hidFigures(tempDirs: string[]): Promise<void> {
  const text = hidSource(5000);
  note(`HID source: ${text.split('\n').length} lines, ${text.length} characters`);
  await coreFigure(text);
  await lspFigures(text, tempDirs);
}

async function coreFigure(text: string): Promise<void> {
  const parser = await cppParser();
  const model = analyseOnce(parser, 'cpp', text);
  const samples: number[] = [];
  let descriptors = 0;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // A copy of the model (the per-model cache must not answer) and a text whose initializers all
    // differ from the last run's in a comment of the same length (nor must the decodings' cache).
    const fresh = { ...model };
    const variant = text.replaceAll(MARK, `/*${String(run).padStart(3, '0')}*/`);
    collectClientGarbage();
    const started = now();
    const found = descriptorsOf(variant, fresh).filter(isDecoded);
    const lengthSites = reportLengthSites(variant, fresh, () => undefined);
    checkHid({ path: 'BenchDevice.cpp', descriptors: found, lengthSites });
    if (run >= WARMUP) samples.push(now() - started);
    descriptors = found.length;
  }
  note(`hid_decode_and_check_5k: ${descriptors} descriptors decoded per run`);
  emitLatencies('hid_decode_and_check_5k', samples, 20);
}

async function lspFigures(text: string, tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-hid-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'BenchDevice.iig'), readFileSync(fixture('hid', 'valid', 'VendorDevice.iig'), 'utf8').replace(/VendorDevice/g, 'BenchDevice'));
  const path = join(dir, 'BenchDevice.cpp');
  writeFileSync(path, text);
  const session = await Session.start(dir);
  try {
    const { client } = session;
    // As for the other editing figures: the workspace indexed and its re-check passed before the
    // first edit. Otherwise the index completes during the edits, its publication answers an edit's
    // wait, and every edit after it is timed against the previous edit's diagnostics.
    const watch = new IndexWatch(client.connection);
    await session.wait(watch.ended, 30_000, 'indexing of the HID workspace');
    const first = client.waitForDiagnostics(path, () => true, 30_000);
    await client.open(path, text);
    await session.wait(first, 30_000, 'diagnostics of the HID source');
    await sleep(500); // the server's debounced re-check of other files
    // Report 100's count: 0x29 (41) ↔ 0x2A, alternately, so each edit changes the decoding.
    const at = positionOf(text, '0x95, 0x29,', 9);
    const edits: number[] = [];
    let cpuAtWarmupEnd: number | undefined;
    for (let run = 0; run < WARMUP + RUNS; run++) {
      if (run === WARMUP) cpuAtWarmupEnd = cpuMilliseconds(client.process.pid!);
      const published = client.waitForDiagnostics(path, () => true, 10_000);
      collectClientGarbage();
      const started = now();
      await client.change(path, { start: at, end: { line: at.line, character: at.character + 1 } }, run % 2 === 0 ? 'A' : '9');
      await session.wait(published, 10_000, `HID edit ${run}`);
      if (run >= WARMUP) edits.push(now() - started);
    }
    emitLatencies('edit_to_diagnostics_hid_5k', edits, 20);
    // The server's CPU time per edit (its own work, however busy the machine; 10 ms ticks over 200 edits).
    const cpuAtEnd = cpuMilliseconds(client.process.pid!);
    if (cpuAtWarmupEnd !== undefined && cpuAtEnd !== undefined) emit({ figure: 'edit_to_diagnostics_hid_5k_server_cpu', unit: 'ms', value: round((cpuAtEnd - cpuAtWarmupEnd) / RUNS), runs: RUNS });
    const hints: number[] = [];
    const hovers: number[] = [];
    const uri = uriOf(path);
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const line = 100 + (run % 40) * 60;
      collectClientGarbage();
      let started = now();
      const got = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 60, character: 0 } } });
      if (run >= WARMUP) hints.push(now() - started);
      if (run === WARMUP && got.length === 0) note('inlay_hints_hid_5k: no hints returned (expected a screenful)');
      started = now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 6 } });
      if (run >= WARMUP) hovers.push(now() - started);
    }
    emitLatencies('inlay_hints_hid_5k', hints, 20);
    emitLatencies('hover_hid_5k', hovers, 20);
  } finally {
    await session.stop();
  }
}

