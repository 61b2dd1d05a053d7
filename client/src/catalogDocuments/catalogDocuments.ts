/** Shows DriverKit catalog classes (targets of "go to definition" without an SDK) as read-only documents. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const CATALOG_SCHEME = 'driverkit-catalog';

export function activateCatalogDocuments(getClient: () => LanguageClient | undefined): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      const client = getClient();
      if (!client) return '// The DriverKit language server is not running.';
      return client.sendRequest<string>('driverkit/catalogDocument', { uri: uri.toString() });
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
