/** Shows DriverKit catalog classes (targets of "go to definition" without an SDK) as read-only documents. */
import * as vscode from 'vscode';
import { CATALOG_SCHEME, CatalogDocumentRequest } from '../../../protocol/catalog';
import type { LanguageServer } from '../languageServer/languageServer';

export function activateCatalogDocuments(server: LanguageServer): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      return (await server.request(CatalogDocumentRequest, { uri: uri.toString() })) ?? '// The DriverKit language server is not running.';
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(CATALOG_SCHEME, provider),
    // Rendered classes read as .iig, with the IIG grammar.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.uri.scheme === CATALOG_SCHEME && document.languageId !== 'iig') void vscode.languages.setTextDocumentLanguage(document, 'iig');
    }),
  );
}
