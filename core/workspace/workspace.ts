/**
 * The analyser: owns the parser, the open documents (parsed incrementally) and the index of every
 * DriverKit source in the workspace. The language server and the CLI are thin views over it.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Parser } from 'web-tree-sitter';
import { bundledCatalog } from '../sdk/bundledCatalog';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { LineIndex } from '../util/lineIndex';
import { codeView } from '../model/codeView';
import type { SourceFile } from '../model/model';
import { checkFile } from '../rules/checkFile';
import type { Finding } from '../rules/finding';
import { analyseOnce, SourceDocument, sourceKindOf } from '../model/sourceDocument';
import { fileKindOf, findSourceFiles } from '../model/workspaceFiles';
import { checkPlist, type PlistWorkspace } from '../rules/checkPlist';
import { NO_PROJECT, type PlistFile, type SettingsResolver } from '../plist/plistContext';
import { linkProjects, NO_LINKS, type ProjectLinks } from '../xcode/projectSettings';
import { parsePlist } from '../plist/plistXml';
import { WorkspaceIndex } from '../model/workspaceIndex';
import { EDITOR_SECTIONS, type SectionPolicy } from '../model/sectionedTrees';

export class Workspace implements PlistWorkspace {
  readonly index = new WorkspaceIndex();
  /** What the SDK declares: the bundled catalog, or it overlaid by an indexed installed SDK. */
  catalog: SdkCatalog = bundledCatalog();
  /** The installed SDK whose classes are laid over the catalog, when one was indexed. */
  sdkPath: string | undefined;
  private readonly open = new Map<string, SourceDocument>();
  private readonly texts = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly codeViews = new Map<string, string>();
  private readonly plists = new Map<string, PlistFile>();
  private readonly openPlists = new Set<string>();
  private links: ProjectLinks = NO_LINKS;

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
    const kind = sourceKindOf(path);
    if (!kind) return undefined;
    let document = this.open.get(path);
    if (document) document.update(text);
    else {
      document = new SourceDocument(this.parser, kind, text, { reportUnknownAttributes: true, sections: this.sections });
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
    this.texts.set(path, text);
    this.lineIndexes.delete(path);
    return file;
  }

  /** Build settings for the target that names this Info.plist / .entitlements (else plain values). */
  resolverFor(path: string): SettingsResolver {
    return this.links.resolvers.get(path) ?? NO_PROJECT;
  }

  entitlementsFor(infoPlistPath: string): string | undefined {
    return this.links.entitlementsOf.get(infoPlistPath);
  }

  /** Reads the Xcode projects under the roots, linking targets to their Info.plist and entitlements. */
  async loadProjects(roots: readonly string[]): Promise<void> {
    this.links = await linkProjects(roots);
  }

  plistFile(path: string): PlistFile | undefined {
    return this.plists.get(path);
  }

  plistFiles(): IterableIterator<PlistFile> {
    return this.plists.values();
  }

  /** Every file with findings to publish: sources and property lists. */
  allPaths(): string[] {
    return [...this.index.paths(), ...this.plists.keys()];
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
    else this.remember(path, text, analyseOnce(this.parser, kind, text));
    return true;
  }

  remove(path: string): void {
    this.close(path);
    this.index.remove(path);
    this.plists.delete(path);
    this.texts.delete(path);
    this.lineIndexes.delete(path);
    this.codeViews.delete(path);
  }

  /**
   * Indexes every DriverKit source under the roots; returns how many files were read. `pace`, awaited
   * before each file is analysed, lets the caller hold the scan back (the language server does while
   * the user types).
   */
  async scan(roots: readonly string[], excludeFolders: ReadonlySet<string> = new Set(), onProgress?: (done: number, total: number) => void, pace?: () => Promise<void>): Promise<number> {
    await this.loadProjects(roots);
    const files = await findSourceFiles(roots, excludeFolders);
    let done = 0;
    for (const path of files) {
      await this.updateFromDisk(path, pace);
      onProgress?.(++done, files.length);
    }
    return files.length;
  }

  check(path: string): Finding[] {
    return this.plists.has(path) ? checkPlist(this, path) : checkFile(path, this.index, this.catalog);
  }

  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  lines(path: string): LineIndex | undefined {
    let lines = this.lineIndexes.get(path);
    if (!lines) {
      const text = this.texts.get(path);
      if (text === undefined) return undefined;
      lines = LineIndex.of(text);
      this.lineIndexes.set(path, lines);
    }
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

  dispose(): void {
    for (const document of this.open.values()) document.dispose();
    this.open.clear();
  }

  private remember(path: string, text: string, model: SourceFile): void {
    this.texts.set(path, text);
    this.lineIndexes.delete(path);
    this.codeViews.delete(path);
    this.index.set(path, model);
  }
}
