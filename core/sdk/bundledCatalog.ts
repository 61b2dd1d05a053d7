/**
 * The catalog shipped with the extension: one JSON file per DriverKit framework (facts from Apple's
 * documentation and the open-source headers, descriptions in our own words).
 *
 * The files are read and parsed on first use, not bundled into the programs: a program starts
 * without 340 KB of data to compile (the language server answers `initialize`, and usually its first
 * document, before it reads them), and JSON.parse reads data faster than JavaScript's parser. They
 * sit in `catalog/` beside this file and, in the built extension, beside the bundles in `dist/`
 * (scripts/build.mjs copies them), so the same relative path finds them from source and from dist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogFile, SdkClass } from './catalogTypes';
import { SdkCatalog, type SdkSymbols } from './sdkCatalog';

/** The frameworks, DriverKit first: each has `catalog/<name>.json`. */
export const CATALOG_FRAMEWORKS = [
  'DriverKit',
  'HIDDriverKit',
  'USBDriverKit',
  'SerialDriverKit',
  'USBSerialDriverKit',
  'NetworkingDriverKit',
  'PCIDriverKit',
  'AudioDriverKit',
  'MIDIDriverKit',
  'SCSIControllerDriverKit',
  'SCSIPeripheralsDriverKit',
  'BlockStorageDeviceDriverKit',
] as const;

let files: readonly CatalogFile[] | undefined;

/** Every framework's file, in the order of CATALOG_FRAMEWORKS. */
export function catalogFiles(): readonly CatalogFile[] {
  files ??= CATALOG_FRAMEWORKS.map((name) => JSON.parse(readFileSync(join(__dirname, 'catalog', `${name}.json`), 'utf8')) as CatalogFile);
  return files;
}

export function bundledClasses(): SdkClass[] {
  return catalogFiles().flatMap((file) => file.classes.map((cls) => ({ ...cls, framework: file.framework })));
}

/** The functions and enums the catalog files list, each with its framework. */
export function bundledSymbols(): SdkSymbols {
  return {
    functions: catalogFiles().flatMap((file) => (file.functions ?? []).map((fn) => ({ ...fn, framework: file.framework }))),
    enums: catalogFiles().flatMap((file) => (file.enums ?? []).map((e) => ({ ...e, framework: file.framework }))),
  };
}

let bundled: SdkCatalog | undefined;

export function bundledCatalog(): SdkCatalog {
  bundled ??= new SdkCatalog(bundledClasses(), [], [bundledSymbols()]);
  return bundled;
}
