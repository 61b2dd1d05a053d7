/**
 * Which DriverKit family a kext class moves to, from its kernel base class and its personality's
 * provider: the dext's base class, the kernel class that hosts it (the personality's IOClass), the
 * headers it needs and the entitlements its provider and family call for.
 */

export type MigrateFamily = 'pci' | 'usb' | 'hid-event-service' | 'hid-device' | 'serial' | 'user-client' | 'other';

export interface FamilyPlan {
  readonly family: MigrateFamily;
  /** The dext class's base. */
  readonly base: string;
  /** The personality's IOClass: the kernel class that hosts the dext's class. */
  readonly ioClass: string;
  /** The personality's IOProviderClass in DriverKit terms. */
  readonly provider: string;
  /** The .iig's includes, base first. */
  readonly iigIncludes: readonly string[];
  /** The .cpp's SDK headers. */
  readonly cppIncludes: readonly string[];
  /** A family entitlement, when the IOClass needs one. */
  readonly familyEntitlement?: string;
  readonly usage: string;
}

const ENT = 'com.apple.developer.driverkit';

/** Kext-era provider classes and the DriverKit provider that replaces each. */
const PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['IOUSBDevice', 'IOUSBHostDevice'],
  ['IOUSBInterface', 'IOUSBHostInterface'],
  ['IOUSBHostDevice', 'IOUSBHostDevice'],
  ['IOUSBHostInterface', 'IOUSBHostInterface'],
  ['IOPCIDevice', 'IOPCIDevice'],
  ['IOHIDInterface', 'IOHIDInterface'],
  // A kext matches the kernel's resources; the kernel starts a dext only on IOUserResources.
  ['IOResources', 'IOUserResources'],
]);

const isUsb = (provider: string): boolean => provider === 'IOUSBHostDevice' || provider === 'IOUSBHostInterface';

/** The plan for a class with kernel base `base` whose personality names `provider` (if any). */
export function planFamily(base: string | undefined, kextProvider: string | undefined): FamilyPlan {
  const provider = (kextProvider && PROVIDERS.get(kextProvider)) ?? kextProvider ?? 'IOUserResources';
  if (base === 'IOUserClient') {
    // A user client has no personality of its own: its service creates it (UserClientProperties).
    return {
      family: 'user-client', base: 'IOUserClient', ioClass: 'IOUserUserClient', provider: 'IOService',
      iigIncludes: ['DriverKit/IOUserClient.iig'], cppIncludes: [], usage: 'Answers the calls of apps.',
    };
  }
  if (base === 'IOHIDEventService') {
    return {
      family: 'hid-event-service', base: 'IOUserHIDEventService', ioClass: 'AppleUserHIDEventService', provider: 'IOHIDInterface',
      iigIncludes: ['DriverKit/IOService.iig', 'HIDDriverKit/IOUserHIDEventService.iig'], cppIncludes: ['HIDDriverKit/HIDDriverKit.h'],
      familyEntitlement: `${ENT}.family.hid.eventservice`, usage: 'Turns the reports of a HID device into input events.',
    };
  }
  if (base === 'IOHIDDevice') {
    return {
      family: 'hid-device', base: 'IOUserHIDDevice', ioClass: 'AppleUserHIDDevice', provider,
      iigIncludes: ['DriverKit/IOService.iig', 'HIDDriverKit/IOUserHIDDevice.iig'], cppIncludes: ['HIDDriverKit/HIDDriverKit.h'],
      familyEntitlement: `${ENT}.family.hid.device`, usage: 'Presents a device to the system as a HID device.',
    };
  }
  if (base && /^(?:IOSerialDriverSync|IOModemSerialStreamSync|IORS232SerialStreamSync|IOSerialStreamSync)$/.test(base)) {
    const usb = isUsb(provider);
    return {
      family: 'serial', base: usb ? 'IOUserUSBSerial' : 'IOUserSerial', ioClass: 'IOUserSerial', provider,
      iigIncludes: ['DriverKit/IOService.iig', usb ? 'USBSerialDriverKit/IOUserUSBSerial.iig' : 'SerialDriverKit/IOUserSerial.iig'],
      cppIncludes: [usb ? 'USBSerialDriverKit/IOUserUSBSerial.h' : 'SerialDriverKit/SerialDriverKit.h'],
      familyEntitlement: `${ENT}.family.serial`, usage: 'Makes a serial device available as a serial port.',
    };
  }
  if (provider === 'IOPCIDevice') {
    return {
      family: 'pci', base: 'IOService', ioClass: 'IOUserService', provider,
      iigIncludes: ['DriverKit/IOService.iig', 'PCIDriverKit/IOPCIDevice.iig'], cppIncludes: ['PCIDriverKit/PCIDriverKit.h'], usage: 'Controls a PCI device.',
    };
  }
  if (isUsb(provider)) {
    return {
      family: 'usb', base: 'IOService', ioClass: 'IOUserService', provider,
      iigIncludes: ['DriverKit/IOService.iig', `USBDriverKit/${provider}.iig`], cppIncludes: ['USBDriverKit/USBDriverKit.h'], usage: 'Controls a USB accessory.',
    };
  }
  return { family: 'other', base: 'IOService', ioClass: 'IOUserService', provider, iigIncludes: ['DriverKit/IOService.iig'], cppIncludes: [], usage: 'Controls a device.' };
}

/** The queue the event sources' handlers run on. */
export const EVENT_QUEUE = 'Events';

export interface EventPlan {
  /** The ivar holding the timer source, when the kext has a timer. */
  readonly timer?: string;
  readonly interrupt?: string;
  /** The ivar holding the events' queue (the kext's work loop member's name when it had one). */
  readonly queue?: string;
  /** True when the kext filtered its interrupts at primary level. */
  readonly filter: boolean;
}
