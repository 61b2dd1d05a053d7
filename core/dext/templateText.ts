/**
 * Pieces shared by the driver templates: the family description types and the C++ building blocks.
 */

// ---------------------------------------------------------------------------------------------
// Family descriptions

export interface Ids {
  vendorId: number;
  productId: number;
  /** True when at least one id is the placeholder. */
  placeholder: boolean;
}

export interface ClassSource {
  className: string;
  iig: string;
  cpp: string;
}

export type Matching = 'usb-device' | 'usb-interface' | 'hid' | 'pci' | 'resources';

export interface Template {
  ioClass: string;
  provider: string;
  matching: Matching;
  usage: string;
  /** Family entitlement for the IOClass, if it needs one. */
  familyEntitlement?: string;
  /** The user client's class, for UserClientProperties. */
  userClient?: string;
  sources(name: string): ClassSource[];
}

export const ENT = 'com.apple.developer.driverkit';

export function userClientName(name: string): string {
  return `${name}UserClient`;
}

// ---------------------------------------------------------------------------------------------
// Shared C++ pieces

export const lines = (...parts: (string | readonly string[])[]): string => parts.flat().join('\n') + '\n';

export function header(file: string, purpose: string): string[] {
  return ['//', `//  ${file}`, `//  ${purpose}`, '//', ''];
}

export function guarded(name: string, includes: readonly string[], body: readonly string[]): string[] {
  return [`#ifndef ${name}_h`, `#define ${name}_h`, '', ...includes.map((i) => `#include <${i}>`), '', ...body, '', `#endif /* ${name}_h */`];
}

export const LIFECYCLE_DECLS = [
  '    virtual bool init() override;',
  '',
  '    virtual void free() override;',
  '',
  '    virtual kern_return_t Start(IOService * provider) override;',
  '',
  '    virtual kern_return_t Stop(IOService * provider) override;',
];

export function cppIncludes(name: string, sdkHeaders: readonly string[], extra: readonly string[] = []): string[] {
  return ['#include <os/log.h>', '', '#include <DriverKit/IOLib.h>', ...sdkHeaders.map((h) => `#include <${h}>`), '', `#include "${name}.h"`, ...extra.map((h) => `#include "${h}.h"`), ''];
}

export function logMacro(name: string): string[] {
  return [`#define Log(fmt, ...) os_log(OS_LOG_DEFAULT, "${name}: " fmt, ##__VA_ARGS__)`, ''];
}

export function ivarsStruct(name: string, fields: readonly string[]): string[] {
  return [`struct ${name}_IVars`, '{', ...(fields.length ? fields.map((f) => `    ${f}`) : ['    uint64_t unused;']), '};', ''];
}

export function initFree(name: string, releases: readonly string[] = []): string[] {
  return [
    'bool',
    `${name}::init()`,
    '{',
    '    if (!super::init()) {',
    '        return false;',
    '    }',
    '',
    `    ivars = IONewZero(${name}_IVars, 1);`,
    '    if (ivars == nullptr) {',
    '        return false;',
    '    }',
    '',
    '    return true;',
    '}',
    '',
    'void',
    `${name}::free()`,
    '{',
    ...(releases.length ? ['    if (ivars != nullptr) {', ...releases.map((r) => `        ${r}`), '    }'] : []),
    `    IOSafeDeleteNULL(ivars, ${name}_IVars, 1);`,
    '    super::free();',
    '}',
    '',
  ];
}

/** IMPL(name, Start): the parent first, then `body`, then (optionally) RegisterService. */
export function startImpl(name: string, body: readonly string[], register: boolean): string[] {
  return [
    'kern_return_t',
    `IMPL(${name}, Start)`,
    '{',
    '    kern_return_t ret;',
    '',
    '    ret = Start(provider, SUPERDISPATCH);',
    '    if (ret != kIOReturnSuccess) {',
    '        Log("the parent\'s Start failed: 0x%x", ret);',
    '        return ret;',
    '    }',
    '',
    ...body.map((l) => (l ? `    ${l}` : l)),
    ...(body.length ? [''] : []),
    ...(register
      ? [
          '    // Publish the service so that clients and other drivers can find it.',
          '    ret = RegisterService();',
          '    if (ret != kIOReturnSuccess) {',
          '        Log("RegisterService failed: 0x%x", ret);',
          '        return ret;',
          '    }',
          '',
        ]
      : []),
    '    Log("started");',
    '    return kIOReturnSuccess;',
    '}',
    '',
  ];
}

export function stopImpl(name: string, body: readonly string[] = []): string[] {
  return ['kern_return_t', `IMPL(${name}, Stop)`, '{', ...body.map((l) => (l ? `    ${l}` : l)), '    Log("stopping");', '    return Stop(provider, SUPERDISPATCH);', '}', ''];
}

export function impl(name: string, method: string, body: readonly string[], returnType = 'kern_return_t'): string[] {
  return [returnType, `IMPL(${name}, ${method})`, '{', ...body.map((l) => (l ? `    ${l}` : l)), '}', ''];
}

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
