/**
 * The analyser: owns the parser, the open documents (parsed incrementally) and the index of every
 * DriverKit source in the workspace. The language server and the CLI are thin views over it.
 */
import { readFile } from 'node:fs/promises';
import type { Parser } from 'web-tree-sitter';
import { bundledCatalog } from '../sdk/bundledCatalog';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { LineIndex } from '../util/lineIndex';
import { codeView } from './codeView';
import type { SourceFile } from './model';
import { checkFile } from './rules/checkFile';
import type { Finding } from './rules/finding';
import { analyseOnce, SourceDocument, sourceKindOf } from './sourceDocument';
import { findSourceFiles } from './workspaceFiles';
import { WorkspaceIndex } from './workspaceIndex';

export class Workspace {
  readonly index = new WorkspaceIndex();
  /** What the SDK declares: the bundled catalog, or it overlaid by an indexed installed SDK. */
  catalog: SdkCatalog = bundledCatalog();
  /** The installed SDK whose classes are laid over the catalog, when one was indexed. */
  sdkPath: string | undefined;
  private readonly open = new Map<string, SourceDocument>();
  private readonly texts = new Map<string, string>();
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly codeViews = new Map<string, string>();

  constructor(private readonly parser: Parser) {}

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /** An editor opened or changed a document: parse incrementally and re-index it. */
  updateOpen(path: string, text: string): SourceFile | undefined {
    const kind = sourceKindOf(path);
    if (!kind) return undefined;
    let document = this.open.get(path);
    if (document) document.update(text);
    else {
      document = new SourceDocument(this.parser, kind, text);
      this.open.set(path, document);
    }
    this.remember(path, text, document.model);
    return document.model;
  }

  /** The editor closed a document: keep its last model in the index, drop its syntax tree. */
  close(path: string): void {
    this.open.get(path)?.dispose();
    this.open.delete(path);
  }

  /** A file changed on disk (or was created); open documents are the editor's to update. */
  async updateFromDisk(path: string): Promise<SourceFile | undefined> {
    const kind = sourceKindOf(path);
    if (!kind || this.open.has(path)) return this.index.file(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      this.remove(path);
      return undefined;
    }
    const model = analyseOnce(this.parser, kind, text);
    this.remember(path, text, model);
    return model;
  }

  remove(path: string): void {
    this.close(path);
    this.index.remove(path);
    this.texts.delete(path);
    this.lineIndexes.delete(path);
    this.codeViews.delete(path);
  }

  /** Indexes every DriverKit source under the roots; returns how many files were read. */
  async scan(roots: readonly string[], excludeFolders: ReadonlySet<string> = new Set(), onProgress?: (done: number, total: number) => void): Promise<number> {
    const files = await findSourceFiles(roots, excludeFolders);
    let done = 0;
    for (const path of files) {
      await this.updateFromDisk(path);
      onProgress?.(++done, files.length);
    }
    return files.length;
  }

  check(path: string): Finding[] {
    return checkFile(path, this.index, this.catalog);
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
