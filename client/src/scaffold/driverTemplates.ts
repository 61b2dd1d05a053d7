/**
 * Templates for a new driver extension, one per DriverKit family: the class interface (.iig), its
 * implementation (.cpp), the dext's Info.plist and its entitlements. Pure text generation, no
 * `vscode` import, so the command that writes the files and the tests share it.
 *
 * Each family follows the facts in the design primer: the base class and its header, the IOClass /
 * IOProviderClass pair of the personality, the matching keys that form a valid combination, the
 * transport entitlement of the provider and the family entitlement of the IOClass.
 */
import { bundledClasses } from '../../../server/src/sdk/bundledCatalog';

export type DriverFamily = 'hid-event-service' | 'hid-device' | 'usb-interface' | 'usb-device' | 'serial' | 'networking' | 'pci' | 'user-client';

export const DRIVER_FAMILIES: readonly { id: DriverFamily; label: string; description: string }[] = [
  { id: 'hid-event-service', label: 'HID event service', description: 'Turns the reports of a HID interface into keyboard, pointer or other system events (IOUserHIDEventService).' },
  { id: 'hid-device', label: 'HID device', description: 'Publishes a HID device of its own, described by a report descriptor, on a USB interface (IOUserHIDDevice).' },
  { id: 'usb-interface', label: 'USB interface driver', description: 'Drives one interface of a USB device and keeps a read pending on a bulk IN pipe (IOService on IOUSBHostInterface).' },
  { id: 'usb-device', label: 'USB device driver', description: 'Claims a whole USB device (IOService on IOUSBHostDevice).' },
  { id: 'serial', label: 'USB serial adapter', description: 'A USB-to-serial adapter that shows up as a serial port; the hardware hooks program the chip (IOUserUSBSerial).' },
  { id: 'networking', label: 'Ethernet interface', description: 'A network interface on a USB adapter, with the requests of the network stack stubbed out (IOUserNetworkEthernet).' },
  { id: 'pci', label: 'PCI device driver', description: 'Opens a PCI function and handles its interrupts (IOService on IOPCIDevice).' },
  { id: 'user-client', label: 'Service with a user client', description: 'A virtual service that apps can open, with an IOUserClient subclass that answers their calls (ExternalMethod).' },
];

export interface ScaffoldOptions {
  family: DriverFamily;
  className: string;
  bundleId: string;
  vendorId?: number;
  productId?: number;
}

export interface ScaffoldFile {
  relativePath: string;
  text: string;
}

/** Ids written when the caller gives none; the generated plist says to replace them. */
export const PLACEHOLDER_VENDOR_ID = 0x1234;
export const PLACEHOLDER_PRODUCT_ID = 0x0001;

const CPP_KEYWORDS = new Set(
  (
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class compl concept const ' +
    'consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do double dynamic_cast else enum ' +
    'explicit export extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or ' +
    'or_eq private protected public register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct ' +
    'switch template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq ' +
    'override final super'
  ).split(' '),
);

/** All-caps IIG attribute macros and the words iig or the SDK headers define; a class of that name would clash. */
const RESERVED_NAMES = new Set([
  'KERNEL', 'NATIVE', 'LOCAL', 'LOCALONLY', 'TYPE', 'QUEUENAME', 'TARGET', 'REPLY', 'INVOKEREPLY', 'LOCALHOST', 'PORTMAKESEND', 'PORTCOPYSEND',
  'EXTENDS', 'IIG_SERIALIZABLE', 'REMOTE', 'SUPERDISPATCH', 'IMPL', 'OSDynamicCast',
  // Kernel-side classes a personality names (IOClass / IOProviderClass values).
  'IOUserService', 'IOUserResources', 'IOUserUserClient', 'AppleUserHIDDevice', 'AppleUserHIDEventService', 'IOUserServer',
]);

let sdkClassNames: Set<string> | undefined;

function isSdkClass(name: string): boolean {
  sdkClassNames ??= new Set(bundledClasses().map((cls) => cls.name));
  return sdkClassNames.has(name);
}

/** undefined when `name` can name the driver's class, else why not. */
export function validClassName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a class name.';
  if (name.length > 100) return 'The class name is too long (at most 100 characters).';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'A class name is a C++ identifier: a letter or underscore, then letters, digits or underscores.';
  if (CPP_KEYWORDS.has(name)) return `'${name}' is a C++ keyword.`;
  if (/^__/.test(name) || /^_[A-Z]/.test(name)) return 'Names starting with two underscores, or an underscore and a capital, are reserved in C++.';
  if (isSdkClass(name)) return `'${name}' is already a DriverKit class; choose a name of your own.`;
  if (RESERVED_NAMES.has(name)) return `'${name}' is a name DriverKit already uses.`;
  return undefined;
}

/** undefined when `id` is a usable reverse-DNS bundle identifier, else why not. */
export function validBundleId(id: string): string | undefined {
  if (id.length === 0) return 'Enter a bundle identifier, for example com.example.driver.MyDriver.';
  if (id.length > 155) return 'The bundle identifier is too long (at most 155 characters).';
  if (!/^[A-Za-z0-9.-]+$/.test(id)) return 'A bundle identifier may only hold letters, digits, hyphens and dots.';
  const parts = id.split('.');
  if (parts.length < 2) return 'A bundle identifier is reverse-DNS: at least two dot-separated parts, like com.example.MyDriver.';
  if (parts.some((part) => part.length === 0)) return 'A bundle identifier cannot start or end with a dot, or hold two dots in a row.';
  return undefined;
}

function validUsbId(value: number | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) return `The ${what} must be a whole number from 0 to 0xFFFF.`;
  return undefined;
}

/** XML text for a <string> or <key>: the five special characters escaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The files of a new driver of the given family, under a folder named after the class. */
export function scaffoldDriver(options: ScaffoldOptions): ScaffoldFile[] {
  const problem =
    validClassName(options.className) ??
    validBundleId(options.bundleId) ??
    validUsbId(options.vendorId, 'vendor id') ??
    validUsbId(options.productId, 'product id') ??
    (DRIVER_FAMILIES.some((f) => f.id === options.family) ? undefined : `Unknown driver family '${String(options.family)}'.`);
  if (problem) throw new Error(problem);
  if (options.family === 'user-client') {
    const clientProblem = validClassName(userClientName(options.className));
    if (clientProblem) throw new Error(clientProblem);
  }

  const ids: Ids = {
    vendorId: options.vendorId ?? PLACEHOLDER_VENDOR_ID,
    productId: options.productId ?? PLACEHOLDER_PRODUCT_ID,
    placeholder: options.vendorId === undefined || options.productId === undefined,
  };
  const template = TEMPLATES[options.family];
  const name = options.className;
  const sources = template.sources(name);
  const files: ScaffoldFile[] = [];
  for (const source of sources) {
    files.push({ relativePath: `${name}/${source.className}.iig`, text: source.iig });
    files.push({ relativePath: `${name}/${source.className}.cpp`, text: source.cpp });
  }
  files.push({ relativePath: `${name}/Info.plist`, text: infoPlist(name, options.bundleId, template, ids) });
  files.push({ relativePath: `${name}/${name}.entitlements`, text: entitlements(template, ids) });
  return files;
}

// ---------------------------------------------------------------------------------------------
// Family descriptions

interface Ids {
  vendorId: number;
  productId: number;
  /** True when at least one id is the placeholder. */
  placeholder: boolean;
}

interface ClassSource {
  className: string;
  iig: string;
  cpp: string;
}

type Matching = 'usb-device' | 'usb-interface' | 'hid' | 'pci' | 'resources';

interface Template {
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

const ENT = 'com.apple.developer.driverkit';

const TEMPLATES: Record<DriverFamily, Template> = {
  'hid-event-service': {
    ioClass: 'AppleUserHIDEventService',
    provider: 'IOHIDInterface',
    matching: 'hid',
    usage: 'Turns the reports of a HID device into input events.',
    familyEntitlement: `${ENT}.family.hid.eventservice`,
    sources: (name) => [{ className: name, iig: hidEventServiceIig(name), cpp: hidEventServiceCpp(name) }],
  },
  'hid-device': {
    ioClass: 'AppleUserHIDDevice',
    provider: 'IOUSBHostInterface',
    matching: 'usb-interface',
    usage: 'Presents a USB accessory to the system as a HID device.',
    familyEntitlement: `${ENT}.family.hid.device`,
    sources: (name) => [{ className: name, iig: hidDeviceIig(name), cpp: hidDeviceCpp(name) }],
  },
  'usb-interface': {
    ioClass: 'IOUserService',
    provider: 'IOUSBHostInterface',
    matching: 'usb-interface',
    usage: 'Reads data from an interface of a USB accessory.',
    sources: (name) => [{ className: name, iig: usbInterfaceIig(name), cpp: usbInterfaceCpp(name) }],
  },
  'usb-device': {
    ioClass: 'IOUserService',
    provider: 'IOUSBHostDevice',
    matching: 'usb-device',
    usage: 'Controls a USB accessory.',
    sources: (name) => [{ className: name, iig: usbDeviceIig(name), cpp: usbDeviceCpp(name) }],
  },
  serial: {
    ioClass: 'IOUserSerial',
    provider: 'IOUSBHostInterface',
    matching: 'usb-interface',
    usage: 'Makes a USB serial adapter available as a serial port.',
    familyEntitlement: `${ENT}.family.serial`,
    sources: (name) => [{ className: name, iig: serialIig(name), cpp: serialCpp(name) }],
  },
  networking: {
    ioClass: 'IOUserNetworkEthernet',
    provider: 'IOUSBHostInterface',
    matching: 'usb-interface',
    usage: 'Connects a USB Ethernet adapter to the network.',
    familyEntitlement: `${ENT}.family.networking`,
    sources: (name) => [{ className: name, iig: networkIig(name), cpp: networkCpp(name) }],
  },
  pci: {
    ioClass: 'IOUserService',
    provider: 'IOPCIDevice',
    matching: 'pci',
    usage: 'Controls a PCI device.',
    sources: (name) => [{ className: name, iig: pciIig(name), cpp: pciCpp(name) }],
  },
  'user-client': {
    ioClass: 'IOUserService',
    provider: 'IOUserResources',
    matching: 'resources',
    usage: 'Provides a service that apps can open and call.',
    userClient: 'UserClient',
    sources: (name) => [
      { className: name, iig: ucServiceIig(name), cpp: ucServiceCpp(name) },
      { className: userClientName(name), iig: userClientIig(name), cpp: userClientCpp(name) },
    ],
  },
};

function userClientName(name: string): string {
  return `${name}UserClient`;
}

// ---------------------------------------------------------------------------------------------
// Shared C++ pieces

const lines = (...parts: (string | readonly string[])[]): string => parts.flat().join('\n') + '\n';

function header(file: string, purpose: string): string[] {
  return ['//', `//  ${file}`, `//  ${purpose}`, '//', ''];
}

function guarded(name: string, includes: readonly string[], body: readonly string[]): string[] {
  return [`#ifndef ${name}_h`, `#define ${name}_h`, '', ...includes.map((i) => `#include <${i}>`), '', ...body, '', `#endif /* ${name}_h */`];
}

const LIFECYCLE_DECLS = [
  '    virtual bool init() override;',
  '',
  '    virtual void free() override;',
  '',
  '    virtual kern_return_t Start(IOService * provider) override;',
  '',
  '    virtual kern_return_t Stop(IOService * provider) override;',
];

function cppIncludes(name: string, sdkHeaders: readonly string[], extra: readonly string[] = []): string[] {
  return ['#include <os/log.h>', '', '#include <DriverKit/IOLib.h>', ...sdkHeaders.map((h) => `#include <${h}>`), '', `#include "${name}.h"`, ...extra.map((h) => `#include "${h}.h"`), ''];
}

function logMacro(name: string): string[] {
  return [`#define Log(fmt, ...) os_log(OS_LOG_DEFAULT, "${name}: " fmt, ##__VA_ARGS__)`, ''];
}

function ivarsStruct(name: string, fields: readonly string[]): string[] {
  return [`struct ${name}_IVars`, '{', ...(fields.length ? fields.map((f) => `    ${f}`) : ['    uint64_t unused;']), '};', ''];
}

function initFree(name: string, releases: readonly string[] = []): string[] {
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
function startImpl(name: string, body: readonly string[], register: boolean): string[] {
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

function stopImpl(name: string, body: readonly string[] = []): string[] {
  return ['kern_return_t', `IMPL(${name}, Stop)`, '{', ...body.map((l) => (l ? `    ${l}` : l)), '    Log("stopping");', '    return Stop(provider, SUPERDISPATCH);', '}', ''];
}

function impl(name: string, method: string, body: readonly string[], returnType = 'kern_return_t'): string[] {
  return [returnType, `IMPL(${name}, ${method})`, '{', ...body.map((l) => (l ? `    ${l}` : l)), '}', ''];
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

// ---------------------------------------------------------------------------------------------
// HID event service

function hidEventServiceIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'A HID event service: receives the reports of a HID interface and sends events.'),
    guarded(name, ['DriverKit/IOService.iig', 'HIDDriverKit/IOUserHIDEventService.iig'], [
      `class ${name} : public IOUserHIDEventService`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      'protected:',
      '    // Called for every report the interface delivers. LOCALONLY in the parent: plain C++,',
      '    // reached from here with super::.',
      '    virtual void handleReport(uint64_t timestamp,',
      '                              uint8_t * report,',
      '                              uint32_t reportLength,',
      '                              IOHIDReportType type,',
      '                              uint32_t reportID) override LOCALONLY;',
      '};',
    ]),
  );
}

function hidEventServiceCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/IOService.h', 'HIDDriverKit/HIDDriverKit.h']),
    logMacro(name),
    ivarsStruct(name, ['uint64_t reportCount;']),
    initFree(name),
    startImpl(name, [], true),
    stopImpl(name),
    [
      'void',
      `${name}::handleReport(uint64_t timestamp,`,
      `${' '.repeat(name.length)}               uint8_t * report,`,
      `${' '.repeat(name.length)}               uint32_t reportLength,`,
      `${' '.repeat(name.length)}               IOHIDReportType type,`,
      `${' '.repeat(name.length)}               uint32_t reportID)`,
      '{',
      '    ivars->reportCount++;',
      '',
      '    // Decode the report here and send events with dispatchKeyboardEvent,',
      '    // dispatchRelativePointerEvent and friends. The parent handles the',
      '    // elements it knows about.',
      '    super::handleReport(timestamp, report, reportLength, type, reportID);',
      '}',
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// HID device

function hidDeviceIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'A HID device: describes itself and its reports; the parent registers it.'),
    guarded(name, ['DriverKit/IOService.iig', 'HIDDriverKit/IOUserHIDDevice.iig'], [
      `class ${name} : public IOUserHIDDevice`,
      '{',
      'public:',
      '    virtual bool init() override;',
      '',
      '    virtual void free() override;',
      '',
      '    // No Start override: the parent\'s Start calls these hooks, then registers the',
      '    // device because the description says "RegisterService" = true.',
      '    virtual bool handleStart(IOService * provider) override;',
      '',
      '    virtual OSDictionary * newDeviceDescription() override;',
      '',
      '    virtual OSData * newReportDescriptor() override;',
      '};',
    ]),
  );
}

function hidDeviceCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/OSCollections.h', 'HIDDriverKit/HIDDriverKit.h']),
    logMacro(name),
    [
      '// A vendor-defined report descriptor: one 8-byte input report and one 8-byte',
      '// output report. Replace it with the descriptor of your device.',
      'static const uint8_t kReportDescriptor[] = {',
      '    0x06, 0x00, 0xFF,   // Usage Page (Vendor Defined 0xFF00)',
      '    0x09, 0x01,         // Usage (0x01)',
      '    0xA1, 0x01,         // Collection (Application)',
      '    0x15, 0x00,         //   Logical Minimum (0)',
      '    0x26, 0xFF, 0x00,   //   Logical Maximum (255)',
      '    0x75, 0x08,         //   Report Size (8)',
      '    0x95, 0x08,         //   Report Count (8)',
      '    0x09, 0x02,         //   Usage (0x02)',
      '    0x81, 0x02,         //   Input (Data, Variable, Absolute)',
      '    0x09, 0x03,         //   Usage (0x03)',
      '    0x91, 0x02,         //   Output (Data, Variable, Absolute)',
      '    0xC0,               // End Collection',
      '};',
      '',
    ],
    ivarsStruct(name, ['IOService * provider;']),
    initFree(name),
    [
      'bool',
      `${name}::handleStart(IOService * provider)`,
      '{',
      '    if (!super::handleStart(provider)) {',
      '        Log("the parent\'s handleStart failed");',
      '        return false;',
      '    }',
      '',
      '    // Set up the hardware here. The provider is retained by the parent.',
      '    ivars->provider = provider;',
      '    return true;',
      '}',
      '',
      'OSDictionary *',
      `${name}::newDeviceDescription()`,
      '{',
      '    OSDictionary * description = OSDictionary::withCapacity(4);',
      '    if (description == nullptr) {',
      '        return nullptr;',
      '    }',
      '',
      '    // With this key the parent publishes the device once Start is done.',
      '    OSDictionarySetValue(description, "RegisterService", kOSBooleanTrue);',
      `    OSDictionarySetStringValue(description, "Product", "${name}");`,
      '    return description;',
      '}',
      '',
      'OSData *',
      `${name}::newReportDescriptor()`,
      '{',
      '    return OSData::withBytes(kReportDescriptor, sizeof(kReportDescriptor));',
      '}',
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// USB interface

function usbInterfaceIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'Drives one interface of a USB device and keeps a read pending on a bulk IN pipe.'),
    guarded(name, ['DriverKit/IOService.iig', 'USBDriverKit/IOUSBHostInterface.iig', 'USBDriverKit/IOUSBHostPipe.iig'], [
      `class ${name} : public IOService`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // Runs when a read on the bulk IN pipe has finished (or was aborted).',
      '    virtual void ReadComplete(OSAction * action,',
      '                              IOReturn status,',
      '                              uint32_t actualByteCount,',
      '                              uint64_t completionTimestamp) TYPE(IOUSBHostPipe::CompleteAsyncIO);',
      '};',
    ]),
  );
}

function usbInterfaceCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/IOBufferMemoryDescriptor.h', 'USBDriverKit/IOUSBHostInterface.h', 'USBDriverKit/IOUSBHostPipe.h']),
    logMacro(name),
    [
      '// Address of the bulk IN endpoint to read (direction bit set); adjust to your device.',
      'static const uint8_t kInEndpointAddress = 0x81;',
      'static const uint32_t kReadSize = 512;',
      '',
    ],
    ivarsStruct(name, ['IOUSBHostInterface * interface;', 'IOUSBHostPipe * inPipe;', 'IOBufferMemoryDescriptor * readBuffer;', 'OSAction * readAction;', 'bool opened;']),
    initFree(name, ['OSSafeReleaseNULL(ivars->readAction);', 'OSSafeReleaseNULL(ivars->readBuffer);', 'OSSafeReleaseNULL(ivars->inPipe);', 'OSSafeReleaseNULL(ivars->interface);']),
    startImpl(
      name,
      [
        'ivars->interface = OSDynamicCast(IOUSBHostInterface, provider);',
        'if (ivars->interface == nullptr) {',
        '    Log("the provider is not a USB interface");',
        '    return kIOReturnNoDevice;',
        '}',
        'ivars->interface->retain();',
        '',
        'ret = ivars->interface->Open(this, 0, nullptr);',
        'if (ret != kIOReturnSuccess) {',
        '    Log("could not open the interface: 0x%x", ret);',
        '    return ret;',
        '}',
        'ivars->opened = true;',
        '',
        'ret = ivars->interface->CopyPipe(kInEndpointAddress, &ivars->inPipe);',
        'if (ret == kIOReturnSuccess) {',
        '    ret = ivars->interface->CreateIOBuffer(kIOMemoryDirectionIn, kReadSize, &ivars->readBuffer);',
        '}',
        'if (ret == kIOReturnSuccess) {',
        '    // CreateActionReadComplete exists because the .iig declares ReadComplete with TYPE(...).',
        '    ret = CreateActionReadComplete(0, &ivars->readAction);',
        '}',
        'if (ret == kIOReturnSuccess) {',
        '    ret = ivars->inPipe->AsyncIO(ivars->readBuffer, kReadSize, ivars->readAction, 0);',
        '}',
        'if (ret != kIOReturnSuccess) {',
        '    Log("could not start reading: 0x%x", ret);',
        '    return ret;',
        '}',
      ],
      true,
    ),
    stopImpl(name, [
      'if (ivars->inPipe != nullptr) {',
      '    ivars->inPipe->Abort(0, kIOReturnAborted, this);',
      '}',
      'if (ivars->opened) {',
      '    ivars->interface->Close(this, 0);',
      '    ivars->opened = false;',
      '}',
    ]),
    impl(
      name,
      'ReadComplete',
      [
        'if (status != kIOReturnSuccess) {',
        '    // kIOReturnAborted arrives when Stop aborts the pipe.',
        '    Log("read ended: 0x%x", status);',
        '    return;',
        '}',
        '',
        '// The first actualByteCount bytes of ivars->readBuffer hold the data.',
        'Log("read %u bytes", actualByteCount);',
        '',
        'kern_return_t ret = ivars->inPipe->AsyncIO(ivars->readBuffer, kReadSize, ivars->readAction, 0);',
        'if (ret != kIOReturnSuccess) {',
        '    Log("could not queue the next read: 0x%x", ret);',
        '}',
      ],
      'void',
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// USB device

function usbDeviceIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'Claims a whole USB device.'),
    guarded(name, ['DriverKit/IOService.iig', 'USBDriverKit/IOUSBHostDevice.iig'], [`class ${name} : public IOService`, '{', 'public:', ...LIFECYCLE_DECLS, '};']),
  );
}

function usbDeviceCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['USBDriverKit/IOUSBHostDevice.h']),
    logMacro(name),
    ivarsStruct(name, ['IOUSBHostDevice * device;', 'bool opened;']),
    initFree(name, ['OSSafeReleaseNULL(ivars->device);']),
    startImpl(
      name,
      [
        'ivars->device = OSDynamicCast(IOUSBHostDevice, provider);',
        'if (ivars->device == nullptr) {',
        '    Log("the provider is not a USB device");',
        '    return kIOReturnNoDevice;',
        '}',
        'ivars->device->retain();',
        '',
        '// Only one client may hold the device open at a time.',
        'ret = ivars->device->Open(this, 0, 0);',
        'if (ret != kIOReturnSuccess) {',
        '    Log("could not open the device: 0x%x", ret);',
        '    return ret;',
        '}',
        'ivars->opened = true;',
      ],
      true,
    ),
    stopImpl(name, ['if (ivars->opened) {', '    ivars->device->Close(this, 0);', '    ivars->opened = false;', '}']),
  );
}

// ---------------------------------------------------------------------------------------------
// USB serial

const SERIAL_HOOKS: readonly { decl: string; method: string; body: readonly string[] }[] = [
  { method: 'HwActivate', decl: 'HwActivate()', body: ['// The port was opened: power up the UART.', 'return kIOReturnSuccess;'] },
  { method: 'HwDeactivate', decl: 'HwDeactivate()', body: ['// The port was closed: power down the UART.', 'return kIOReturnSuccess;'] },
  { method: 'HwProgramUART', decl: 'HwProgramUART(uint32_t baudRate, uint8_t nDataBits, uint8_t nHalfStopBits, uint8_t parity)', body: ['Log("line: %u baud, %u data bits", baudRate, nDataBits);', 'return kIOReturnSuccess;'] },
  { method: 'HwProgramBaudRate', decl: 'HwProgramBaudRate(uint32_t baudRate)', body: ['ivars->baudRate = baudRate;', 'return kIOReturnSuccess;'] },
  { method: 'HwProgramMCR', decl: 'HwProgramMCR(bool dtr, bool rts)', body: ['ivars->dtr = dtr;', 'ivars->rts = rts;', 'return kIOReturnSuccess;'] },
  { method: 'HwProgramFlowControl', decl: 'HwProgramFlowControl(uint32_t arg, uint8_t xon, uint8_t xoff)', body: ['return kIOReturnSuccess;'] },
  { method: 'HwProgramLatencyTimer', decl: 'HwProgramLatencyTimer(uint32_t latency)', body: ['return kIOReturnSuccess;'] },
  {
    method: 'HwGetModemStatus',
    decl: 'HwGetModemStatus(bool * cts, bool * dsr, bool * ri, bool * dcd)',
    body: ['// Report the modem lines as read from the chip.', '*cts = true;', '*dsr = true;', '*ri = false;', '*dcd = true;', 'return kIOReturnSuccess;'],
  },
  { method: 'HwSendBreak', decl: 'HwSendBreak(bool sendBreak)', body: ['return kIOReturnSuccess;'] },
  { method: 'HwResetFIFO', decl: 'HwResetFIFO(bool tx, bool rx)', body: ['return kIOReturnSuccess;'] },
];

function serialIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'A USB serial adapter: the parent moves the data, these hooks program the chip.'),
    guarded(name, ['DriverKit/IOService.iig', 'USBSerialDriverKit/IOUserUSBSerial.iig'], [
      `class ${name} : public IOUserUSBSerial`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // Requests of the serial layer.',
      ...SERIAL_HOOKS.map((hook) => `    virtual kern_return_t ${hook.decl} override;`),
      '};',
    ]),
  );
}

function serialCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['USBSerialDriverKit/IOUserUSBSerial.h']),
    logMacro(name),
    ivarsStruct(name, ['uint32_t baudRate;', 'bool dtr;', 'bool rts;']),
    initFree(name),
    startImpl(name, [], true),
    stopImpl(name),
    SERIAL_HOOKS.flatMap((hook) => impl(name, hook.method, hook.body)),
  );
}

// ---------------------------------------------------------------------------------------------
// Ethernet

const NETWORK_HOOKS: readonly { decl: string; method: string; body: readonly string[] }[] = [
  { method: 'SetInterfaceEnable', decl: 'SetInterfaceEnable(bool isEnable)', body: ['Log("interface %s", isEnable ? "enabled" : "disabled");', 'ivars->enabled = isEnable;', 'return kIOReturnSuccess;'] },
  { method: 'SetPromiscuousModeEnable', decl: 'SetPromiscuousModeEnable(bool enable)', body: ['return kIOReturnSuccess;'] },
  { method: 'SetAllMulticastModeEnable', decl: 'SetAllMulticastModeEnable(bool enable)', body: ['return kIOReturnSuccess;'] },
  { method: 'SetMulticastAddresses', decl: 'SetMulticastAddresses(const IOUserNetworkMACAddress * addresses, uint32_t count)', body: ['return kIOReturnSuccess;'] },
  { method: 'SelectMediaType', decl: 'SelectMediaType(IOUserNetworkMediaType mediaType)', body: ['return kIOReturnSuccess;'] },
  { method: 'SetWakeOnMagicPacketEnable', decl: 'SetWakeOnMagicPacketEnable(bool enable)', body: ['return kIOReturnUnsupported;'] },
  { method: 'SetMTU', decl: 'SetMTU(uint32_t mtu)', body: ['if (mtu > kMaxMTU) {', '    return kIOReturnBadArgument;', '}', 'ivars->mtu = mtu;', 'return kIOReturnSuccess;'] },
  { method: 'GetMaxTransferUnit', decl: 'GetMaxTransferUnit(uint32_t * mtu)', body: ['*mtu = kMaxMTU;', 'return kIOReturnSuccess;'] },
  { method: 'SetHardwareAssists', decl: 'SetHardwareAssists(uint32_t hardwareAssists)', body: ['return kIOReturnSuccess;'] },
  { method: 'GetHardwareAssists', decl: 'GetHardwareAssists(uint32_t * hardwareAssists)', body: ['*hardwareAssists = 0;', 'return kIOReturnSuccess;'] },
];

function networkIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'An Ethernet interface: the network stack\'s requests arrive through these methods.'),
    guarded(name, ['DriverKit/IOService.iig', 'NetworkingDriverKit/IOUserNetworkEthernet.iig'], [
      `class ${name} : public IOUserNetworkEthernet`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // The parent leaves these to the driver.',
      ...NETWORK_HOOKS.map((hook) => `    virtual kern_return_t ${hook.decl} override;`),
      '};',
    ]),
  );
}

function networkCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['NetworkingDriverKit/NetworkingDriverKit.h']),
    logMacro(name),
    ['static const uint32_t kMaxMTU = 1500;', ''],
    ivarsStruct(name, ['uint32_t mtu;', 'bool enabled;']),
    initFree(name),
    startImpl(
      name,
      [
        'ivars->mtu = kMaxMTU;',
        '',
        '// Next: create the packet buffer pool and queues, then announce the',
        '// interface with RegisterEthernetInterface and report the link with',
        '// ReportLinkStatus.',
      ],
      false,
    ),
    stopImpl(name),
    NETWORK_HOOKS.flatMap((hook) => impl(name, hook.method, hook.body)),
  );
}

// ---------------------------------------------------------------------------------------------
// PCI

function pciIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'Opens a PCI function and handles its interrupts.'),
    guarded(name, ['DriverKit/IOService.iig', 'DriverKit/IOInterruptDispatchSource.iig', 'PCIDriverKit/IOPCIDevice.iig'], [
      `class ${name} : public IOService`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // Runs for the device\'s interrupts; count says how many arrived since the last call.',
      '    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);',
      '};',
    ]),
  );
}

function pciCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/IODispatchQueue.h', 'DriverKit/IOInterruptDispatchSource.h', 'PCIDriverKit/PCIDriverKit.h']),
    logMacro(name),
    ivarsStruct(name, ['IOPCIDevice * pci;', 'IODispatchQueue * queue;', 'IOInterruptDispatchSource * interruptSource;', 'OSAction * interruptAction;', 'uint64_t interruptCount;', 'bool opened;']),
    initFree(name, ['OSSafeReleaseNULL(ivars->interruptAction);', 'OSSafeReleaseNULL(ivars->interruptSource);', 'OSSafeReleaseNULL(ivars->queue);', 'OSSafeReleaseNULL(ivars->pci);']),
    startImpl(
      name,
      [
        'ivars->pci = OSDynamicCast(IOPCIDevice, provider);',
        'if (ivars->pci == nullptr) {',
        '    Log("the provider is not a PCI device");',
        '    return kIOReturnNoDevice;',
        '}',
        'ivars->pci->retain();',
        '',
        'ret = ivars->pci->Open(this, 0);',
        'if (ret != kIOReturnSuccess) {',
        '    Log("could not open the device: 0x%x", ret);',
        '    return ret;',
        '}',
        'ivars->opened = true;',
        '',
        'uint16_t vendor = 0;',
        'ivars->pci->ConfigurationRead16(kIOPCIConfigurationOffsetVendorID, &vendor);',
        'Log("vendor id 0x%04x", vendor);',
        '',
        '// Deliver the first interrupt of the device on the default queue.',
        'ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->queue);',
        'if (ret == kIOReturnSuccess) {',
        '    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &ivars->interruptSource);',
        '}',
        'if (ret == kIOReturnSuccess) {',
        '    // CreateActionInterruptOccurred exists because the .iig declares it with TYPE(...).',
        '    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);',
        '}',
        'if (ret == kIOReturnSuccess) {',
        '    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);',
        '}',
        'if (ret == kIOReturnSuccess) {',
        '    ret = ivars->interruptSource->SetEnableWithCompletion(true, nullptr);',
        '}',
        'if (ret != kIOReturnSuccess) {',
        '    Log("interrupt setup failed: 0x%x", ret);',
        '    return ret;',
        '}',
      ],
      true,
    ),
    stopImpl(name, [
      'if (ivars->interruptSource != nullptr) {',
      '    ivars->interruptSource->SetEnableWithCompletion(false, nullptr);',
      '}',
      'if (ivars->opened) {',
      '    ivars->pci->Close(this, 0);',
      '    ivars->opened = false;',
      '}',
    ]),
    impl(name, 'InterruptOccurred', ['ivars->interruptCount += count;', '// Read the device\'s status registers here and acknowledge the interrupt.'], 'void'),
  );
}

// ---------------------------------------------------------------------------------------------
// Service with a user client

function ucServiceIig(name: string): string {
  return lines(
    header(`${name}.iig`, `A virtual service that hands out ${userClientName(name)} objects to apps.`),
    guarded(name, ['DriverKit/IOService.iig', 'DriverKit/IOUserClient.iig'], [
      `class ${name} : public IOService`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // Called when an app opens a connection (IOServiceOpen).',
      '    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;',
      '};',
    ]),
  );
}

function ucServiceCpp(name: string): string {
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/IOService.h', 'DriverKit/IOUserClient.h']),
    logMacro(name),
    ivarsStruct(name, ['uint32_t clientCount;']),
    initFree(name),
    startImpl(name, [], true),
    stopImpl(name),
    impl(name, 'NewUserClient', [
      'IOService * client = nullptr;',
      'kern_return_t ret;',
      '',
      '// "UserClientProperties" is the dictionary in the personality (Info.plist)',
      '// that names the class to create.',
      'ret = Create(this, "UserClientProperties", &client);',
      'if (ret != kIOReturnSuccess) {',
      '    Log("could not create a user client of type %u: 0x%x", type, ret);',
      '    return ret;',
      '}',
      '',
      '*userClient = OSDynamicCast(IOUserClient, client);',
      'if (*userClient == nullptr) {',
      '    client->release();',
      '    return kIOReturnError;',
      '}',
      '',
      'ivars->clientCount++;',
      'return kIOReturnSuccess;',
    ]),
  );
}

function userClientIig(service: string): string {
  const name = userClientName(service);
  return lines(
    header(`${name}.iig`, `The object an app's connection to ${service} talks to.`),
    guarded(name, ['DriverKit/IOService.iig', 'DriverKit/IOUserClient.iig'], [
      `class ${name} : public IOUserClient`,
      '{',
      'public:',
      ...LIFECYCLE_DECLS,
      '',
      '    // Receives the app\'s IOConnectCall* requests. LOCALONLY in the parent, so this',
      '    // override is a plain C++ method that reaches the parent with super::.',
      '    virtual kern_return_t ExternalMethod(uint64_t selector,',
      '                                         IOUserClientMethodArguments * arguments,',
      '                                         const IOUserClientMethodDispatch * dispatch,',
      '                                         OSObject * target,',
      '                                         void * reference) override;',
      '};',
    ]),
  );
}

function userClientCpp(service: string): string {
  const name = userClientName(service);
  return lines(
    header(`${name}.cpp`, `Implementation of ${name} (see ${name}.iig).`),
    cppIncludes(name, ['DriverKit/IOUserClient.h'], [service]),
    logMacro(name),
    [
      '// Selectors an app passes to IOConnectCallScalarMethod and friends.',
      'enum {',
      '    kSelectorPing = 0,   // in: one scalar   out: the same scalar plus one',
      '    kSelectorCount',
      '};',
      '',
    ],
    ivarsStruct(name, [`${service} * service;`]),
    [
      'static kern_return_t',
      'HandlePing(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)',
      '{',
      `    ${name} * client = OSDynamicCast(${name}, target);`,
      '    if (client == nullptr) {',
      '        return kIOReturnBadArgument;',
      '    }',
      '    arguments->scalarOutput[0] = arguments->scalarInput[0] + 1;',
      '    arguments->scalarOutputCount = 1;',
      '    return kIOReturnSuccess;',
      '}',
      '',
      '// One entry per selector, in selector order: the function, then whether a completion is',
      '// required, the scalar input count, structure input size, scalar output count and',
      '// structure output size. The parent rejects calls that do not match.',
      'static const IOUserClientMethodDispatch sMethods[kSelectorCount] = {',
      '    { &HandlePing, 0, 1, 0, 1, 0 },',
      '};',
      '',
    ],
    initFree(name, ['OSSafeReleaseNULL(ivars->service);']),
    startImpl(
      name,
      [
        `ivars->service = OSDynamicCast(${service}, provider);`,
        'if (ivars->service == nullptr) {',
        '    Log("unexpected provider");',
        '    return kIOReturnBadArgument;',
        '}',
        'ivars->service->retain();',
      ],
      false,
    ),
    stopImpl(name),
    [
      'kern_return_t',
      `${name}::ExternalMethod(uint64_t selector,`,
      `${' '.repeat(name.length)}                 IOUserClientMethodArguments * arguments,`,
      `${' '.repeat(name.length)}                 const IOUserClientMethodDispatch * dispatch,`,
      `${' '.repeat(name.length)}                 OSObject * target,`,
      `${' '.repeat(name.length)}                 void * reference)`,
      '{',
      '    if (selector >= kSelectorCount) {',
      '        return kIOReturnBadArgument;',
      '    }',
      '    return super::ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr);',
      '}',
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Property lists

const PLIST_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
  '<plist version="1.0">',
];

const key = (indent: string, name: string): string => `${indent}<key>${escapeXml(name)}</key>`;
const str = (indent: string, name: string, value: string): string[] => [key(indent, name), `${indent}<string>${escapeXml(value)}</string>`];
const int = (indent: string, name: string, value: number): string[] => [key(indent, name), `${indent}<integer>${value}</integer>`];
const yes = (indent: string, name: string): string[] => [key(indent, name), `${indent}<true/>`];

function matchingKeys(template: Template, ids: Ids, indent: string): string[] {
  const note = ids.placeholder && template.matching !== 'resources' ? [`${indent}<!-- Placeholder ids: replace them with your device's. -->`] : [];
  switch (template.matching) {
    case 'usb-device':
      return [...note, ...int(indent, 'idVendor', ids.vendorId), ...int(indent, 'idProduct', ids.productId)];
    case 'usb-interface':
      return [
        ...note,
        ...int(indent, 'idVendor', ids.vendorId),
        ...int(indent, 'idProduct', ids.productId),
        ...int(indent, 'bConfigurationValue', 1),
        ...int(indent, 'bInterfaceNumber', 0),
      ];
    case 'hid':
      return [...note, ...int(indent, 'VendorID', ids.vendorId), ...int(indent, 'ProductID', ids.productId)];
    case 'pci':
      return [...note, ...str(indent, 'IOPCIMatch', pciMatch(ids))];
    case 'resources':
      return str(indent, 'IOResourceMatch', 'IOKit');
  }
}

function pciMatch(ids: Ids): string {
  return `0x${hex4(ids.productId)}${hex4(ids.vendorId)}`;
}

function infoPlist(name: string, bundleId: string, template: Template, ids: Ids): string {
  const t1 = '\t';
  const t3 = '\t\t\t';
  const t4 = '\t\t\t\t';
  const personality = [
    ...str(t3, 'CFBundleIdentifier', bundleId),
    ...str(t3, 'IOClass', template.ioClass),
    ...str(t3, 'IOProviderClass', template.provider),
    ...str(t3, 'IOUserClass', name),
    ...str(t3, 'IOUserServerName', bundleId),
    ...(template.matching === 'resources' ? str(t3, 'IOMatchCategory', bundleId) : []),
    ...matchingKeys(template, ids, t3),
    ...(template.userClient
      ? [key(t3, 'UserClientProperties'), `${t3}<dict>`, ...str(t4, 'IOClass', 'IOUserUserClient'), ...str(t4, 'IOUserClass', userClientName(name)), `${t3}</dict>`]
      : []),
  ];
  return lines(
    PLIST_HEAD,
    '<dict>',
    str(t1, 'CFBundleDevelopmentRegion', 'en'),
    str(t1, 'CFBundleExecutable', bundleId),
    str(t1, 'CFBundleIdentifier', bundleId),
    str(t1, 'CFBundleInfoDictionaryVersion', '6.0'),
    str(t1, 'CFBundleName', name),
    str(t1, 'CFBundlePackageType', 'DEXT'),
    str(t1, 'CFBundleShortVersionString', '1.0'),
    str(t1, 'CFBundleVersion', '1'),
    str(t1, 'OSBundleUsageDescription', template.usage),
    key(t1, 'IOKitPersonalities'),
    `${t1}<dict>`,
    key('\t\t', name),
    '\t\t<dict>',
    personality,
    '\t\t</dict>',
    `${t1}</dict>`,
    '</dict>',
    '</plist>',
  );
}

function entitlements(template: Template, ids: Ids): string {
  const t1 = '\t';
  const t3 = '\t\t\t';
  const transport: string[] = [];
  if (template.provider === 'IOUSBHostDevice' || template.provider === 'IOUSBHostInterface') {
    transport.push(key(t1, `${ENT}.transport.usb`), `${t1}<array>`, '\t\t<dict>', ...int(t3, 'idVendor', ids.vendorId), '\t\t</dict>', `${t1}</array>`);
  } else if (template.provider === 'IOHIDInterface') {
    transport.push(...yes(t1, `${ENT}.transport.hid`));
  } else if (template.provider === 'IOPCIDevice') {
    transport.push(key(t1, `${ENT}.transport.pci`), `${t1}<array>`, '\t\t<dict>', ...str(t3, 'IOPCIMatch', pciMatch(ids)), '\t\t</dict>', `${t1}</array>`);
  }
  return lines(
    PLIST_HEAD,
    '<dict>',
    yes(t1, ENT),
    template.familyEntitlement ? yes(t1, template.familyEntitlement) : [],
    transport,
    template.userClient
      ? [
          `${t1}<!-- Any app may open the user client. For a narrower rule remove this and give the`,
          `${t1}     app the userclient-access entitlement naming this dext's bundle identifier. -->`,
          ...yes(t1, `${ENT}.allow-any-userclient-access`),
        ]
      : [],
    '</dict>',
    '</plist>',
  );
}
