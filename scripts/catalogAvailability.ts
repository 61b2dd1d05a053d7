/**
 * `npm run catalog:availability -- [--check] <Framework>=<header folder> …`: brings the bundled
 * catalog's availability in line with what open-source DriverKit headers state (see
 * core/sdk/catalogAvailability.ts). Each folder holds a framework's .iig (and .h) headers, for example
 *
 *   DriverKit=…/xnu/iokit/DriverKit  HIDDriverKit=…/IOHIDFamily/HIDDriverKit
 *   PCIDriverKit=…/IOPCIFamily/PCIDriverKit  BlockStorageDeviceDriverKit=…/IOStorageFamily/BlockStorageDeviceDriverKit
 *   SCSIControllerDriverKit=…/IOSCSIParallelFamily/SCSIControllerDriverKit
 *
 * The headers are read, never copied: only versions and names reach core/sdk/catalog/<Framework>.json.
 * With --check nothing is written; the exit status is 1 when a file would change. --catalog=<folder>
 * works on the catalog files of another folder (tests use a copy).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cppParser } from '../core/model/treeSitter';
import { withHeaderAvailability } from '../core/sdk/catalogAvailability';
import { formatCatalogFile } from '../core/sdk/catalogFormat';
import type { CatalogFile } from '../core/sdk/catalogTypes';
import { indexHeaderFiles } from '../core/sdk/sdkIndexer';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const catalogArg = args.find((a) => a.startsWith('--catalog='));
  const catalog = catalogArg ? resolve(catalogArg.slice('--catalog='.length)) : join(__dirname, '..', 'core', 'sdk', 'catalog');
  const pairs = args.filter((a) => a !== '--check' && a !== catalogArg).map((arg) => {
    const m = /^(\w+)=(.+)$/.exec(arg);
    if (!m) throw new Error(`expected <Framework>=<header folder>, got ${arg}`);
    return { framework: m[1], folder: resolve(m[2]) };
  });
  if (pairs.length === 0) throw new Error('usage: catalogAvailability [--check] <Framework>=<header folder> …');
  const parser = await cppParser();
  let stale = false;
  for (const { framework, folder } of pairs) {
    const path = join(catalog, `${framework}.json`);
    const text = readFileSync(path, 'utf8');
    const names = readdirSync(folder).filter((n) => /\.(iig|h)$/.test(n)).sort();
    const iigStems = new Set(names.filter((n) => n.endsWith('.iig')).map((n) => n.slice(0, -4)));
    // A .h that iig generates from a .iig beside it says nothing new.
    const files = names.filter((n) => n.endsWith('.iig') || !iigStems.has(n.slice(0, -2))).map((n) => ({ path: join(folder, n), framework, include: `${framework}/${n}` }));
    const headers = await indexHeaderFiles(parser, files);
    const { file, changes } = withHeaderAvailability(JSON.parse(text) as CatalogFile, headers);
    process.stdout.write(`${framework}: ${headers.headers} headers, ${changes.length} change${changes.length === 1 ? '' : 's'}\n`);
    for (const change of changes) process.stdout.write(`  ${change}\n`);
    // Only a file whose facts change is rewritten (a hand-formatted file is otherwise left as it is).
    if (changes.length === 0) continue;
    stale = true;
    if (!check) writeFileSync(path, formatCatalogFile(file));
  }
  if (check && stale) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
