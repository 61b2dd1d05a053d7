/**
 * The fixes offered at a place in a file: each finding's own rule's fix, plus the refactorings that
 * need no finding. Nothing is written here; the editor applies an edit only when the user chooses it.
 */
import type { Fix } from '../fixes/fix';
import { createActionRefactoring } from '../fixes/refactorings';
import type { Finding } from './finding';
import type { PlistWorkspace } from './plist/context';
import { RULES } from './ruleCatalog';
import type { SourceFixRequest } from './rule';

type RuleRecord = (typeof RULES)[keyof typeof RULES];
const byId = new Map<string, RuleRecord>(Object.values(RULES).map((rule) => [rule.id, rule]));

export function fixesAt(request: SourceFixRequest): Fix[] {
  const out: Fix[] = [];
  for (const found of request.findings) {
    const rule = byId.get(found.code);
    if (rule && 'fix' in rule && (rule.applies === 'iig' || rule.applies === 'cpp' || rule.applies === 'source')) {
      const fix = rule.fix?.(request, found);
      if (fix) out.push({ ...fix, code: found.code });
    } else if (rule && 'fix' in rule && rule.applies === 'kext-source') {
      const fix = rule.fix?.(found);
      if (fix) out.push({ ...fix, code: found.code });
    }
  }
  if (request.file.kind === 'iig') out.push(...createActionRefactoring(request));
  return out;
}

export function plistFixes(workspace: PlistWorkspace, path: string, findings: readonly Finding[]): Fix[] {
  const file = workspace.plistFile(path);
  if (!file?.document.root) return [];
  const out: Fix[] = [];
  for (const found of findings) {
    const rule = byId.get(found.code);
    if (rule && 'fix' in rule && (rule.applies === 'info-plist' || rule.applies === 'entitlements' || rule.applies === 'client-entitlements' || rule.applies === 'signing' || rule.applies === 'signing-project')) {
      const fix = rule.fix?.({ workspace, file }, found);
      if (fix) out.push({ ...fix, code: found.code });
    } else if (rule && 'fix' in rule && rule.applies === 'kext-plist') {
      const fix = rule.fix?.(found);
      if (fix) out.push({ ...fix, code: found.code });
    }
  }
  return out;
}
