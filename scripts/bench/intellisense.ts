/**
 * IntelliSense figures: completion and hover latency in a 5,000-line .iig with the full catalog
 * loaded, and indexing an installed SDK of 400 headers cold and from the cache.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cppParser } from '../../core/model/treeSitter';
import { indexSdk } from '../../core/sdk/sdkIndexer';
import { frameworksFolder } from '../../core/sdk/sdkLocator';
import { fixture, uriOf } from '../../test/support/lspClient';
import { collectClientGarbage, emit, emitLatencies, note, now, round, type Session } from './support';

const WARMUP = 10;
const RUNS = 200;

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

async function latency(session: Session, figure: string, target: number, request: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    collectClientGarbage();
    const started = now();
    await session.wait(request(), 10_000, `${figure} ${run}`);
    if (run >= WARMUP) samples.push(now() - started);
  }
  emitLatencies(figure, samples, target);
}

/** In the open 5,000-line .iig: completion in the class body (overrides) and after ": public", hover on an attribute and on the base class. */
export async function intellisenseFigures(session: Session, iigPath: string, iig: string): Promise<void> {
  const uri = uriOf(iigPath);
  const body = iig.indexOf('\n', iig.indexOf('public:')) + 1;
  const base = iig.indexOf(': public ') + ': public IOSer'.length;
  let count = 0;
  await latency(session, 'completion_iig_5k_class_body', 10, async () => {
    const items = await session.client.request<unknown[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(iig, body) });
    count = items.length;
  });
  note(`completion in the class body: ${count} items`);
  await latency(session, 'completion_iig_5k_base_class', 10, () => session.client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(iig, base) }));
  const attribute = iig.indexOf(' LOCAL;') + 2;
  await latency(session, 'hover_iig_5k_attribute', 5, () => session.client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(iig, attribute) }));
  await latency(session, 'hover_iig_5k_sdk_class', 5, () => session.client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(iig, base - 2) }));
}

/** 400 headers made from the fake SDK's, in ten frameworks; indexed cold, then from the cache. */
export async function sdkIndexFigures(tempDirs: string[]): Promise<void> {
  const sdk = mkdtempSync(join(tmpdir(), 'driverkit-bench-sdk-'));
  const cache = mkdtempSync(join(tmpdir(), 'driverkit-bench-sdk-cache-'));
  tempDirs.push(sdk, cache);
  const source = frameworksFolder(fixture('fake-sdk'));
  const headers = readdirSync(join(source, 'DriverKit.framework', 'Headers')).map((name) => readFileSync(join(source, 'DriverKit.framework', 'Headers', name), 'utf8'));
  const target = join(sdk, 'System', 'DriverKit', 'System', 'Library', 'Frameworks');
  cpSync(join(source, 'DriverKit.framework'), join(target, 'DriverKit.framework'), { recursive: true });
  for (let i = 0; i < 400; i++) {
    const folder = join(target, `Bench${i % 10}Kit.framework`, 'Headers');
    mkdirSync(folder, { recursive: true });
    // Each header declares a class of its own, derived from IOService like a family's classes are.
    const text = `${headers[i % headers.length].replace(/\bclass\s+(KERNEL\s+)?(\w+)\s*:/g, `class $1Bench${i}$2 :`)}\n`;
    writeFileSync(join(folder, `Bench${i}.iig`), text);
  }
  const parser = await cppParser();
  const coldStarted = now();
  const cold = await indexSdk(parser, sdk, { cacheDir: cache });
  emit({ figure: 'sdk_index_400_headers_cold', unit: 'ms', value: round(now() - coldStarted), headers: cold.headers, classes: cold.classes.length, target: 2000 });
  const warmStarted = now();
  const warm = await indexSdk(parser, sdk, { cacheDir: cache });
  emit({ figure: 'sdk_index_400_headers_cached', unit: 'ms', value: round(now() - warmStarted), fromCache: warm.fromCache, target: 100 });
  rmSync(sdk, { recursive: true, force: true });
}
