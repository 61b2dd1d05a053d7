/** Templates for the USB families: a USB interface, a USB device and a USB serial adapter. */
import { LIFECYCLE_DECLS, cppIncludes, guarded, header, impl, initFree, ivarsStruct, lines, logMacro, startImpl, stopImpl } from '../../../core/dext/templateText';

// ---------------------------------------------------------------------------------------------
// USB interface

export function usbInterfaceIig(name: string): string {
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

export function usbInterfaceCpp(name: string): string {
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

export function usbDeviceIig(name: string): string {
  return lines(
    header(`${name}.iig`, 'Claims a whole USB device.'),
    guarded(name, ['DriverKit/IOService.iig', 'USBDriverKit/IOUSBHostDevice.iig'], [`class ${name} : public IOService`, '{', 'public:', ...LIFECYCLE_DECLS, '};']),
  );
}

export function usbDeviceCpp(name: string): string {
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

export function serialIig(name: string): string {
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

export function serialCpp(name: string): string {
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
