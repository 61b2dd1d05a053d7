/** What every LSP feature needs: the analyser and the mapping between file paths and URIs. */
import type { Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Span } from '../../../core/model/span';
import type { Workspace } from '../../../core/workspace/workspace';

export class FeatureContext {
  private readonly uris = new Map<string, string>();

  constructor(readonly workspace: Workspace) {}

  /** Paths are the index's keys; a document's own URI string is kept so replies use its exact spelling. */
  pathOf(uri: string): string {
    const parsed = URI.parse(uri);
    const path = parsed.scheme === 'file' ? parsed.fsPath : uri;
    this.uris.set(path, uri);
    return path;
  }

  uriOf(path: string): string {
    return this.uris.get(path) ?? URI.file(path).toString();
  }

  range(path: string, span: Span): Range {
    const lines = this.workspace.lines(path);
    const start = lines?.position(span.start) ?? { line: 0, character: 0 };
    const end = lines?.position(span.end) ?? start;
    return { start, end };
  }

  offset(path: string, position: { line: number; character: number }): number | undefined {
    return this.workspace.lines(path)?.offset(position);
  }
}
