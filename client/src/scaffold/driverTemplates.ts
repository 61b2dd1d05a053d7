/**
 * Templates for a new driver extension, one per DriverKit family: the class interface (.iig), its
 * implementation (.cpp), the dext's Info.plist and its entitlements. Pure text generation, no
 * `vscode` import, so the command that writes the files and the tests share it.
 *
 * Each family follows the facts in the design primer: the base class and its header, the IOClass /
 * IOProviderClass pair of the personality, the matching keys that form a valid combination, the
 * transport entitlement of the provider and the family entitlement of the IOClass.
 */
import { bundledClasses } from '../../../core/sdk/bundledCatalog';
import { ENT, Ids, Template, userClientName } from '../../../core/dext/templateText';
import { hidDeviceCpp, hidDeviceIig, hidEventServiceCpp, hidEventServiceIig } from './hidTemplates';
import { serialCpp, serialIig, usbDeviceCpp, usbDeviceIig, usbInterfaceCpp, usbInterfaceIig } from './usbTemplates';
import { networkCpp, networkIig, pciCpp, pciIig, ucServiceCpp, ucServiceIig, userClientCpp, userClientIig } from './otherTemplates';
import { entitlements, escapeXml, infoPlist } from './plistTemplates';

export { escapeXml };

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
