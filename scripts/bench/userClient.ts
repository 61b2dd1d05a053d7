/**
 * User-client contract figures on a generated 5,000-line app source (C, hundreds of IOConnectCall…
 * calls through locals, arrays and sizeof) and a 5,000-line dext source (a 240-entry dispatch table
 * and its handlers), with the shared header of selectors and structs both include:
 * - contract_check_5k: a dext table entry changed (the dext source analysed again beforehand, as
 *   the .cpp editing figures measure) → the dext's contract facts read again, every app call linked
 *   anew and every userclient.* rule run on both files; the app's facts were read before;
 * - contract_first_read_5k (no target): both files' contract facts read from nothing, the app
 *   source parsed by tree-sitter-c, every call linked and checked; printed beside
 *   app_parse_5k, tree-sitter's parse of the same app text alone;
 * - edit_to_diagnostics_userclient_5k: a call's scalar count changed in the editor → the app's
 *   diagnostics (the contract rebuilt, every call linked and checked).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseOnce } from '../../core/model/sourceDocument';
import { cppParser } from '../../core/model/treeSitter';
import { appParser, loadAppGrammar } from '../../core/model/appGrammars';
import type { Parser } from 'web-tree-sitter';
import type { SourceFile } from '../../core/model/model';
import { checkUserClient } from '../../core/rules/checkUserClient';
import { ContractIndex } from '../../core/userclient/contractIndex';
import { collectClientGarbage, emit, emitLatencies, note, now, percentile, round, Session } from './support';
import { positionOf } from '../../test/support/lspChecks';

const RUNS = 200;
const WARMUP = 10;
const SELECTORS = 240;

/** A comment in each file; each run writes its number there, so no fact is reused. */
const MARK = '/*000*/';

export function sharedHeader(): string {
  const out = ['#ifndef BenchShared_h', '#define BenchShared_h', '#include <stdint.h>', '', 'enum BenchSelector {'];
  for (let i = 0; i < SELECTORS; i++) out.push(`    kBenchSelector${i}${i === 0 ? ' = 0' : ''},`);
  out.push('    kBenchSelectorCount', '};', '');
  for (let i = 0; i < 40; i++) out.push(`typedef struct {`, `    uint32_t command;`, `    uint16_t values[${(i % 8) + 1}];`, `    uint64_t stamp;`, `} BenchRequest${i};`, '');
  out.push('#endif');
  return out.join('\n');
}

/** An app source of about `lines` lines: a function per call, each call's counts behind locals. */
export function appSource(lines: number): string {
  const out = ['#include <IOKit/IOKitLib.h>', '#include "BenchShared.h"', MARK, ''];
  for (let n = 0; out.length < lines - 12; n++) {
    const sel = n % SELECTORS;
    const kind = sel % 3;
    out.push(`kern_return_t benchCall${n}(io_connect_t connection, uint64_t value)`, '{');
    if (kind === 0) {
      out.push('    uint64_t input[2] = { value, 0 };', '    uint64_t output[1];', '    uint32_t outputCount = 1;', '    // two scalars in, one out', `    return IOConnectCallScalarMethod(connection, kBenchSelector${sel}, input, sizeof(input) / sizeof(input[0]), output, &outputCount);`);
    } else if (kind === 1) {
      out.push(`    BenchRequest${sel % 40} request = { 0 };`, '    request.command = (uint32_t) value;', '    size_t replySize = 0;', '    // a structure in, nothing back', `    return IOConnectCallStructMethod(connection, kBenchSelector${sel}, &request, sizeof(request), NULL, &replySize);`);
    } else {
      out.push('    uint64_t scalar = value;', `    BenchRequest${sel % 40} reply;`, '    size_t replySize = sizeof(reply);', '    // one scalar in, a structure back', `    return IOConnectCallMethod(connection, kBenchSelector${sel}, &scalar, 1, NULL, 0, NULL, NULL, &reply, &replySize);`);
    }
    out.push('}', '');
  }
  while (out.length < lines) out.push('');
  return out.join('\n');
}

/** A dext source of about `lines` lines: the dispatch table, ExternalMethod and a handler per entry. */
export function dextSource(lines: number): string {
  const out = ['#include <DriverKit/IOLib.h>', '#include <DriverKit/IOUserClient.h>', '#include <DriverKit/OSData.h>', '#include "BenchClient.h"', '#include "BenchShared.h"', MARK, ''];
  out.push('static const IOUserClientMethodDispatch sBenchMethods[kBenchSelectorCount] = {');
  for (let i = 0; i < SELECTORS; i++) {
    const kind = i % 3;
    const checks = kind === 0 ? '2, 0, 1, 0' : kind === 1 ? `0, sizeof(BenchRequest${i % 40}), 0, 0` : `1, 0, 0, sizeof(BenchRequest${i % 40})`;
    out.push(`    { (IOUserClientMethodFunction) &BenchClient::StaticMethod${i}, 0, ${checks} },`);
  }
  out.push('};', '');
  out.push('kern_return_t', 'BenchClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,', '                            const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)', '{', '    if (selector >= kBenchSelectorCount) {', '        return kIOReturnUnsupported;', '    }', '    return super::ExternalMethod(selector, arguments, &sBenchMethods[selector], this, reference);', '}', '');
  for (let i = 0; i < SELECTORS; i++) {
    out.push('kern_return_t', `BenchClient::StaticMethod${i}(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)`, '{', `    return ((BenchClient *) target)->Method${i}(arguments);`, '}', '');
    out.push('kern_return_t', `BenchClient::Method${i}(IOUserClientMethodArguments * arguments)`, '{');
    if (i % 3 === 2) out.push(`    BenchRequest${i % 40} reply = {};`, '    reply.stamp = mach_absolute_time();', '    arguments->structureOutput = OSData::withBytes(&reply, sizeof(reply));');
    else out.push('    if (arguments->scalarInputCount > 0) {', '        ivars->last = arguments->scalarInput[0];', '    }');
    out.push('    return kIOReturnSuccess;', '}', '');
  }
  while (out.length < lines) out.push('');
  return out.join('\n');
}

export async function userClientFigures(tempDirs: string[]): Promise<void> {
  const header = sharedHeader();
  const app = appSource(5000);
  const dext = dextSource(5000);
  note(`user-client sources: app ${app.split('\n').length} lines, dext ${dext.split('\n').length} lines, header ${header.split('\n').length} lines`);
  await coreFigure(header, app, dext);
  await lspFigure(header, app, dext, tempDirs);
}

async function coreFigure(header: string, app: string, dext: string): Promise<void> {
  const parser = await cppParser();
  // The server has the app's grammar loaded by the time an app file is edited; so do these figures.
  await loadAppGrammar('c');
  await firstReadFigure(parser, header, app, dext);
  await checkFigure(parser, header, app, dext);
}

/** The first entry's scalar input count, 2 or 1: the change contract_check_5k makes in the dext's table. */
const FIRST_ENTRY = '&BenchClient::StaticMethod0, 0, 2, 0, 1, 0 }';
const dextVariant = (dext: string, run: number): string => (run % 2 === 0 ? dext : dext.replace(FIRST_ENTRY, FIRST_ENTRY.replace(', 0, 2,', ', 0, 1,')));

/** Links every call of the app and runs the rules on both files; returns what was found, for the notes. */
function checkBoth(index: ContractIndex): { calls: number; findings: number } {
  const links = index.linksFrom('/b/BenchTool.c');
  const found = [
    ...checkUserClient('/b/BenchTool.c', links, { calls: index.contract().callValues('/b/BenchTool.c') }),
    ...checkUserClient('/b/BenchClient.cpp', [], { entries: index.contract().entryValues('/b/BenchClient.cpp'), writes: index.linksWritingIn('/b/BenchClient.cpp') }),
  ];
  return { calls: links.length, findings: found.length };
}

async function checkFigure(parser: Parser, header: string, app: string, dext: string): Promise<void> {
  const variants = [0, 1].map((v) => ({ text: dextVariant(dext, v), model: analyseOnce(parser, 'cpp', dextVariant(dext, v)) }));
  let current = variants[0];
  const index = new ContractIndex({ paths: () => ['/b/BenchClient.cpp'][Symbol.iterator](), text: () => current.text, model: () => current.model });
  index.keep('/b/BenchShared.h', header);
  index.keep('/b/BenchTool.c', app);
  const samples: number[] = [];
  const findings = new Set<number>();
  let calls = 0;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    current = variants[run % 2];
    collectClientGarbage();
    const started = now();
    index.touch('/b/BenchClient.cpp');
    const checked = checkBoth(index);
    if (run >= WARMUP) samples.push(now() - started);
    calls = checked.calls;
    findings.add(checked.findings);
  }
  // The two variants must disagree on findings, or the change was not seen.
  note(`contract_check_5k: ${calls} calls linked; findings per run ${[...findings].join(' or ')}`);
  if (findings.size !== 2) throw new Error('contract_check_5k: the table change did not change the findings');
  emitLatencies('contract_check_5k', samples, 20);
}

async function firstReadFigure(parser: Parser, header: string, app: string, dext: string): Promise<void> {
  const model = analyseOnce(parser, 'cpp', dext);
  const cParser = appParser('c')!;
  const samples: number[] = [];
  const parses: number[] = [];
  let calls = 0;
  for (let run = 0; run < WARMUP + RUNS / 4; run++) {
    const mark = `/*${String(run).padStart(3, '0')}*/`;
    const texts = new Map([['/b/BenchShared.h', header], ['/b/BenchTool.c', app.replace(MARK, mark)], ['/b/BenchClient.cpp', dext.replace(MARK, mark)]]);
    // A copy of the parsed model, so nothing cached on the model object answers.
    const models = new Map<string, SourceFile>([['/b/BenchClient.cpp', { ...model }]]);
    collectClientGarbage();
    const started = now();
    const index = new ContractIndex({ paths: () => models.keys(), text: (p) => texts.get(p), model: (p) => models.get(p) });
    index.keep('/b/BenchShared.h', texts.get('/b/BenchShared.h')!);
    index.keep('/b/BenchTool.c', texts.get('/b/BenchTool.c')!);
    calls = checkBoth(index).calls;
    if (run >= WARMUP) samples.push(now() - started);
    collectClientGarbage();
    const parseStarted = now();
    cParser.parse(texts.get('/b/BenchTool.c')!)?.delete();
    if (run >= WARMUP) parses.push(now() - parseStarted);
  }
  note(`contract_first_read_5k: ${calls} calls read and linked per run`);
  for (const [figure, values] of [['contract_first_read_5k', samples], ['app_parse_5k', parses]] as const) {
    const sorted = [...values].sort((a, b) => a - b);
    emit({ figure, unit: 'ms', p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), runs: sorted.length, target: null });
  }
}

async function lspFigure(header: string, app: string, dext: string, tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-uc-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'BenchShared.h'), header);
  writeFileSync(join(dir, 'BenchClient.cpp'), dext);
  writeFileSync(join(dir, 'BenchClient.iig'), ['#include <DriverKit/IOUserClient.iig>', 'class BenchClient : public IOUserClient', '{', 'public:', '    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference) override;', '};', ''].join('\n'));
  const path = join(dir, 'BenchTool.c');
  writeFileSync(path, app);
  const session = await Session.start(dir);
  try {
    const { client } = session;
    // The first call's input count: 1 ↔ 2 alternately, so each edit adds or removes a finding.
    const needle = 'IOConnectCallMethod(connection, kBenchSelector2, &scalar, 1,';
    const at = positionOf(app, needle, needle.length - 2);
    const first = client.waitForDiagnostics(path, () => true, 30_000);
    await client.open(path, app, 'c');
    await session.wait(first, 30_000, 'diagnostics of the app source');
    // The app's first diagnostics may come before the initial index has read the dext and the header:
    // edit back and forth until the call is judged (a '2' gives its finding), then start from a '1'.
    const started = now();
    for (let judged = false; !judged; ) {
      if (now() - started > 30_000) throw new Error('the app call was never linked to the dext table');
      const published = client.waitForDiagnostics(path, () => true, 10_000);
      await client.change(path, { start: at, end: { line: at.line, character: at.character + 1 } }, '2');
      judged = (await session.wait(published, 10_000, 'diagnostics while indexing')).length === 1;
      const back = client.waitForDiagnostics(path, () => true, 10_000);
      await client.change(path, { start: at, end: { line: at.line, character: at.character + 1 } }, '1');
      await session.wait(back, 10_000, 'diagnostics while indexing');
      if (!judged) await new Promise((resume) => setTimeout(resume, 500));
    }
    const edits: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      // The diagnostics of this edit's text: the finding there after a '2', gone after a '1'.
      const published = client.waitForDiagnostics(path, (list) => list.length === (run % 2 === 0 ? 1 : 0), 10_000);
      collectClientGarbage();
      const started = now();
      await client.change(path, { start: at, end: { line: at.line, character: at.character + 1 } }, run % 2 === 0 ? '2' : '1');
      const list = await session.wait(published, 10_000, `user-client edit ${run}`);
      if (run >= WARMUP) edits.push(now() - started);
      if (run === WARMUP) note(`edit_to_diagnostics_userclient_5k: ${list.length} diagnostics after an edit`);
    }
    emitLatencies('edit_to_diagnostics_userclient_5k', edits, 20);
  } finally {
    await session.stop();
  }
}

