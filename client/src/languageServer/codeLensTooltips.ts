/** Tooltips for the code lenses the server sends: LSP commands carry a title but no tooltip. */
import type * as vscode from 'vscode';
import { ATTACH_TO_DEXT_COMMAND, BUILD_AND_DEBUG_COMMAND } from '../../../protocol/commands';

const TOOLTIPS: Readonly<Record<string, string>> = {
  [BUILD_AND_DEBUG_COMMAND]: 'Build, activate the dext, wait for it to start and attach lldb',
  [ATTACH_TO_DEXT_COMMAND]: 'Attach lldb to the running dext, without building',
};

export function withCommandTooltips(lenses: vscode.CodeLens[] | null | undefined): vscode.CodeLens[] | null | undefined {
  for (const lens of lenses ?? []) {
    if (lens.command && TOOLTIPS[lens.command.command]) lens.command.tooltip = TOOLTIPS[lens.command.command];
  }
  return lenses;
}
