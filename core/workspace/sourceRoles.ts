/**
 * What a source file is to the checks. Only a driver extension's own sources get DriverKit rules:
 * a kext's C++, an app's Objective-C++ or a HAL plug-in's C++ in the same workspace are not dext
 * code, and SDK headers (the installed SDK, a framework's Headers folder, a vendored copy of Apple's
 * .iig files) are the SDK, not the user's classes. When a file's role cannot be told, it is not a
 * dext source: the checks stay silent rather than judge code they do not understand.
 */
import { basename, extname } from 'node:path';
import type { SourceFile } from '../model/model';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { targetsBuilding, type ProjectLinks } from '../xcode/projectSettings';

export type SourceRole = 'dext' | 'kext' | 'sdk' | 'other';

export interface RoleFacts {
  readonly links: ProjectLinks;
  readonly catalog: SdkCatalog;
  /** Folders of installed or configured SDKs. */
  readonly sdkRoots: readonly string[];
  /** True when the workspace has a .iig of this stem (so "Stem.h" is iig's generated header). */
  readonly hasIig: (stem: string) => boolean;
  /** The role of another file, for headers a .cpp includes (undefined when not indexed). */
  readonly declaredIn?: (className: string) => SourceRole | undefined;
}

/** `<IOKit/…>` headers of the kernel (a kext's); the user-space IOKit.framework headers are not among them. */
const KERNEL_HEADER = /^(?:IOKit\/(?!IOKitLib\.h$|IOCFPlugIn\.h$|IOMessage\.h$|IOReturn\.h$|IOKitKeys\.h$|IOTypes\.h$|usb\/IOUSBLib\.h$|hid\/IOHIDLib\.h$|hid\/IOHIDManager\.h$|hid\/IOHIDDevice\.h$|hid\/IOHIDKeys\.h$|hidsystem\/|audio\/IOAudioTypes\.h$|serial\/ioss\.h$|pwr_mgt\/IOPMLib\.h$|ps\/)|libkern\/c\+\+\/)/;
/** A DriverKit framework: DriverKit itself and every family framework named …DriverKit. */
const DRIVERKIT_HEADER = /^[A-Za-z]*DriverKit\//;
/** IIG attributes only Apple's own headers put on a class head. */
const SDK_CLASS_ATTRIBUTES = new Set(['KERNEL', 'EXTENDS', 'IIG_SERIALIZABLE']);
/** RPC plumbing only Apple's own headers put on methods (a dext's `KERNEL` method is a mistake, not a sign). */
const SDK_METHOD_ATTRIBUTES = new Set(['LOCALHOST', 'REPLY', 'INVOKEREPLY', 'PORTMAKESEND', 'PORTCOPYSEND', 'REMOTE']);

/**
 * A kernel SDK kept in a repository (a copy of Kernel.framework's headers, as kexts vendor one to build
 * against older macOS): a `Headers` folder holding Apple's `IOKit/` or `libkern/` namespaces. Those are
 * Apple's classes, not the user's kext.
 */
const VENDORED_KERNEL_HEADERS = /\/Headers\/(?:IOKit|libkern)\//;

/** True for a path inside an SDK: a configured or found SDK, `…/System/DriverKit/…`, a framework's Headers, a vendored kernel SDK. */
export function isSdkPath(path: string, sdkRoots: readonly string[]): boolean {
  const normal = path.replace(/\\/g, '/');
  if (/\/System\/DriverKit\//.test(normal) || /\.framework\/(?:Versions\/[^/]+\/)?(?:Private)?Headers\//.test(normal)) return true;
  if (VENDORED_KERNEL_HEADERS.test(normal)) return true;
  return sdkRoots.some((root) => root && normal.startsWith(root.replace(/\\/g, '/').replace(/\/?$/, '/')));
}

export function sourceRole(path: string, model: SourceFile, facts: RoleFacts): SourceRole {
  if (isSdkPath(path, facts.sdkRoots)) return 'sdk';
  const isIig = extname(path).toLowerCase() === '.iig';
  if (model.kind === 'iig' && looksLikeSdkHeader(model, facts.catalog)) return 'sdk';
  const built = targetsBuilding(facts.links, path)[0];
  if (built) {
    if (built.kind === 'dext') return 'dext';
    if (isIig) return 'dext'; // an .iig is DriverKit whichever target compiles it
    return built.kind === 'kext' ? 'kext' : 'other';
  }
  if (isIig) return 'dext';
  return roleFromContent(model, facts);
}

/**
 * A vendored copy of an SDK header: it declares classes the SDK already has, or uses attributes only
 * Apple's headers use (a `KERNEL` class, an `EXTENDS` category, the RPC plumbing).
 */
function looksLikeSdkHeader(model: Extract<SourceFile, { kind: 'iig' }>, catalog: SdkCatalog): boolean {
  if (model.classes.some((cls) => cls.attributes.some((a) => SDK_CLASS_ATTRIBUTES.has(a.name)))) return true;
  if (model.classes.some((cls) => cls.methods.some((m) => m.attributes.some((a) => SDK_METHOD_ATTRIBUTES.has(a.name))))) return true;
  const declared = model.classes.filter((cls) => cls.keyword === 'class' && cls.methods.length + cls.dataMembers.length > 0);
  return declared.length > 0 && declared.every((cls) => catalog.classNamed(cls.name) !== undefined);
}

/** A source no project claims: judged by what it includes and uses. */
function roleFromContent(model: SourceFile, facts: RoleFacts): SourceRole {
  const includes = model.includes;
  const kernelHeaders = includes.some((i) => i.system && KERNEL_HEADER.test(i.path));
  const driverKit =
    includes.some((i) => DRIVERKIT_HEADER.test(i.path)) ||
    includes.some((i) => !i.system && /\.h$/i.test(i.path) && facts.hasIig(basename(i.path, extname(i.path)))) ||
    (model.kind === 'cpp' && (model.definitions.some((d) => d.form !== 'member') || model.macroUses.some((m) => m.name === 'SUPERDISPATCH')));
  // Kernel headers make a kext; the kext metaclass macros do too, unless the file is plainly DriverKit
  // code (then they are the dext mistake dext.structor-macros reports).
  if (kernelHeaders || (!driverKit && model.structorMacros.length > 0)) return 'kext';
  if (!driverKit) return 'other';
  // The DriverKit side of an SDK framework (its own IMPLs of SDK classes) is the SDK.
  if (model.kind === 'cpp' && model.definitions.length > 0 && model.definitions.every((d) => facts.catalog.classNamed(d.className) !== undefined || facts.declaredIn?.(d.className) === 'sdk')) {
    return 'sdk';
  }
  return 'dext';
}
