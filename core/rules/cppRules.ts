/** Rules over one DriverKit .cpp file (with the workspace index for the classes it implements). */
import type { CppFile, MethodDefinition } from '../model/model';
import { methodKind } from '../hierarchy/methodKind';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';

const LIFECYCLE = new Set(['Start', 'Stop']);

export function checkCpp(path: string, file: CppFile, index: WorkspaceIndex, catalog: SdkCatalog): Finding[] {
  const out: Finding[] = [];
  for (const problem of file.syntaxProblems) out.push(finding(RULES.cppSyntax, path, problem.span, problem.message));
  for (const def of file.definitions) {
    checkDeclared(path, def, index, out);
    checkParentCalls(path, def, index, catalog, out);
    checkIvars(path, def, index, out);
  }
  return out;
}

function checkDeclared(path: string, def: MethodDefinition, index: WorkspaceIndex, out: Finding[]): void {
  if (def.form === 'member') return;
  const cls = index.classNamed(def.className);
  if (!cls || cls.item.methods.some((m) => m.name === def.methodName)) return;
  out.push(
    finding(RULES.implUndeclared, path, def.methodSpan, `${def.className} declares no method '${def.methodName}'. Declare it in the class's .iig file, or fix the name.`, [
      { path: cls.path, span: cls.item.nameSpan, message: `class ${def.className} is declared here` },
    ]),
  );
}

function checkParentCalls(path: string, def: MethodDefinition, index: WorkspaceIndex, catalog: SdkCatalog, out: Finding[]): void {
  const kind = methodKind(index, catalog, def.className, def.methodName);
  if (kind === 'localonly') {
    for (const call of def.superDispatchCalls) {
      out.push(
        finding(RULES.superDispatchLocalOnly, path, call.span, `${def.methodName} is LOCALONLY: reach the parent with super::${def.methodName}(...) instead of SUPERDISPATCH.`),
      );
    }
  }
  for (const call of def.superCalls) {
    if (methodKind(index, catalog, def.className, call.name) !== 'rpc') continue;
    out.push(
      finding(RULES.superOnRpc, path, call.span, `${call.name} is reached through IIG, so super::${call.name}(...) skips the dispatch. Call ${call.name}(..., SUPERDISPATCH) instead.`),
    );
  }
  if (LIFECYCLE.has(def.methodName) && def.form !== 'member' && !def.superDispatchCalls.some((c) => c.name === def.methodName)) {
    out.push(
      finding(RULES.missingSuperDispatch, path, def.methodSpan, `${def.className}::${def.methodName} never passes the call to its parent. Add '${def.methodName}(provider, SUPERDISPATCH)' (a driver that skips it is left half started or half stopped).`),
    );
  }
}

function checkIvars(path: string, def: MethodDefinition, index: WorkspaceIndex, out: Finding[]): void {
  if (def.methodName === 'Stop') {
    for (const release of def.ivarsReleases) {
      out.push(
        finding(RULES.ivarsFreedInStop, path, release.span, `ivars are released in Stop, but the object lives on after Stop and may still use them. Release them in ${def.className}::free().`),
      );
    }
  }
  if (def.ivarsAllocations.length === 0) return;
  const releasedInFree = index.definitionsOf(def.className, 'free').some((d) => d.item.ivarsReleases.length > 0);
  if (releasedInFree) return;
  for (const allocation of def.ivarsAllocations) {
    out.push(
      finding(RULES.ivarsNotFreed, path, allocation.span, `ivars allocated here are never released in ${def.className}::free(). Add 'IOSafeDeleteNULL(ivars, ${def.className}_IVars, 1);' before 'super::free();'.`),
    );
  }
}
