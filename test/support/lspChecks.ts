/** Small checks shared by the LSP load and failure tests (and the load benchmark's positions). */
import assert from 'node:assert/strict';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { guard } from '../../scripts/bench/support';
import { uriOf, type LspClient } from './lspClient';

export type Position = { line: number; character: number };

/** Zero-based position `delta` characters past the start of the first `needle` at or after offset `from`. */
export function positionOf(text: string, needle: string, delta = 0, from = 0): Position {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`"${needle}" is not in the text after offset ${from}`);
  const lines = text.slice(0, offset + delta).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** Polls `check` every 50 ms until it holds; fails after `ms`, naming `what`. */
export async function pollUntil(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The server answers for an open .iig declaring `className` (derived from IOService): its document
 * symbols name the class, and a hover on the base class explains IOService. `ms` only catches a hang.
 */
export async function expectAnswersFor(client: LspClient, path: string, text: string, className: string, ms: number): Promise<void> {
  const textDocument = { uri: uriOf(path) };
  const symbols = await guard(client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument }), ms, `documentSymbol of ${path}`);
  assert.equal(symbols[0]?.name, className);
  const position = positionOf(text, 'public IOService', 'public IOSer'.length);
  const hover = await guard(client.request<Hover | null>('textDocument/hover', { textDocument, position }), ms, `hover in ${path}`);
  assert.match(JSON.stringify(hover?.contents), /IOService/);
}
