/**
 * The workspace's contract facts, file by file, computed when first asked and dropped when the file
 * changes; the linked contract (core/userclient/contract.ts) is rebuilt from them after any change.
 * Besides the indexed sources, it keeps the text of the files only the contract needs: the app's C
 * and Objective-C sources, and headers the index does not keep (a shared header of selectors and
 * structs includes nothing of DriverKit).
 */
import { appGrammarRequested, appLanguageOf, appParser, loadAppGrammar, type AppLanguage } from '../model/appGrammars';
import { codeView } from '../model/codeView';
import type { SourceFile } from '../model/model';
import { AppTrees, mayCallUserClient, readAppSource, type AppSource } from './appCalls';
import { Contract, ContractMemo, type ContractFacts, type ContractLink } from './contract';
import { dispatchTablesOf, handledSelectors, type DispatchTable } from './dispatch';
import { handlersOf } from './handlers';
import { fileValuesOf, KeptValues } from './keptValues';
import { swiftTypeNames } from './swiftDeclarations';

export interface ContractSources {
  /** Paths of the indexed sources. */
  paths(): Iterable<string>;
  text(path: string): string | undefined;
  model(path: string): SourceFile | undefined;
}

/** A kept file larger than this is no shared header or app source worth reading. */
const MAX_KEPT = 1024 * 1024;
const NO_FACTS: ContractFacts = { constants: [], structs: [], calls: [], tables: [], handled: new Set(), names: new Set(), includes: [], classes: [], matches: [] };

export class ContractIndex {
  private readonly kept = new Map<string, string>();
  /** The files that write an IOConnectCall… call (see noteCaller). */
  private readonly callers = new Set<string>();
  /** The last trees of the app files read most recently: an edited one is re-parsed incrementally. */
  private readonly trees = new AppTrees();
  /** The last constants, structs and includes of the files without a model read most recently. */
  private readonly values = new KeptValues();
  private readonly facts = new Map<string, ContractFacts>();
  private built: { contract: Contract; byPath: Map<string, ContractLink[]>; byTable: Map<string, ContractLink[]>; byWrite: Map<string, ContractLink[]> } | undefined;
  /** The facts the last contract was built from, and what it computed. */
  private lastBuild: { facts: ReadonlyMap<string, ContractFacts>; contract: Contract } | undefined;
  /** Files whose calls wait for their language's grammar: read again when it arrives. */
  private readonly waiting = new Map<string, AppLanguage>();
  private readonly loads = new Set<Promise<void>>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly sources: ContractSources) {}

  /** A file the index does not keep (an app source, a plain header, a Swift source): its text is kept when it may matter. */
  keep(path: string, text: string): void {
    this.drop(path);
    const pattern = /\.swift$/i.test(path) ? /IOConnectCall|\b(?:struct|class|enum|typealias|actor)\b/ : /IOConnectCall|\benum\b|\bstruct\b|#\s*define/;
    if (text.length <= MAX_KEPT && pattern.test(text)) this.kept.set(path, text);
    this.noteCaller(path);
    if (text.length <= MAX_KEPT && mayCallUserClient(text)) this.grammarFor(path);
  }

  /** Called whenever a grammar arrives and files' calls changed (the server publishes their findings again). */
  onCallsRead(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves when every file holding `IOConnectCall` has its grammar (or its grammar failed to load):
   * driverkit-check waits for it before checking; the editor does not, and hears of it through onCallsRead.
   */
  async settled(): Promise<void> {
    for (const path of new Set([...this.sources.paths(), ...this.kept.keys()])) {
      const text = this.textOf(path);
      if (text !== undefined && mayCallUserClient(text)) this.grammarFor(path);
    }
    while (this.loads.size > 0) await Promise.all([...this.loads]);
  }

  /** Starts loading the grammar a file's calls are read with, unless it is there or on its way. */
  private grammarFor(path: string): void {
    const language = appLanguageOf(path);
    if (!language || appParser(language)) return;
    this.waiting.set(path, language);
    if (appGrammarRequested(language)) return;
    const load = loadAppGrammar(language).then(() => {
      this.loads.delete(load);
      let changed = false;
      for (const [waiting, lang] of this.waiting) {
        if (lang !== language) continue;
        this.waiting.delete(waiting);
        this.touch(waiting);
        changed = true;
      }
      if (changed) for (const listener of this.listeners) listener();
    });
    this.loads.add(load);
  }

  /** A file changed or was indexed. */
  touch(path: string): void {
    this.facts.delete(path);
    this.built = undefined;
    this.noteCaller(path);
  }

  /**
   * Whether a file writes an IOConnectCall… call, kept up to date as files change: with none in the
   * workspace there are no links, and a keystroke in a dext source need not build the contract.
   */
  private noteCaller(path: string): void {
    const text = this.textOf(path);
    if (text !== undefined && mayCallUserClient(text)) this.callers.add(path);
    else this.callers.delete(path);
  }

  /** A file gone from the workspace. */
  forget(path: string): void {
    this.drop(path);
    this.values.forget(path);
  }

  /** A file's kept text and its wait for a grammar; its last values stay for its next version. */
  private drop(path: string): void {
    this.kept.delete(path);
    this.waiting.delete(path);
    this.touch(path);
  }

  /** Kept files: the app sources the workspace checks besides its index. */
  keptPaths(): IterableIterator<string> {
    return this.kept.keys();
  }

  text(path: string): string | undefined {
    return this.kept.get(path);
  }

  /** The links of the app calls in one file. */
  linksFrom(path: string): readonly ContractLink[] {
    return this.build().byPath.get(path) ?? [];
  }

  /** The links that reach the tables of one file. */
  linksInto(tablePath: string): readonly ContractLink[] {
    return this.build().byTable.get(tablePath) ?? [];
  }

  /** The links whose handler sets `structureOutput` in a file, for calls that pass a descriptor. */
  linksWritingIn(path: string): readonly ContractLink[] {
    return this.callers.size === 0 ? [] : (this.build().byWrite.get(path) ?? []);
  }

  /** The dispatch tables a file declares (none, without reading its facts, when it never names the type). */
  tablesIn(path: string): readonly DispatchTable[] {
    const text = this.textOf(path);
    if (!this.facts.has(path) && (text === undefined || !/\bIOUserClientMethodDispatch\b/.test(text))) return [];
    return this.factsOf(path).tables;
  }

  contract(): Contract {
    return this.build().contract;
  }

  private build(): NonNullable<ContractIndex['built']> {
    if (this.built) return this.built;
    const all = new Map<string, ContractFacts>();
    for (const path of new Set([...this.sources.paths(), ...this.kept.keys()])) {
      const facts = this.factsOf(path);
      if (facts !== NO_FACTS) all.set(path, facts);
    }
    // A keystroke in an app file changes its calls only: the last contract's values and links still hold.
    const last = this.lastBuild;
    const contract = new Contract(all, last && onlyCallsChanged(last.facts, all) ? last.contract.memoForNext() : new ContractMemo());
    this.lastBuild = { facts: all, contract };
    const byPath = new Map<string, ContractLink[]>();
    const byTable = new Map<string, ContractLink[]>();
    const byWrite = new Map<string, ContractLink[]>();
    for (const link of contract.links) {
      push(byPath, link.path, link);
      push(byTable, link.tablePath, link);
      if (link.outputWrite) push(byWrite, link.outputWrite.path, link);
    }
    this.built = { contract, byPath, byTable, byWrite };
    return this.built;
  }

  private textOf(path: string): string | undefined {
    return this.kept.get(path) ?? this.sources.text(path);
  }

  /** A file's calls, services and Swift types; none yet while its grammar loads (the file is read again then). */
  private appSource(path: string, text: string): AppSource {
    const language = appLanguageOf(path);
    const calls = mayCallUserClient(text);
    const parser = language && calls ? appParser(language) : undefined;
    if (!language || !parser) {
      if (language && calls) this.grammarFor(path);
      return { calls: [], matches: [] };
    }
    return readAppSource(text, language, parser, { cache: this.trees, path });
  }

  private factsOf(path: string): ContractFacts {
    const known = this.facts.get(path);
    if (known) return known;
    let facts = NO_FACTS;
    const text = this.textOf(path);
    const model = this.kept.has(path) ? undefined : this.sources.model(path);
    const swift = /\.swift$/i.test(path);
    if (text !== undefined && swift) {
      // A Swift source: only its calls, and the types it declares (their sizes are Swift's, not a C header's).
      const source = this.appSource(path, text);
      facts = { ...NO_FACTS, calls: source.calls, matches: source.matches, structs: swiftTypeNames(text).map((name) => ({ name, fields: [{ type: '?', count: '1' }] })) };
    } else if (text !== undefined && !model?.skipped && /IOConnectCall|IOUserClientMethodDispatch|\benum\b|\bstruct\b|#\s*define|\bconst/.test(text)) {
      // A file without a model (an app source, a plain header) is read per window as it is edited (keptValues.ts).
      const { values, code } = model ? { code: codeView(text), values: undefined } : this.values.read(path, text);
      const tables = model ? dispatchTablesOf(code, model) : [];
      const source = this.appSource(path, text);
      facts = {
        ...(values ?? fileValuesOf(code, text)),
        calls: source.calls,
        tables,
        // The empty ones are shared, so two reads of an app file compare by identity (sameValues).
        handled: model && tables.length > 0 ? handledSelectors(code, model) : NO_FACTS.handled,
        names: tables.length > 0 ? namesOutside(code, tables.map((t) => t.entries)) : NO_FACTS.names,
        ...(model?.kind === 'cpp' && { handlers: handlersOf(code, model) }),
        classes: NO_FACTS.classes,
        matches: NO_FACTS.matches,
      };
    }
    // A .iig's classes: the services an app may match to reach its user client (core/userclient/contract.ts).
    // Only a .iig's: a class in a plain header (read the same way) may be a kext's, which an app of the
    // same repository matches without ever reaching the dext's table.
    if (model?.kind === 'iig' && /\.iig$/i.test(path) && !model.skipped && model.classes.length > 0) facts = { ...facts, classes: model.classes.slice(0, 256).map((c) => c.name) };
    this.facts.set(path, facts);
    return facts;
  }
}

/** Every name the code uses outside the tables' entries (one pass: entries and names both in text order). */
function namesOutside(code: string, tables: readonly (readonly { span: { start: number; end: number } }[])[]): Set<string> {
  const spans = tables.flat().map((e) => e.span).sort((a, b) => a.start - b.start);
  const out = new Set<string>();
  let next = 0;
  for (const m of code.matchAll(/\b[A-Za-z_]\w*\b/g)) {
    if (out.size >= 100000) break;
    while (next < spans.length && spans[next].end <= m.index) next++;
    if (next < spans.length && spans[next].start <= m.index) continue;
    out.add(m[0]);
  }
  return out;
}

/**
 * Whether two builds' facts differ in their calls only (files whose facts were read again are
 * compared). A file read again with dispatch tables or handlers never counts: links point at those
 * objects, and the editor finds a table's links by the table it has now.
 */
function onlyCallsChanged(before: ReadonlyMap<string, ContractFacts>, after: ReadonlyMap<string, ContractFacts>): boolean {
  if (before.size !== after.size) return false;
  for (const [path, facts] of after) {
    const was = before.get(path);
    if (!was) return false;
    if (was === facts) continue;
    if (was.tables.length > 0 || facts.tables.length > 0 || was.handlers?.length || facts.handlers?.length) return false;
    if (!sameValues(was, facts)) return false;
  }
  return true;
}

/** Whether two reads of a file agree in everything but their calls (a value kept from the last read is the same object). */
function sameValues(a: ContractFacts, b: ContractFacts): boolean {
  const fields = (f: ContractFacts): unknown[] => [f.constants, f.structs, f.tables, f.handled, f.names, f.includes, f.handlers, f.classes, f.matches];
  const [x, y] = [fields(a), fields(b)];
  if (x.every((value, i) => value === y[i])) return true;
  const json = (f: ContractFacts): string => JSON.stringify([f.constants, f.structs, f.tables, [...f.handled], [...f.names], f.includes, f.handlers ?? null, f.classes, f.matches]);
  return json(a) === json(b);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
