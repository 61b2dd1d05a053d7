/**
 * Where `driverkit.buildAndDebug.hostApp` points: relative to the workspace folder, with
 * `${workspaceFolder}` replaced. Build and Debug launches that app; Diagnose Activation reads its
 * quarantine attribute. Pure.
 */
import { resolve } from 'node:path';

export function hostAppPath(setting: string, folder: string): string {
  return resolve(folder, setting.split('${workspaceFolder}').join(folder));
}
