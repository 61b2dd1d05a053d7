/**
 * macOS tools (systemextensionsctl, log, xcodebuild) as the extension runs them: the executable named
 * by a machine-scoped setting when one is set — honoured only in a trusted workspace — else the
 * tool's own name. Off macOS only a configured stand-in (for example one printing a recording) runs.
 */
import * as vscode from 'vscode';

export interface MacTool {
  /** The executable to run. */
  readonly executable: string;
  /** Whether running it makes sense here: macOS, or a configured stand-in. */
  readonly available: boolean;
}

export function macTool(setting: string, name: string): MacTool {
  const configured = vscode.workspace.getConfiguration().get<string>(setting, '').trim();
  const usable = configured !== '' && vscode.workspace.isTrusted;
  return { executable: usable ? configured : name, available: usable || process.platform === 'darwin' };
}
