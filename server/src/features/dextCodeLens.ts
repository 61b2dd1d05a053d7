/**
 * "Build and Debug" and "Attach" above a dext's Info.plist (the commands are the client's, which
 * adds their tooltips: LSP commands have none).
 */
import { basename } from 'node:path';
import type { CodeLens } from 'vscode-languageserver';
import { dextProjects } from '../../../core/rules/checkPlist';
import { ATTACH_TO_DEXT_COMMAND, BUILD_AND_DEBUG_COMMAND } from '../../../protocol/commands';
import type { FeatureContext } from './context';

export function dextCodeLenses(context: FeatureContext, path: string): CodeLens[] {
  if (basename(path) !== 'Info.plist' || !dextProjects(context.workspace).some((p) => p.info.path === path)) return [];
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const uri = context.uriOf(path);
  return [
    { range: top, command: { title: '$(debug-alt) Build and Debug', command: BUILD_AND_DEBUG_COMMAND, arguments: [uri] } },
    { range: top, command: { title: '$(debug) Attach', command: ATTACH_TO_DEXT_COMMAND, arguments: [uri] } },
  ];
}
