/** Every rule the checker knows: its stable id, severity and a one-line summary (README, CLI --list). */
export type Severity = 'error' | 'warning' | 'info';

export interface RuleInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

const rule = (code: string, severity: Severity, summary: string): RuleInfo => ({ code, severity, summary });

export const RULES = {
  iigSyntax: rule('iig.syntax', 'error', 'A C++ syntax error in a .iig file (IIG attributes are never the cause).'),
  cppSyntax: rule('cpp.syntax', 'error', 'A C++ syntax error in a DriverKit .cpp file.'),
  unknownAttribute: rule('iig.unknown-attribute', 'error', 'An all-caps word where an IIG attribute belongs that is no IIG attribute (usually a typo).'),
  dataMember: rule('iig.data-member', 'warning', 'A data member in a DriverKit class; its state belongs in the Class_IVars struct.'),
  typeWithoutAction: rule('iig.type-without-action', 'error', 'A TYPE(...) callback whose first parameter is not OSAction *.'),
  methodUnimplemented: rule('iig.method-unimplemented', 'warning', 'A method declared in a .iig (not LOCALONLY, not pure) that no .cpp in the workspace implements.'),
  implUndeclared: rule('cpp.impl-undeclared', 'error', 'IMPL(Class, Method) or Class::Method_Impl for a method the class does not declare.'),
  superDispatchLocalOnly: rule('cpp.superdispatch-localonly', 'error', 'SUPERDISPATCH inside a LOCALONLY method, which reaches its parent with super:: instead.'),
  superOnRpc: rule('cpp.super-on-rpc', 'error', 'super::Method(...) for a method reached through IIG; pass SUPERDISPATCH instead.'),
  missingSuperDispatch: rule('cpp.missing-superdispatch', 'error', 'Start or Stop implemented without passing the call to the parent with SUPERDISPATCH.'),
  ivarsNotFreed: rule('cpp.ivars-not-freed', 'warning', 'ivars allocated but never released in free().'),
  ivarsFreedInStop: rule('cpp.ivars-freed-in-stop', 'warning', 'ivars released in Stop(); the object can still be called after Stop, so release them in free().'),
  unknownBaseClass: rule('iig.unknown-base-class', 'warning', 'A base class that is neither a DriverKit class nor a class of the workspace.'),
  missingInclude: rule('iig.missing-include', 'warning', 'The base class\'s header is not included, so iig cannot see the class.'),
  overrideUnknown: rule('iig.override-unknown', 'warning', 'A method marked override that no ancestor declares.'),
  overrideSignature: rule('iig.override-signature', 'warning', 'An override whose parameters differ from the method it overrides.'),
  typeUnknownCallback: rule('iig.type-unknown-callback', 'error', 'TYPE(Class::Method) naming a method that does not exist.'),
  typeSignatureMismatch: rule('iig.type-signature-mismatch', 'error', 'A TYPE(...) callback whose parameters differ from its prototype.'),
  hidDeviceStart: rule('iig.hid-device-start', 'warning', 'Start overridden in an IOUserHIDDevice subclass (its setup belongs in handleStart).'),
  unknownQueue: rule('cpp.unknown-queue', 'warning', 'SetDispatchQueue("name") where no method declares QUEUENAME(name).'),
  hidRegisterService: rule('cpp.hid-register-service', 'warning', 'RegisterService() called in an IOUserHIDDevice subclass (it registers through newDeviceDescription).'),
  structorMacros: rule('dext.structor-macros', 'error', 'OSDeclareDefaultStructors / OSDefineMetaClassAndStructors written by hand in a driver extension.'),
  plistMalformed: rule('plist.malformed', 'error', 'A property list that is not well-formed XML.'),
  plistBinary: rule('plist.binary', 'warning', 'A binary property list, which the checks cannot read.'),
  plistNotPlist: rule('plist.not-plist', 'warning', 'An XML file named like a property list whose root is not <plist>.'),
  missingRequiredKey: rule('plist.missing-required-key', 'error', 'A dext Info.plist without CFBundleShortVersionString, CFBundleVersion or OSBundleUsageDescription (installation fails).'),
  missingKey: rule('plist.missing-key', 'warning', 'A dext Info.plist without CFBundleIdentifier, CFBundleExecutable, CFBundlePackageType or IOKitPersonalities.'),
  invalidVersion: rule('plist.invalid-version', 'error', 'CFBundleVersion that is not a valid kext version.'),
  packageType: rule('plist.package-type', 'error', 'CFBundlePackageType other than DEXT in a driver extension.'),
  wrongType: rule('plist.wrong-type', 'error', 'A known key whose value has the wrong type (such a matching key never matches).'),
  personalityMissingKey: rule('plist.personality.missing-key', 'error', 'A personality without IOClass, IOProviderClass, IOUserClass, IOUserServerName or CFBundleIdentifier.'),
  unknownUserClass: rule('plist.personality.unknown-user-class', 'error', 'IOUserClass naming no class of the workspace\'s .iig files.'),
  userClassBase: rule('plist.personality.user-class-base', 'warning', 'The IOUserClass class does not derive from what IOClass requires (or a family class is published as IOUserService).'),
  unknownPair: rule('plist.personality.unknown-pair', 'warning', 'An IOClass / IOProviderClass pair outside the known DriverKit families.'),
  bundleId: rule('plist.personality.bundle-id', 'error', 'A personality\'s CFBundleIdentifier differs from the dext\'s bundle identifier (the kernel cannot launch it).'),
  serverName: rule('plist.personality.server-name', 'warning', 'IOUserServerName differs from the bundle identifier.'),
  usbCombination: rule('plist.matching.usb-combination', 'warning', 'USB matching keys that form none of the combinations USB matching uses (QA1076).'),
  pciSyntax: rule('plist.matching.pci-syntax', 'error', 'An IOPCIMatch-style string that is not 0xDDDDVVVV[&0xMASK] values.'),
  entitlementInInfo: rule('plist.entitlement-in-info', 'warning', 'An entitlement written in Info.plist, where it has no effect.'),
  missingDriverKit: rule('entitlements.missing-driverkit', 'error', 'A dext\'s entitlements without com.apple.developer.driverkit.'),
  missingTransport: rule('entitlements.missing-transport', 'error', 'No transport entitlement for a personality\'s provider (USB, HID, PCI).'),
  usbBool: rule('entitlements.usb-bool', 'error', 'transport.usb written as a boolean; it is an array of dicts with idVendor.'),
  usbVendor: rule('entitlements.usb-vendor', 'error', 'A personality\'s idVendor that the transport.usb entitlement does not cover.'),
  missingFamily: rule('entitlements.missing-family', 'error', 'No family entitlement for a personality\'s IOClass.'),
  userClientAccess: rule('entitlements.userclient-access', 'warning', 'A client app\'s userclient-access that does not name the dext, which does not allow any client.'),
  fileBinary: rule('file.binary', 'warning', 'The file is binary (it holds NUL bytes) and is not analysed.'),
  fileTooLarge: rule('file.too-large', 'warning', 'The file is too large to analyse.'),
  fileTooComplex: rule('file.too-complex', 'warning', 'The parser gave up on the file within its time budget.'),
} as const satisfies Record<string, RuleInfo>;

export const ALL_RULES: readonly RuleInfo[] = Object.values(RULES);
