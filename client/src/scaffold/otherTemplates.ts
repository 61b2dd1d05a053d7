/** Templates for the other families: Ethernet, PCI, and a service with a user client. */
import { LIFECYCLE_DECLS, cppIncludes, guarded, header, impl, initFree, ivarsStruct, lines, logMacro, startImpl, stopImpl, userClientName } from '../../../core/dext/templateText';

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

export function networkIig(name: string): string {
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

export function networkCpp(name: string): string {
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

export function pciIig(name: string): string {
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

export function pciCpp(name: string): string {
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

export function ucServiceIig(name: string): string {
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

export function ucServiceCpp(name: string): string {
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

export function userClientIig(service: string): string {
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

export function userClientCpp(service: string): string {
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
