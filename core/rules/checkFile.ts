/** Runs every rule that applies to one indexed file. */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { checkCpp } from './cppRules';
import type { Finding } from './finding';
import { checkIig } from './iigRules';
import { RULES } from './ruleCatalog';
import { checkCppAgainstSdk, checkIigAgainstSdk, checkStructorMacros } from './sdkRules';
import { finding } from './finding';

export function checkFile(path: string, index: WorkspaceIndex, catalog: SdkCatalog): Finding[] {
  const file = index.file(path);
  if (!file) return [];
  if (file.skipped) {
    const rule = Object.values(RULES).find((r) => r.code === file.skipped?.code) ?? RULES.fileTooComplex;
    return [finding(rule, path, file.skipped.span, file.skipped.message)];
  }
  const structors = checkStructorMacros(path, file);
  return file.kind === 'iig'
    ? [...checkIig(path, file, index, catalog), ...checkIigAgainstSdk(path, file, index, catalog), ...structors]
    : [...checkCpp(path, file, index, catalog), ...checkCppAgainstSdk(path, file, index, catalog), ...structors];
}
