/**
 * Reads an installed DriverKit SDK with our own .iig parser and turns its classes into the same
 * `SdkClass` records the bundled catalog holds. Parsing a whole SDK takes a while, so the result is
 * cached on disk, keyed by the SDK path and the mtimes of its header folders (stats only: checking
 * the cache never reads a header).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { codeView, matchingParen } from '../model/codeView';
import type { ClassDecl, IigFile, MethodDecl, ParameterDecl } from '../model/model';
import { analyseOnce } from '../model/sourceDocument';
import type { SdkClass, SdkEnum, SdkFunction, SdkMethod, SdkMethodKind, SdkRole } from './catalogTypes';
import { HeaderAvailability, toSdkAvailability } from './headerAvailability';
import type { SdkSymbols } from './sdkCatalog';
import { frameworksFolder } from './sdkLocator';

export interface SdkIndex extends SdkSymbols {
  readonly classes: SdkClass[];
  /** How many headers were analysed (unreadable or binary ones are skipped and not counted). */
  readonly headers: number;
  readonly fromCache: boolean;
}

export interface IndexOptions {
  /** Where to keep the cache; without it every call parses the SDK. */
  readonly cacheDir?: string;
  /** Called after each header, for a progress notification. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Bumped whenever the shape of the cached records changes, so an old cache is never trusted. */
const CACHE_FORMAT = 2;

export async function indexSdk(parser: Parser, sdkPath: string, options: IndexOptions = {}): Promise<SdkIndex> {
  const sdk = resolve(sdkPath);
  const frameworks = frameworksFolder(sdk);
  const key = await cacheKey(sdk, frameworks);
  if (!key) return { classes: [], functions: [], enums: [], headers: 0, fromCache: false };
  const cacheFile = options.cacheDir ? join(options.cacheDir, `sdk-${createHash('sha1').update(sdk).digest('hex')}.json`) : undefined;
  if (cacheFile) {
    const cached = await readCache(cacheFile, key);
    if (cached) return { ...cached, fromCache: true };
  }
  const folders = key.headerFolders.map(([folder]) => folder);
  const read = await parseHeaders(parser, frameworks, folders, options.onProgress);
  if (cacheFile) await writeCache(cacheFile, { format: CACHE_FORMAT, key, ...read });
  return { ...read, fromCache: false };
}

// ---------------------------------------------------------------------------------------------- cache

interface CacheKey {
  readonly sdk: string;
  readonly frameworksMtime: number;
  /** [framework folder, mtimeMs of its Headers folder], sorted by name. */
  readonly headerFolders: readonly (readonly [string, number])[];
}

interface CacheContents extends Omit<SdkIndex, 'fromCache'> {
  readonly format: number;
  readonly key: CacheKey;
}

/**
 * A header added to, removed from or replaced in a Headers folder changes that folder's mtime; a new
 * or removed framework changes the frameworks folder's. Undefined when there is no frameworks folder.
 */
async function cacheKey(sdk: string, frameworks: string): Promise<CacheKey | undefined> {
  try {
    const frameworksMtime = (await stat(frameworks)).mtimeMs;
    const headerFolders: [string, number][] = [];
    const names = (await readdir(frameworks)).filter((n) => n.endsWith('.framework')).sort();
    for (const name of names) {
      const headers = await stat(join(frameworks, name, 'Headers')).catch(() => undefined);
      if (headers?.isDirectory()) headerFolders.push([name, headers.mtimeMs]);
    }
    return { sdk, frameworksMtime, headerFolders };
  } catch {
    return undefined;
  }
}

async function readCache(file: string, key: CacheKey): Promise<Omit<SdkIndex, 'fromCache'> | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheContents>;
    const valid =
      data.format === CACHE_FORMAT && JSON.stringify(data.key) === JSON.stringify(key) && Array.isArray(data.classes) && Array.isArray(data.functions) && Array.isArray(data.enums) && typeof data.headers === 'number';
    return valid ? { classes: data.classes!, functions: data.functions!, enums: data.enums!, headers: data.headers! } : undefined;
  } catch {
    return undefined; // missing or corrupt: parse again and rewrite it
  }
}

/** Temp file then rename, so a reader never sees half a cache. A cache that cannot be written is skipped. */
async function writeCache(file: string, contents: CacheContents): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(temp, JSON.stringify(contents));
    await rename(temp, file);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}

// -------------------------------------------------------------------------------------------- parsing

/** A class as read from one header, before kinds and roles that depend on other headers are known. */
interface ReadClass {
  readonly record: Omit<SdkClass, 'methods' | 'role'>;
  readonly methods: readonly ReadMethod[];
}

interface ReadMethod {
  readonly record: Omit<SdkMethod, 'kind'>;
  /** What the header itself says; undefined for an override with no attributes (it inherits). */
  readonly declaredKind?: SdkMethodKind;
}

async function parseHeaders(
  parser: Parser,
  frameworks: string,
  frameworkFolders: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<Omit<SdkIndex, 'fromCache'>> {
  const files: HeaderFile[] = [];
  for (const folder of frameworkFolders) {
    const framework = folder.replace(/\.framework$/, '');
    const headers = join(frameworks, folder, 'Headers');
    const names = await readdir(headers).catch(() => [] as string[]);
    const stems = new Set(names.filter((n) => n.endsWith('.iig')).map((n) => n.slice(0, -4)));
    // Plain headers are read for the functions and enums they mark with DriverKit availability; the
    // header iig generates from a .iig (same stem) says nothing the .iig does not.
    const wanted = names.filter((n) => n.endsWith('.iig') || (n.endsWith('.h') && !stems.has(n.slice(0, -2))));
    for (const file of wanted.sort()) files.push({ path: join(headers, file), framework, include: `${framework}/${file}` });
  }
  return indexHeaderFiles(parser, files, onProgress);
}

/** A header to index: its path, its framework and how a source includes it ("DriverKit/IOService.iig"). */
export interface HeaderFile {
  readonly path: string;
  readonly framework: string;
  readonly include: string;
}

/**
 * Indexes headers: the classes of the .iig files, and the functions and enums any header marks with
 * DriverKit availability. The SDK indexer gives it an installed SDK's headers; the catalog generator
 * gives it open-source header folders.
 */
export async function indexHeaderFiles(parser: Parser, files: readonly HeaderFile[], onProgress?: (done: number, total: number) => void): Promise<Omit<SdkIndex, 'fromCache'>> {
  const read: ReadClass[] = [];
  const functions: SdkFunction[] = [];
  const enums: SdkEnum[] = [];
  let analysed = 0;
  for (const [i, header] of files.entries()) {
    const found = await readHeader(parser, header.path, header.framework, header.include);
    if (found) {
      analysed++;
      read.push(...found.classes);
      functions.push(...found.functions);
      enums.push(...found.enums);
    }
    onProgress?.(i + 1, files.length);
  }
  return { classes: resolveClasses(read), functions: firstOfEachName(functions), enums: firstOfEachName(enums), headers: analysed };
}

interface HeaderContents {
  readonly classes: ReadClass[];
  readonly functions: SdkFunction[];
  readonly enums: SdkEnum[];
}

/** What one header declares, or undefined when it cannot be read, is not source text, or (a .h) says nothing of DriverKit availability. */
async function readHeader(parser: Parser, path: string, framework: string, include: string): Promise<HeaderContents | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const plain = path.endsWith('.h');
    if (plain && !/driverkit/i.test(text)) return undefined;
    // SDK headers use KERNEL, NATIVE and friends freely: unknown-attribute reports are off.
    const model = analyseOnce(parser, 'iig', text, { reportUnknownAttributes: false });
    if (model.kind !== 'iig' || model.skipped) return undefined;
    return headerContents(model, text, framework, include, !plain);
  } catch {
    return undefined; // unreadable (a folder named .iig, permissions): skipped, never fatal
  }
}

/** Classes (from a .iig), and the functions and enums the header marks with DriverKit availability. */
function headerContents(model: IigFile, text: string, framework: string, include: string, withClasses = true): HeaderContents {
  const availability = new HeaderAvailability(model, text, codeView(text));
  // Structs in headers are plain data (argument blocks), not classes a driver uses or subclasses.
  const classes = withClasses ? model.classes.filter((c) => c.keyword === 'class').map((c) => readClass(c, framework, include, text, availability)) : [];
  const functions = model.functions.flatMap((fn): SdkFunction[] => {
    const marks = toSdkAvailability(availability.ofFunction(fn), true);
    if (Object.keys(marks).length === 0) return [];
    return [{ name: fn.name, returnType: fn.returnType, parameters: fn.parameters.map(parameterText), framework, include, ...marks }];
  });
  const enums = model.declarations.flatMap((decl): SdkEnum[] => {
    if (decl.kind !== 'enum') return [];
    const marks = toSdkAvailability(availability.ofEnum(decl), true);
    return Object.keys(marks).length === 0 ? [] : [{ name: decl.name, framework, include, ...marks }];
  });
  return { classes, functions, enums };
}

function firstOfEachName<T extends { readonly name: string }>(records: readonly T[]): T[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.name) && (seen.add(r.name), true));
}

function readClass(decl: ClassDecl, framework: string, include: string, text: string, availability: HeaderAvailability): ReadClass {
  return {
    record: { name: decl.name, ...(decl.baseClass && { superclass: decl.baseClass }), framework, include, ...toSdkAvailability(availability.ofClass(decl), true), complete: true },
    methods: decl.methods.map((m) => readMethod(m, text, availability)),
  };
}

function readMethod(m: MethodDecl, text: string, availability: HeaderAvailability): ReadMethod {
  const iigAttributes = m.attributes.filter((a) => !a.availability);
  const attributes = iigAttributes.map((a) => (a.argument !== undefined ? `${a.name}(${a.argument})` : a.name));
  const isConst = isConstMethod(m, text);
  const record: Omit<SdkMethod, 'kind'> = {
    name: m.name,
    returnType: m.returnType,
    parameters: m.parameters.map(parameterText),
    ...(attributes.length > 0 && { attributes }),
    ...(m.isVirtual && !m.isStatic && { overridable: true }),
    ...(isCallback(m) && { callback: true }),
    ...(m.isStatic && { isStatic: true }),
    ...(isConst && { isConst: true }),
    ...(m.isPure && { isPure: true }),
    ...toSdkAvailability(availability.ofFunction(m), true),
  };
  let declaredKind: SdkMethodKind | undefined;
  if (iigAttributes.some((a) => a.name === 'LOCALONLY')) declaredKind = 'localonly';
  else if (iigAttributes.length > 0 || !m.isOverride) declaredKind = 'rpc';
  return { record, ...(declaredKind && { declaredKind }) };
}

/** "IOService * provider"; a default value is left out; an array keeps its brackets after the name. */
function parameterText(p: ParameterDecl): string {
  const type = p.type.replace(/\s*=.*$/s, '').trim();
  if (!p.name) return type;
  const bracket = type.indexOf('[');
  return bracket < 0 ? `${type} ${p.name}` : `${type.slice(0, bracket).trim()} ${p.name}${type.slice(bracket).replace(/\s+/g, '')}`;
}

/**
 * Heuristic: a callback prototype (TimerOccurred, CompleteAsyncIO ...) takes the OSAction that fired
 * it as its first parameter. Methods that only store an action for later (SetHandler,
 * SetDataAvailableHandler ...) take one first too; the SDK names those Set..., so they are left out.
 */
function isCallback(m: MethodDecl): boolean {
  return !m.isStatic && m.parameters[0]?.type === 'OSAction *' && !/^Set[A-Z]/.test(m.name);
}

/** `const` after the parameter list; the model keeps only a leading one (part of the return type). */
function isConstMethod(m: MethodDecl, text: string): boolean {
  const code = codeView(text.slice(m.nameSpan.end, m.span.end));
  const open = code.indexOf('(');
  const close = open < 0 ? -1 : matchingParen(code, open);
  return close > 0 && /^\s*const\b/.test(code.slice(close + 1));
}

// ------------------------------------------------------------------------------------ across headers

/** The nearest of these up a class's chain (the class itself included) gives its role. */
const ROLE_ROOTS: ReadonlyMap<string, SdkRole> = new Map<string, SdkRole>([
  ['IOUserClient', 'user-client'],
  ['IODispatchSource', 'dispatch'],
  ['IODispatchQueue', 'dispatch'],
  ['OSAction', 'dispatch'],
  ['IOMemoryDescriptor', 'memory'],
  ['IOMemoryMap', 'memory'],
  ['IODMACommand', 'memory'],
  ['IOService', 'service'],
]);

/** Kinds of bare overrides and roles need every class of every framework, so they come last. */
function resolveClasses(read: readonly ReadClass[]): SdkClass[] {
  const byName = new Map<string, ReadClass>();
  // A class seen twice (#if branches of one header) keeps its first declaration.
  for (const c of read) if (!byName.has(c.record.name)) byName.set(c.record.name, c);
  const unique = [...byName.values()];
  const superOf = (name: string): string | undefined => byName.get(name)?.record.superclass;
  return unique.map((c) => {
    const role = roleOf(c.record.name, superOf);
    const methods = c.methods.map((m): SdkMethod => {
      if (m.declaredKind) return { ...m.record, kind: m.declaredKind };
      const inherited = inheritedKind(byName, c.record.superclass, m.record.name);
      // Overrides something outside the SDK's headers: rpc is the IIG default, flagged as a guess.
      return inherited ? { ...m.record, kind: inherited } : { ...m.record, kind: 'rpc', inferred: true };
    });
    return { ...c.record, role, methods };
  });
}

/**
 * An override with no attributes keeps the kind of what it overrides: IOService's bare `init()
 * override` is LOCALONLY because OSObject's init is. Walks up until a declaration says.
 */
function inheritedKind(byName: ReadonlyMap<string, ReadClass>, start: string | undefined, method: string): SdkMethodKind | undefined {
  const seen = new Set<string>();
  for (let name = start; name && !seen.has(name); name = byName.get(name)?.record.superclass) {
    seen.add(name);
    const found = byName.get(name)?.methods.find((m) => m.record.name === method && !m.record.isStatic);
    if (found?.declaredKind) return found.declaredKind;
  }
  return undefined;
}

function roleOf(name: string, superOf: (name: string) => string | undefined): SdkRole {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current && !seen.has(current); current = superOf(current)) {
    seen.add(current);
    const role = ROLE_ROOTS.get(current);
    if (role) return role;
  }
  return 'helper';
}
