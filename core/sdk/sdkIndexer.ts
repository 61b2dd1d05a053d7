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
import type { AttributeNode } from '../model/iigMask';
import type { ClassDecl, MethodDecl, ParameterDecl } from '../model/model';
import { analyseOnce } from '../model/sourceDocument';
import type { SdkClass, SdkMethod, SdkMethodKind, SdkRole } from './catalogTypes';
import { frameworksFolder } from './sdkLocator';

export interface SdkIndex {
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
const CACHE_FORMAT = 1;

export async function indexSdk(parser: Parser, sdkPath: string, options: IndexOptions = {}): Promise<SdkIndex> {
  const sdk = resolve(sdkPath);
  const frameworks = frameworksFolder(sdk);
  const key = await cacheKey(sdk, frameworks);
  if (!key) return { classes: [], headers: 0, fromCache: false };
  const cacheFile = options.cacheDir ? join(options.cacheDir, `sdk-${createHash('sha1').update(sdk).digest('hex')}.json`) : undefined;
  if (cacheFile) {
    const cached = await readCache(cacheFile, key);
    if (cached) return { ...cached, fromCache: true };
  }
  const folders = key.headerFolders.map(([folder]) => folder);
  const { classes, headers } = await parseHeaders(parser, frameworks, folders, options.onProgress);
  if (cacheFile) await writeCache(cacheFile, { format: CACHE_FORMAT, key, classes, headers });
  return { classes, headers, fromCache: false };
}

// ---------------------------------------------------------------------------------------------- cache

interface CacheKey {
  readonly sdk: string;
  readonly frameworksMtime: number;
  /** [framework folder, mtimeMs of its Headers folder], sorted by name. */
  readonly headerFolders: readonly (readonly [string, number])[];
}

interface CacheContents {
  readonly format: number;
  readonly key: CacheKey;
  readonly classes: SdkClass[];
  readonly headers: number;
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
    const valid = data.format === CACHE_FORMAT && JSON.stringify(data.key) === JSON.stringify(key) && Array.isArray(data.classes) && typeof data.headers === 'number';
    return valid ? { classes: data.classes!, headers: data.headers! } : undefined;
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
): Promise<{ classes: SdkClass[]; headers: number }> {
  const files: { path: string; framework: string; file: string }[] = [];
  for (const folder of frameworkFolders) {
    const framework = folder.replace(/\.framework$/, '');
    const headers = join(frameworks, folder, 'Headers');
    const names = await readdir(headers).catch(() => [] as string[]);
    for (const file of names.filter((n) => n.endsWith('.iig')).sort()) files.push({ path: join(headers, file), framework, file });
  }
  const read: ReadClass[] = [];
  let analysed = 0;
  for (const [i, header] of files.entries()) {
    const classes = await readHeader(parser, header.path, header.framework, `${header.framework}/${header.file}`);
    if (classes) {
      analysed++;
      read.push(...classes);
    }
    onProgress?.(i + 1, files.length);
  }
  return { classes: resolveClasses(read), headers: analysed };
}

/** The classes of one header, or undefined when it cannot be read or is not source text. */
async function readHeader(parser: Parser, path: string, framework: string, include: string): Promise<ReadClass[] | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    // SDK headers use KERNEL, NATIVE and friends freely: unknown-attribute reports are off.
    const model = analyseOnce(parser, 'iig', text, { reportUnknownAttributes: false });
    if (model.kind !== 'iig' || model.skipped) return undefined;
    // Structs in headers are plain data (argument blocks), not classes a driver uses or subclasses.
    return model.classes.filter((c) => c.keyword === 'class').map((c) => readClass(c, framework, include, text));
  } catch {
    return undefined; // unreadable (a folder named .iig, permissions): skipped, never fatal
  }
}

function readClass(decl: ClassDecl, framework: string, include: string, text: string): ReadClass {
  const availability = availabilityOf(decl.attributes);
  return {
    record: { name: decl.name, ...(decl.baseClass && { superclass: decl.baseClass }), framework, include, ...(availability && { availability }), complete: true },
    methods: decl.methods.map((m) => readMethod(m, text)),
  };
}

function readMethod(m: MethodDecl, text: string): ReadMethod {
  const iigAttributes = m.attributes.filter((a) => !a.availability);
  const attributes = iigAttributes.map((a) => (a.argument !== undefined ? `${a.name}(${a.argument})` : a.name));
  const availability = availabilityOf(m.attributes);
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
    ...(availability && { availability }),
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

/** "21.0" from __attribute__((availability(driverkit, introduced=21.0))) or API_AVAILABLE(driverkit(21.0)). */
function availabilityOf(attributes: readonly AttributeNode[]): string | undefined {
  for (const a of attributes) {
    if (!a.availability || !a.argument) continue;
    const found = /availability\s*\(\s*driverkit\s*,[^)]*?\bintroduced\s*=\s*([\d.]+)/.exec(a.argument) ?? /\bdriverkit\s*\(\s*([\d.]+)\s*\)/.exec(a.argument);
    if (found) return found[1];
  }
  return undefined;
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
