/**
 * The HID findings of one file: its report descriptors (core/hid finds and decodes them, also through
 * the files that include it) and the report lengths its code writes, through the hid.* rules.
 */
import { isDecoded } from '../hid/descriptors';
import { descriptorOfClass, fileDescriptors, type HidWorkspace } from '../hid/hidIndex';
import { reportLengthSites } from '../hid/reportLengths';
import { checkHid } from '../rules/checkHid';
import type { Finding } from '../rules/finding';

export function checkHidFile(workspace: HidWorkspace, path: string): Finding[] {
  const file = workspace.index.file(path);
  const text = workspace.text(path);
  if (!file || text === undefined || file.skipped) return [];
  const descriptors = fileDescriptors(workspace, path).filter(isDecoded);
  const lengthSites = reportLengthSites(text, file, (className) => descriptorOfClass(workspace, className));
  return checkHid({ path, descriptors, lengthSites });
}
