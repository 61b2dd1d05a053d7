/**
 * Read-only documents of the bundled DriverKit catalog: "go to definition" on an SDK class without
 * an installed SDK lands on `driverkit-catalog:/<Framework>/<Class>.iig`, and the client asks the
 * server for that document's text.
 */
import { RequestType } from 'vscode-jsonrpc';

export const CATALOG_SCHEME = 'driverkit-catalog';

/** The URI of a class's rendering. */
export function catalogUri(framework: string, className: string): string {
  return `${CATALOG_SCHEME}:/${framework}/${className}.iig`;
}

/** "driverkit-catalog:/HIDDriverKit/IOUserHIDEventService.iig" → "IOUserHIDEventService". */
export function classNameOfCatalogUri(uri: string): string | undefined {
  return new RegExp(`^${CATALOG_SCHEME}:/+[\\w.]+/(\\w+)\\.iig$`).exec(uri)?.[1];
}

export interface CatalogDocumentParams {
  /** A `driverkit-catalog:` URI. */
  readonly uri: string;
}

/** The text of a catalog class rendered as .iig (a comment saying so when the class is unknown). */
export const CatalogDocumentRequest = new RequestType<CatalogDocumentParams, string, void>('driverkit/catalogDocument');
