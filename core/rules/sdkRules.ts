/**
 * Rules that need to know the SDK: base classes, overrides and TYPE prototypes checked against the
 * catalog, dispatch queue names, HID device specifics, kext-era metaclass macros. Every rule stays
 * silent where the catalog's knowledge ends (unknown class, incomplete method list).
 */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { chainIncludes, classChain, parameterTypes, sdkMethodsNamed } from '../hierarchy/classChain';
import type { ClassDecl, CppFile, IigFile, MethodDecl, SourceFile } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';

const HID_DEVICE = 'IOUserHIDDevice';

export function checkStructorMacros(path: string, file: SourceFile): Finding[] {
  return file.structorMacros.map((m) =>
    finding(RULES.structorMacros, path, m.span, `${m.name} is a kext macro. In a driver extension iig generates the metaclass from the .iig; remove it.`),
  );
}

export function checkIigAgainstSdk(path: string, file: IigFile, index: WorkspaceIndex, catalog: SdkCatalog): Finding[] {
  const out: Finding[] = [];
  for (const cls of file.classes) {
    if (cls.keyword !== 'class' || !cls.baseClass || !cls.baseSpan) continue;
    const chain = classChain(index, catalog, cls.baseClass);
    if (chain.local.length === 0 && chain.sdk.length === 0) {
      out.push(finding(RULES.unknownBaseClass, path, cls.baseSpan, `${cls.baseClass} is neither a DriverKit class nor a class of this workspace.`));
      continue;
    }
    checkInclude(path, file, cls, chain.sdk[0]?.name, catalog, out);
    const complete = chain.unknown === undefined && chain.sdk.every((c) => c.complete);
    for (const method of cls.methods) {
      checkOverride(path, cls, method, index, catalog, complete, out);
      checkTypeTarget(path, method, index, catalog, out);
    }
    if (chainIncludes(chain, HID_DEVICE)) {
      const start = cls.methods.find((m) => m.name === 'Start');
      if (start) {
        out.push(finding(RULES.hidDeviceStart, path, start.nameSpan, `${cls.name} is an ${HID_DEVICE}: do the device's setup in handleStart and describe it in newDeviceDescription instead of overriding Start.`));
      }
    }
  }
  return out;
}

/** The base class's own header, or one that declares a subclass of it, must be included. */
function checkInclude(path: string, file: IigFile, cls: ClassDecl, sdkBase: string | undefined, catalog: SdkCatalog, out: Finding[]): void {
  if (!sdkBase || !cls.baseSpan || cls.baseClass !== sdkBase) return;
  const base = catalog.classNamed(sdkBase);
  if (!base?.include) return;
  const included = new Set(file.includes.map((i) => i.path));
  if (included.has(base.include)) return;
  const viaSubclass = catalog.classes().some((c) => c.include && included.has(c.include) && catalog.isSubclassOf(c.name, sdkBase));
  if (viaSubclass) return;
  out.push(finding(RULES.missingInclude, path, cls.baseSpan, `${sdkBase} is declared in <${base.include}>, which this file does not include.`));
}

function checkOverride(path: string, cls: ClassDecl, method: MethodDecl, index: WorkspaceIndex, catalog: SdkCatalog, complete: boolean, out: Finding[]): void {
  if (!method.isOverride || !cls.baseClass) return;
  const chain = classChain(index, catalog, cls.baseClass);
  if (chain.local.some((c) => c.methods.some((m) => m.name === method.name))) return;
  const candidates = sdkMethodsNamed(chain, method.name);
  if (candidates.length === 0) {
    if (complete) out.push(finding(RULES.overrideUnknown, path, method.nameSpan, `${method.name} is marked override, but ${cls.baseClass} and its ancestors declare no such method.`));
    return;
  }
  const mine = parameterTypes(method.parameters.map((p) => p.type)).join(',');
  if (candidates.some(({ method: m }) => parameterTypes(m.parameters).join(',') === mine)) return;
  const { cls: owner, method: expected } = candidates[0];
  out.push(
    finding(RULES.overrideSignature, path, method.nameSpan, `${method.name} does not match ${owner.name}::${method.name}(${expected.parameters.join(', ')}); an override must take the same parameters.`),
  );
}

function checkTypeTarget(path: string, method: MethodDecl, index: WorkspaceIndex, catalog: SdkCatalog, out: Finding[]): void {
  const type = method.attributes.find((a) => a.name === 'TYPE');
  const target = type?.argument;
  if (!type || !target || !target.includes('::')) return;
  // Without OSAction * first, iig.type-without-action already says what is wrong.
  if (method.parameters[0]?.type.replace(/\s+/g, '') !== 'OSAction*') return;
  const [owner, name] = target.split('::').map((s) => s.trim());
  const prototypes = prototypesOf(owner, name, index, catalog);
  if (prototypes === undefined) return;
  const span = type.argumentSpan ?? type.span;
  if (prototypes.length === 0) {
    out.push(finding(RULES.typeUnknownCallback, path, span, `${owner} has no method ${name} to use as a TYPE prototype.`));
    return;
  }
  const mine = parameterTypes(method.parameters.map((p) => p.type)).join(',');
  if (prototypes.some((p) => parameterTypes(p).join(',') === mine)) return;
  out.push(
    finding(RULES.typeSignatureMismatch, path, span, `${method.name} does not have the parameters of ${target}: expected (${prototypes[0].join(', ')}).`),
  );
}

/** Parameter lists of `owner::name`; undefined when we cannot know (unknown or incomplete class). */
function prototypesOf(owner: string, name: string, index: WorkspaceIndex, catalog: SdkCatalog): (readonly string[])[] | undefined {
  const local = index.classNamed(owner)?.item;
  if (local) {
    const methods = local.methods.filter((m) => m.name === name);
    return methods.length > 0 ? methods.map((m) => m.parameters.map((p) => `${p.type} ${p.name ?? ''}`.trim())) : undefined;
  }
  const cls = catalog.classNamed(owner);
  if (!cls) return undefined;
  const methods = sdkMethodsNamed(classChain(index, catalog, owner), name);
  if (methods.length === 0) return cls.complete ? [] : undefined;
  return methods.map((m) => m.method.parameters);
}

export function checkCppAgainstSdk(path: string, file: CppFile, index: WorkspaceIndex, catalog: SdkCatalog): Finding[] {
  const out: Finding[] = [];
  for (const def of file.definitions) {
    const cls = index.classNamed(def.className)?.item;
    if (!cls) continue;
    if (def.dispatchQueueNames.length > 0) {
      const chain = classChain(index, catalog, def.className);
      const declared = new Set(['Default', ...chain.local.flatMap((c) => c.methods.map((m) => m.queueName).filter((q): q is string => !!q))]);
      for (const queue of def.dispatchQueueNames) {
        if (declared.has(queue.name)) continue;
        out.push(
          finding(RULES.unknownQueue, path, queue.span, `No method of ${def.className} is declared QUEUENAME(${queue.name}), so the queue "${queue.name}" runs nothing. Check the name against the .iig.`),
        );
      }
    }
    if (def.registerServiceCalls.length > 0 && cls.baseClass && chainIncludes(classChain(index, catalog, cls.baseClass), HID_DEVICE)) {
      for (const call of def.registerServiceCalls) {
        out.push(finding(RULES.hidRegisterService, path, call.span, `${def.className} is an ${HID_DEVICE}: it is registered by returning "RegisterService" = true from newDeviceDescription, not by calling RegisterService().`));
      }
    }
  }
  return out;
}
