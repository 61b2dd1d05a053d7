/** The text of a catalog class rendered for "go to definition" (the client shows it read-only). */
import { renderClass } from '../../../core/sdk/catalogDocument';
import { classNameOfCatalogUri, type CatalogDocumentParams } from '../../../protocol/catalog';
import type { FeatureContext } from './context';

export function catalogDocument(context: FeatureContext, { uri }: CatalogDocumentParams): string {
  const name = classNameOfCatalogUri(uri);
  const cls = name ? context.workspace.catalog.classNamed(name) : undefined;
  return cls ? renderClass(cls).text : `// ${uri}: no such class in the DriverKit catalog.\n`;
}
