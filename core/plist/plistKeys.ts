/**
 * What DriverKit property lists may say: the keys of a dext's Info.plist, of its personalities and
 * their matching dictionaries, and the entitlements, each with its value type and a description in
 * our own words. Hover, completion and the rules all read this one table.
 */
export type ValueKind = 'string' | 'integer' | 'boolean' | 'dict' | 'array' | 'real';

export interface KeyInfo {
  readonly key: string;
  readonly kind: ValueKind;
  readonly summary: string;
  /** For completion: a sensible value to insert. */
  readonly example?: string;
}

const k = (key: string, kind: ValueKind, summary: string, example?: string): KeyInfo => ({ key, kind, summary, example });

/** Installation fails without these. */
export const REQUIRED_TOP_LEVEL = ['CFBundleShortVersionString', 'CFBundleVersion', 'OSBundleUsageDescription'] as const;
/** A dext is expected to have these. */
export const EXPECTED_TOP_LEVEL = ['CFBundleIdentifier', 'CFBundleExecutable', 'CFBundlePackageType', 'IOKitPersonalities'] as const;

export const TOP_LEVEL_KEYS: readonly KeyInfo[] = [
  k('CFBundleIdentifier', 'string', 'The dext\'s bundle identifier; every personality repeats it so the kernel can find the dext.', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
  k('CFBundleExecutable', 'string', 'Name of the dext\'s executable inside the bundle.', '$(EXECUTABLE_NAME)'),
  k('CFBundleName', 'string', 'Short name of the bundle.', '$(PRODUCT_NAME)'),
  k('CFBundlePackageType', 'string', 'Bundle type; a driver extension says DEXT.', 'DEXT'),
  k('CFBundleShortVersionString', 'string', 'The user-visible version (for example 1.2). Required to install.', '$(MARKETING_VERSION)'),
  k('CFBundleVersion', 'string', 'The build version, in kext version form: up to three numbers of at most four digits, optionally a stage (d, a, b, fc) and a number up to 255. Required; the system only replaces an installed dext when it grows.', '$(CURRENT_PROJECT_VERSION)'),
  k('CFBundleInfoDictionaryVersion', 'string', 'Version of the Info.plist format; always 6.0.', '6.0'),
  k('CFBundleDevelopmentRegion', 'string', 'The bundle\'s native language.', '$(DEVELOPMENT_LANGUAGE)'),
  k('OSBundleUsageDescription', 'string', 'Why the driver is needed, shown to the user when the dext asks to be approved. Required to install.', 'Drives the accessory\'s USB interface.'),
  k('IOKitPersonalities', 'dict', 'The matching dictionaries: each names the provider to attach to and the class to run.'),
  k('OSBundleLibraries', 'dict', 'Kext-era library dependencies; driver extensions do not use it.'),
];

export const PERSONALITY_KEYS: readonly KeyInfo[] = [
  k('IOClass', 'string', 'The kernel-side class that stands in for the dext\'s service (IOUserService, AppleUserHIDEventService, IOUserSerial ...).', 'IOUserService'),
  k('IOProviderClass', 'string', 'The class of the service to attach to (IOUSBHostInterface, IOPCIDevice, IOHIDInterface, IOUserResources ...).', 'IOUSBHostInterface'),
  k('IOUserClass', 'string', 'The dext\'s own class (declared in a .iig) that is instantiated on a match.'),
  k('IOUserServerName', 'string', 'Name of the dext process that hosts the service; by convention the bundle identifier.', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
  k('CFBundleIdentifier', 'string', 'The dext\'s bundle identifier; the kernel launches the dext by it, so it must equal the top-level CFBundleIdentifier.', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
  k('CFBundleIdentifierKernel', 'string', 'Bundle identifier of the kernel-side family that provides IOClass.', 'com.apple.kpi.iokit'),
  k('IOMatchCategory', 'string', 'Lets several drivers match the same provider: services in different categories do not compete.'),
  k('IOResourceMatch', 'string', 'Matches a published resource; with IOUserResources as provider, IOKit makes a virtual driver start at boot.', 'IOKit'),
  k('IOProbeScore', 'integer', 'Priority among drivers matching the same provider; higher wins.', '1000'),
  k('IOPropertyMatch', 'dict', 'Properties the provider must have, value for value.'),
  k('IOUserServerOneProcess', 'boolean', 'Run every matched service in one dext process instead of one per match.'),
  k('UserClientProperties', 'dict', 'Properties of the user client created with IOService::Create(this, "UserClientProperties", ...): IOClass IOUserUserClient and the IOUserClass to instantiate.'),
  k('IOServiceDEXTEntitlements', 'array', 'Entitlements a client process must hold to open a user client of this service.'),
];

export const USB_MATCHING_KEYS: readonly KeyInfo[] = [
  k('idVendor', 'integer', 'USB vendor id (decimal in the plist).'),
  k('idProduct', 'integer', 'USB product id.'),
  k('idProductArray', 'array', 'Several USB product ids (an array of integers).'),
  k('bcdDevice', 'integer', 'Device release number.'),
  k('bConfigurationValue', 'integer', 'The configuration the interface belongs to.'),
  k('bInterfaceNumber', 'integer', 'The interface\'s number within its configuration.'),
  k('bInterfaceClass', 'integer', 'USB interface class code.'),
  k('bInterfaceSubClass', 'integer', 'USB interface subclass code.'),
  k('bInterfaceProtocol', 'integer', 'USB interface protocol code.'),
  k('bDeviceClass', 'integer', 'USB device class code.'),
  k('bDeviceSubClass', 'integer', 'USB device subclass code.'),
  k('bDeviceProtocol', 'integer', 'USB device protocol code.'),
];

export const HID_MATCHING_KEYS: readonly KeyInfo[] = [
  k('VendorID', 'integer', 'HID vendor id.'),
  k('ProductID', 'integer', 'HID product id.'),
  k('PrimaryUsagePage', 'integer', 'Usage page of the device\'s primary usage (1 = Generic Desktop).'),
  k('PrimaryUsage', 'integer', 'Primary usage within that page (6 = keyboard, 2 = mouse).'),
  k('LocationID', 'integer', 'Where the device is attached.'),
  k('Transport', 'string', 'How the device is connected (USB, Bluetooth, SPI ...).', 'USB'),
  k('DeviceUsagePairs', 'array', 'Usage page/usage pairs the device has, as dicts of DeviceUsagePage and DeviceUsage.'),
];

export const PCI_MATCHING_KEYS: readonly KeyInfo[] = [
  k('IOPCIMatch', 'string', 'Device and vendor ids to match, as 0xDDDDVVVV (device, vendor) with an optional &0xMASK, several separated by spaces.', '0x00001234'),
  k('IOPCIPrimaryMatch', 'string', 'Like IOPCIMatch, for the primary device and vendor ids only.'),
  k('IOPCISecondaryMatch', 'string', 'Like IOPCIMatch, for the subsystem ids.'),
  k('IOPCIClassMatch', 'string', 'Class code to match, as 0xCCSSPP00 with an optional mask.'),
];

export const ENTITLEMENT_KEYS: readonly KeyInfo[] = [
  k('com.apple.developer.driverkit', 'boolean', 'Every driver extension needs it.'),
  k('com.apple.developer.driverkit.transport.usb', 'array', 'Lets the dext talk to USB devices; an array of dicts naming the idVendor values it may match.'),
  k('com.apple.developer.driverkit.transport.hid', 'boolean', 'Lets the dext talk to HID interfaces.'),
  k('com.apple.developer.driverkit.transport.pci', 'array', 'Lets the dext talk to PCI devices; an array of dicts with IOPCIMatch strings.'),
  k('com.apple.developer.driverkit.family.hid.device', 'boolean', 'Needed to publish a HID device (IOClass AppleUserHIDDevice).'),
  k('com.apple.developer.driverkit.family.hid.eventservice', 'boolean', 'Needed to publish a HID event service (IOClass AppleUserHIDEventService).'),
  k('com.apple.developer.driverkit.family.serial', 'boolean', 'Needed for a serial driver (IOClass IOUserSerial).'),
  k('com.apple.developer.driverkit.family.networking', 'boolean', 'Needed for a network interface (IOClass IOUserNetworkEthernet).'),
  k('com.apple.developer.driverkit.family.audio', 'boolean', 'Needed for an audio driver.'),
  k('com.apple.developer.driverkit.family.scsicontroller', 'boolean', 'Needed for a SCSI controller driver.'),
  k('com.apple.developer.driverkit.family.block-storage-device', 'boolean', 'Needed for a block storage device driver.'),
  k('com.apple.developer.driverkit.family.midi', 'boolean', 'Needed for a MIDI driver.'),
  k('com.apple.developer.driverkit.allow-any-userclient-access', 'boolean', 'Any app may open the dext\'s user clients (otherwise the app needs userclient-access naming the dext).'),
  k('com.apple.developer.driverkit.userclient-access', 'array', 'In a client app: the bundle ids of the dexts whose user clients it may open.'),
  k('com.apple.developer.system-extension.install', 'boolean', 'In the host app: it may install system extensions.'),
  k('com.apple.developer.driverkit.allow-third-party-userclients', 'boolean', 'Lets apps of other teams open the dext\'s user clients.'),
];

const ALL = [...TOP_LEVEL_KEYS, ...PERSONALITY_KEYS, ...USB_MATCHING_KEYS, ...HID_MATCHING_KEYS, ...PCI_MATCHING_KEYS];
const byKey = new Map<string, KeyInfo>();
for (const info of [...ENTITLEMENT_KEYS, ...ALL]) if (!byKey.has(info.key)) byKey.set(info.key, info);

/** Personality and matching keys share one dict, so one lookup serves both. */
export function keyInfo(key: string): KeyInfo | undefined {
  return byKey.get(key);
}

export const USB_PROVIDERS = new Set(['IOUSBHostDevice', 'IOUSBHostInterface']);

/**
 * The kernel classes that host a dext's service (a dext personality's IOClass): the DriverKit class
 * IOUserClass must derive from, the family entitlement the kernel class demands, and the providers it
 * is known to attach to (IOUserResources, the virtual provider, suits every one of them). From the
 * open-source kernel and HID sources, Apple's documentation and shipping dexts.
 */
export const IOCLASS_FAMILIES: Readonly<Record<string, { base: string; entitlement?: string; providers?: readonly string[] }>> = {
  IOUserService: { base: 'IOService' },
  AppleUserHIDDevice: { base: 'IOUserHIDDevice', entitlement: 'com.apple.developer.driverkit.family.hid.device', providers: ['IOUSBHostInterface', 'IOUSBHostDevice', 'IOHIDInterface'] },
  AppleUserHIDEventService: { base: 'IOUserHIDEventService', entitlement: 'com.apple.developer.driverkit.family.hid.eventservice', providers: ['IOHIDInterface'] },
  IOUserSerial: { base: 'IOUserSerial', entitlement: 'com.apple.developer.driverkit.family.serial', providers: ['IOUSBHostInterface', 'IOUSBHostDevice', 'IOPCIDevice'] },
  IOUserNetworkEthernet: { base: 'IOUserNetworkEthernet', entitlement: 'com.apple.developer.driverkit.family.networking', providers: ['IOUSBHostInterface', 'IOUSBHostDevice', 'IOPCIDevice'] },
  IOUserSCSIParallelInterfaceController: { base: 'IOUserSCSIParallelInterfaceController', entitlement: 'com.apple.developer.driverkit.family.scsicontroller', providers: ['IOPCIDevice', 'IOUserService'] },
  IOUserBlockStorageDevice: { base: 'IOUserBlockStorageDevice', entitlement: 'com.apple.developer.driverkit.family.block-storage-device' },
  IOSCSIPeripheralDeviceType00: { base: 'IOUserSCSIPeripheralDeviceType00' },
  IOSCSIPeripheralDeviceType05: { base: 'IOUserSCSIPeripheralDeviceType05' },
  IOSCSIPeripheralDeviceType07: { base: 'IOUserSCSIPeripheralDeviceType07' },
  IOUserUserClient: { base: 'IOUserClient' },
};

/** The provider a virtual (hardware-less) dext matches on; every hosting class accepts it. */
/**
 * User-class names of Apple's own HID dext (what ioreg shows as its UserClass), each with the kernel
 * class that hosts it. Written as IOClass they name no kernel class, so the personality never starts.
 */
export const APPLE_DEXT_USER_CLASSES: Readonly<Record<string, string>> = {
  AppleUserUSBHostHIDDevice: 'AppleUserHIDDevice',
  AppleUserHIDEventDriver: 'AppleUserHIDEventService',
};

export const VIRTUAL_PROVIDER = 'IOUserResources';

/** Family classes whose subclasses must be published with their own IOClass, not IOUserService. */
export const FAMILY_IOCLASS_BY_BASE: Readonly<Record<string, string>> = {
  IOUserHIDEventService: 'AppleUserHIDEventService',
  IOUserHIDDevice: 'AppleUserHIDDevice',
  IOUserSerial: 'IOUserSerial',
  IOUserNetworkEthernet: 'IOUserNetworkEthernet',
  IOUserSCSIParallelInterfaceController: 'IOUserSCSIParallelInterfaceController',
};

/** Transport entitlements by provider class. */
export const TRANSPORT_BY_PROVIDER: Readonly<Record<string, string>> = {
  IOUSBHostDevice: 'com.apple.developer.driverkit.transport.usb',
  IOUSBHostInterface: 'com.apple.developer.driverkit.transport.usb',
  IOHIDInterface: 'com.apple.developer.driverkit.transport.hid',
  IOPCIDevice: 'com.apple.developer.driverkit.transport.pci',
};
