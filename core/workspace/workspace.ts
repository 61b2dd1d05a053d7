/**
 * The analyser: owns the parser, the open documents (parsed incrementally) and the index of every
 * DriverKit source in the workspace. The language server and the CLI are thin views over it.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { headerFacts, includedNames, type HeaderFacts, type MacroLookup } from '../model/conditionals';
import type { Parser } from 'web-tree-sitter';
import { bundledCatalog } from '../sdk/bundledCatalog';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { LineIndex } from '../util/lineIndex';
import { codeView } from '../model/codeView';
import type { SourceFile } from '../model/model';
import { checkFile } from '../rules/checkFile';
import type { Finding } from '../rules/finding';
import { analyseOnce, SourceDocument, sourceKindOf } from '../model/sourceDocument';
import { fileKindOf, findSourceFiles, looksLikeDriverKitHeader } from '../model/workspaceFiles';
import { checkPlist, type PlistWorkspace } from '../rules/checkPlist';
import { NO_PROJECT, type PlistFile, type SettingsResolver } from '../plist/plistContext';
import { linkProjects, NO_LINKS, projectCovering, targetNaming, targetsBuilding, type LinkedProject, type LinkedTarget, type ProjectLinks, type UnreadableProject } from '../xcode/projectSettings';
import { unreadableProject } from '../rules/xcode/unreadableProject';
import { sourceDeployment } from '../xcode/deploymentTarget';
import { sourceRole, type SourceRole } from './sourceRoles';
import { parsePlist } from '../plist/plistXml';
import { WorkspaceIndex } from '../model/workspaceIndex';
import { EDITOR_SECTIONS, type SectionPolicy } from '../model/sectionedTrees';
import { WorkspaceSigning } from './workspaceSigning';
import type { SigningWorkspace } from '../rules/checkSigning';
import { mayHoldReportDescriptor } from '../hid/descriptors';
import { checkHidFile } from './hidChecks';
import { ContractIndex } from '../userclient/contractIndex';
import { compactModel } from '../model/compactModel';
import { checkUserClient } from '../rules/checkUserClient';
import { KextChecks } from './kextChecks';
import type { KextSourceFacts } from '../kext/kextSource';

/** An unreadable project's text is kept (to place its finding) only up to this size. */
const MAX_PROJECT_TEXT = 8 * 1024 * 1024;

export class Workspace implements PlistWorkspace, SigningWorkspace {
  readonly index = new WorkspaceIndex();
  /** Provisioning profiles and the signing findings (core/workspace/workspaceSigning.ts). */
  readonly signing = new WorkspaceSigning();
  /** The user-client contract between the dexts' dispatch tables and the apps' calls (core/userclient). */
  readonly contract = new ContractIndex({ paths: () => this.index.paths(), text: (path) => this.texts.get(path), model: (path) => this.index.file(path) });
  /** What the SDK declares: the bundled catalog, or it overlaid by an indexed installed SDK. */
  catalog: SdkCatalog = bundledCatalog();
  /** The installed SDK whose classes are laid over the catalog, when one was indexed. */
  sdkPath: string | undefined;
  private readonly open = new Map<string, SourceDocument>();
  private readonly texts = new Map<string, string>();
  /** Each file's line index with the text it was made from: a file being edited gets its next one from it. */
  private readonly lineIndexes = new Map<string, { readonly text: string; readonly lines: LineIndex }>();
  private readonly codeViews = new Map<string, string>();
  private readonly plists = new Map<string, PlistFile>();
  private readonly openPlists = new Set<string>();
  private links: ProjectLinks = NO_LINKS;
  /** Installed or configured SDK folders: files inside are the SDK, never checked. */
  sdkRoots: readonly string[] = [];
  private readonly iigStems = new Map<string, number>();
  /** Every header's macros and includes, by file name (for conditionals a source can decide). */
  private readonly headers = new Map<string, Map<string, HeaderFacts>>();
  /** Bumped whenever a file or a project changes (the kext rules rebuild their whole view then). */
  generation = 0;
  private readonly kext = new KextChecks(this);

  /** `sections`: how open documents are split for fast re-parsing (tests choose small sections). */
  constructor(
    private readonly parser: Parser,
    private readonly sections: SectionPolicy = EDITOR_SECTIONS,
  ) {}

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /** Open in an editor (a source or a property list): its text is the editor's, not the disk's. */
  private isEditorOwned(path: string): boolean {
    return this.open.has(path) || this.openPlists.has(path);
  }

  /** An editor opened or changed a document: parse incrementally and re-index it. */
  updateOpen(path: string, text: string): SourceFile | undefined {
    // A header is read as the index reads it from disk (when it is one the index keeps).
    const header = !sourceKindOf(path) && fileKindOf(path) === 'header' && (this.open.has(path) || indexedHeader(text));
    const kind = sourceKindOf(path) ?? (header ? 'iig' : undefined);
    if (!kind) return undefined;
    let document = this.open.get(path);
    if (document) document.update(text);
    else {
      document = new SourceDocument(this.parser, kind, text, { reportUnknownAttributes: !header, sections: this.sections, macros: (t) => this.macrosIncludedBy(path, t) });
      this.open.set(path, document);
    }
    this.remember(path, text, document.model);
    // Masking a .iig computed its code view already; completion and hover need it after every keystroke.
    if (document.codeView !== undefined) this.codeViews.set(path, document.codeView);
    return document.model;
  }

  /** An Info.plist or .entitlements, open in an editor (`open`) or read from disk. */
  updatePlist(path: string, text: string, open = false): PlistFile {
    if (open) this.openPlists.add(path);
    const file: PlistFile = { path, text, document: parsePlist(text) };
    this.plists.set(path, file);
    this.signing.invalidate();
    this.texts.set(path, text);
    this.lineIndexes.delete(path);
    return file;
  }

  /** Build settings for the target that names this Info.plist / .entitlements (else plain values). */
  resolverFor(path: string): SettingsResolver {
    return this.links.resolvers.get(path) ?? NO_PROJECT;
  }

  entitlementsFor(infoPlistPath: string): readonly string[] | undefined {
    return this.links.entitlementsOf.get(infoPlistPath);
  }

  targetNaming(path: string): { target: LinkedTarget; as: 'info-plist' | 'entitlements' } | undefined {
    return targetNaming(this.links, path);
  }

  projectCovering(path: string): LinkedProject | undefined {
    return projectCovering(this.links, path);
  }

  unreadableProjects(): readonly UnreadableProject[] {
    return this.links.unreadable;
  }

  projects(): readonly LinkedProject[] {
    return this.links.projects;
  }

  /** The targets that build a source (a dext target first). */
  targetsBuilding(path: string): LinkedTarget[] {
    return targetsBuilding(this.links, path);
  }

  /** Reads the Xcode projects under the roots, linking targets to their files. */
  async loadProjects(roots: readonly string[]): Promise<void> {
    this.links = await linkProjects(roots);
    this.generation++;
    this.signing.invalidate();
    // The signing checks place findings on a target's definition in a project that builds apps or dexts.
    for (const project of this.links.projects) {
      if (!project.path.endsWith('.pbxproj') || !project.targets.some((t) => t.kind === 'dext' || t.kind === 'app')) continue;
      const text = await readFile(project.path, 'utf8').catch(() => undefined);
      if (text !== undefined && text.length <= MAX_PROJECT_TEXT) this.texts.set(project.path, text);
    }
    for (const project of this.links.unreadable) {
      // Its text places the one finding it gets (where the reader stopped).
      const text = await readFile(project.path, 'utf8').catch(() => undefined);
      if (text !== undefined && text.length <= MAX_PROJECT_TEXT) this.texts.set(project.path, text);
    }
    // Classes of one name in two projects: each file sees its own project's first.
    this.index.scopeOf = (path) => projectCovering(this.links, path)?.path ?? '';
  }

  /** What a source is to the checks: only a dext's own sources get DriverKit rules (sourceRoles.ts). */
  roleOf(path: string): SourceRole | undefined {
    const model = this.index.file(path);
    if (!model) return undefined;
    if (model.skipped) {
      // Nothing was read: a .iig or a file a dext target builds is still the user's dext source.
      return /\.iig$/i.test(path) || this.targetsBuilding(path)[0]?.kind === 'dext' ? 'dext' : 'other';
    }
    return sourceRole(path, model, {
      links: this.links,
      catalog: this.catalog,
      sdkRoots: this.sdkRoots,
      hasIig: (stem) => this.iigStems.has(stem),
      declaredIn: (name) => {
        const cls = this.index.classNamed(name);
        return cls && cls.path !== path ? this.roleOf(cls.path) : undefined;
      },
    });
  }

  /** What a kext source says about its classes (undefined for any other file). */
  kextFacts(path: string): KextSourceFacts | undefined {
    return this.kext.workspace().files.get(path);
  }

  /** The kext a kext source belongs to: its Info.plist, when one claims it, and its sources. */
  kextOf(path: string): { plist?: PlistFile; sources: string[] } {
    return this.kext.kextOf(path);
  }

  /** Every indexed source and header. */
  sourcePaths(): Iterable<string> {
    return this.index.paths();
  }

  plistFile(path: string): PlistFile | undefined {
    return this.plists.get(path);
  }

  plistFiles(): IterableIterator<PlistFile> {
    return this.plists.values();
  }

  /** Reads the provisioning profiles of the roots and of `signing.sources` (the signing checks judge with them). */
  async loadProfiles(roots: readonly string[]): Promise<void> {
    await this.signing.load(roots.map((root) => resolve(root)));
  }

  /** Every file with findings to publish: sources, property lists, projects and profiles. */
  allPaths(): string[] {
    const paths = [...this.index.paths(), ...this.plists.keys(), ...this.links.unreadable.map((p) => p.path), ...this.contract.keptPaths()];
    const known = new Set(paths);
    for (const path of this.signingState().findings.keys()) if (!known.has(path)) paths.push(path);
    return paths;
  }

  /** The signing targets and findings of the workspace as it is now. */
  signingState(): ReturnType<WorkspaceSigning['state']> {
    return this.signing.state(this, (path) => this.texts.get(path));
  }

  /** The editor closed a document: keep its last model in the index, drop its syntax tree. */
  close(path: string): void {
    this.openPlists.delete(path);
    this.open.get(path)?.dispose();
    this.open.delete(path);
  }

  /** A file changed on disk (or was created); open documents are the editor's to update. */
  /** Re-reads a file from disk; false when it is not ours or cannot be read. */
  async updateFromDisk(path: string, pace?: () => Promise<void>): Promise<boolean> {
    const kind = fileKindOf(path);
    if (!kind) return false;
    if (this.isEditorOwned(path)) return true;
    let text: string;
    try {
      // Only regular files: a source "file" that is a device or a pipe would never finish reading.
      if (!(await stat(path)).isFile()) throw new Error('not a regular file');
      text = await readFile(path, 'utf8');
    } catch {
      this.remove(path);
      return false;
    }
    await pace?.();
    // The editor may have opened it meanwhile: its text is the editor's now.
    if (this.isEditorOwned(path)) return true;
    if (kind === 'plist') this.updatePlist(path, text);
    else if (kind === 'app') this.updateApp(path, text);
    else if (kind === 'header') {
      this.rememberHeader(path, text);
      // Only headers of DriverKit code are indexed (for classes declared without a .iig), and
      // headers holding a HID report descriptor (core/hid).
      if (!indexedHeader(text)) {
        // Its macros are kept (rememberHeader); it is not indexed as a source.
        this.generation++;
        this.index.remove(path);
        this.texts.delete(path);
        this.lineIndexes.delete(path);
        this.codeViews.delete(path);
        // A shared header of selectors and structs: the contract reads it.
        this.contract.keep(path, text);
        return true;
      }
      this.remember(path, text, compactModel(analyseOnce(this.parser, 'iig', text, { reportUnknownAttributes: false, macros: (t) => this.macrosIncludedBy(path, t) })));
    } else this.remember(path, text, compactModel(analyseOnce(this.parser, kind, text, { reportUnknownAttributes: true, macros: (t) => this.macrosIncludedBy(path, t) })));
    return true;
  }

  /** An app's source (from disk or the editor): read only for the user-client contract. */
  updateApp(path: string, text: string): void {
    this.contract.keep(path, text);
    // Kept while the contract keeps the text: the next index is made from it (an app edited in the editor).
    if (this.contract.text(path) === undefined) this.lineIndexes.delete(path);
  }

  remove(path: string): void {
    this.generation++;
    this.close(path);
    this.forgetStem(path);
    this.headers.get(basename(path))?.delete(path);
    this.index.remove(path);
    if (this.plists.delete(path)) this.signing.invalidate();
    this.texts.delete(path);
    this.lineIndexes.delete(path);
    this.codeViews.delete(path);
    // After its text is gone: the contract then no longer counts it among the files calling a user client.
    this.contract.forget(path);
  }

  /**
   * Indexes every DriverKit source under the roots; returns how many files were read. `pace`, awaited
   * before each file is analysed, lets the caller hold the scan back (the language server does while
   * the user types).
   */
  async scan(given: readonly string[], excludeFolders: ReadonlySet<string> = new Set(), onProgress?: (done: number, total: number) => void, pace?: () => Promise<void>): Promise<number> {
    // Absolute paths throughout: projects name their files absolutely.
    const roots = given.map((root) => resolve(root));
    await this.loadProjects(roots);
    await this.loadProfiles(roots);
    // Headers first: the sources after them can then decide conditionals on the macros they define.
    const all = await findSourceFiles(roots, excludeFolders);
    const files = [...all.filter((f) => fileKindOf(f) === 'header'), ...all.filter((f) => fileKindOf(f) !== 'header')];
    let done = 0;
    for (const path of files) {
      await this.updateFromDisk(path, pace);
      onProgress?.(++done, files.length);
    }
    // Apps' calls are read once their language's grammar is loaded (core/model/appGrammars.ts).
    await this.contract.settled();
    return files.length;
  }

  check(path: string): Finding[] {
    const signing = this.signingState().findings.get(path) ?? [];
    if (this.plists.has(path)) return [...checkPlist(this, path), ...this.kext.checkPlist(path), ...signing];
    const unreadable = this.links.unreadable.find((p) => p.path === path);
    if (unreadable) return unreadableProject.check(unreadable, this.texts.get(path));
    if (signing.length > 0) return signing;
    const model = this.index.file(path);
    if (!model) return this.contract.text(path) !== undefined ? this.checkAppCalls(path) : [];
    const role = this.roleOf(path);
    // A report descriptor is checked wherever it is (a kext's, a test tool's), except in the SDK.
    const hid = role === 'sdk' ? [] : checkHidFile(this, path);
    if (role === 'kext') return [...this.kext.checkSource(path), ...hid];
    if (role !== 'dext') return role === 'sdk' ? hid : [...hid, ...this.checkAppCalls(path)];
    const lines = this.lines(path);
    const tables = this.contract.tablesIn(path).length > 0 ? this.contract.contract().entryValues(path) : [];
    const userClient = checkUserClient(path, [], { entries: tables, writes: this.contract.linksWritingIn(path) });
    return [...checkFile(path, model, this.index, this.catalog, { lineOf: lines ? (offset) => lines.position(offset).line : undefined, deployment: sourceDeployment(this.targetsBuilding(path)) }), ...hid, ...userClient];
  }

  /** The userclient.* findings of an app's source: its linked calls, and IOKit's limits on every call. */
  private checkAppCalls(path: string): Finding[] {
    return checkUserClient(path, this.contract.linksFrom(path), { calls: this.contract.contract().callValues(path) });
  }

  text(path: string): string | undefined {
    return this.texts.get(path) ?? this.contract.text(path);
  }

  lines(path: string): LineIndex | undefined {
    const text = this.text(path);
    if (text === undefined) return undefined;
    const last = this.lineIndexes.get(path);
    if (last?.text === text) return last.lines;
    // A file being edited: from the last index and text (the last keystroke's), not from scratch.
    const lines = last ? LineIndex.after(last.lines, last.text, text) : LineIndex.of(text);
    this.lineIndexes.set(path, { text, lines });
    return lines;
  }

  /** The code view of a file's text (comments and strings blanked), computed once per text. */
  code(path: string): string | undefined {
    let code = this.codeViews.get(path);
    if (code === undefined) {
      const text = this.texts.get(path);
      if (text === undefined) return undefined;
      code = codeView(text);
      this.codeViews.set(path, code);
    }
    return code;
  }

  private rememberHeader(path: string, text: string): void {
    const name = basename(path);
    let byPath = this.headers.get(name);
    if (!byPath) this.headers.set(name, (byPath = new Map()));
    byPath.set(path, headerFacts(text));
  }

  /**
   * The macros the headers a source includes define (and the headers they include, a few levels
   * deep), looked up by file name; a name two headers of the workspace share resolves to the one in
   * the source's own folder, else to none.
   */
  macrosIncludedBy(path: string, text: string): MacroLookup {
    const found = new Map<string, string>();
    const seen = new Set<string>();
    const visit = (names: readonly string[], from: string, depth: number): void => {
      for (const name of names) {
        const candidates = this.headers.get(name);
        if (!candidates || depth > 4) continue;
        const header = candidates.size === 1 ? [...candidates][0] : [...candidates].find(([p]) => dirname(p) === dirname(from));
        if (!header || seen.has(header[0])) continue;
        seen.add(header[0]);
        for (const [macro, value] of header[1].defines) if (!found.has(macro)) found.set(macro, value);
        visit(header[1].includes, header[0], depth + 1);
      }
    };
    visit(includedNames(text), path, 0);
    return (name) => found.get(name);
  }

  private forgetStem(path: string): void {
    if (!this.index.file(path) || !/\.iig$/i.test(path)) return;
    const stem = basename(path, extname(path));
    const left = (this.iigStems.get(stem) ?? 1) - 1;
    if (left > 0) this.iigStems.set(stem, left);
    else this.iigStems.delete(stem);
  }

  dispose(): void {
    for (const document of this.open.values()) document.dispose();
    this.open.clear();
  }

  private remember(path: string, text: string, model: SourceFile): void {
    if (!this.index.file(path) && /\.iig$/i.test(path)) {
      const stem = basename(path, extname(path));
      this.iigStems.set(stem, (this.iigStems.get(stem) ?? 0) + 1);
    }
    this.generation++;
    this.texts.set(path, text);
    // Kept for a source open in the editor: its next index is made from this one.
    if (!this.open.has(path)) this.lineIndexes.delete(path);
    this.codeViews.delete(path);
    this.index.set(path, model);
    this.contract.forget(path);
  }
}

/** A header the index keeps: DriverKit code, or a HID report descriptor. */
function indexedHeader(text: string): boolean {
  // A kext's header is indexed too: the kext rules read its class declarations.
  return looksLikeDriverKitHeader(text) || mayHoldReportDescriptor(text) || /\bOSDeclare(?:Default|Abstract|Final)Structors\s*\(/.test(text);
}
