/** Templates for the HID families: a HID event service and a HID device. */
import { LIFECYCLE_DECLS, cppIncludes, guarded, header, initFree, ivarsStruct, lines, logMacro, startImpl, stopImpl } from '../../../core/dext/templateText';

// ---------------------------------------------------------------------------------------------
// HID event service

export function hidEventServiceIig(name: string): string {
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

export function hidEventServiceCpp(name: string): string {
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

export function hidDeviceIig(name: string): string {
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

export function hidDeviceCpp(name: string): string {
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
