/**
 * The few SDK facts the foundation's rules need (is a base method LOCALONLY or reached through IIG?).
 * Signatures follow the DriverKit headers; descriptions are ours. The full per-family catalog
 * replaces this table without changing its shape.
 */
import type { SdkClass, SdkMethod, SdkMethodKind } from './catalogTypes';

const m = (kind: SdkMethodKind, returnType: string, name: string, parameters: string[], summary?: string): SdkMethod => ({
  name,
  returnType,
  parameters,
  kind,
  summary,
});

export const BUILTIN_CLASSES: readonly SdkClass[] = [
  {
    name: 'OSObject',
    complete: true,
    framework: 'DriverKit',
    summary: 'Root of DriverKit\'s reference-counted object classes.',
    methods: [
      m('localonly', 'bool', 'init', [], 'Sets up the object; allocate ivars here.'),
      m('localonly', 'void', 'free', [], 'Tears the object down; release ivars here, then call super::free().'),
    ],
  },
  {
    name: 'IOService',
    complete: true,
    superclass: 'OSObject',
    framework: 'DriverKit',
    summary: 'A driver or device service in the I/O Registry.',
    methods: [
      m('rpc', 'kern_return_t', 'Start', ['IOService * provider'], 'First call after matching; pass it on with Start(provider, SUPERDISPATCH).'),
      m('rpc', 'kern_return_t', 'Stop', ['IOService * provider'], 'Called when the provider goes away; quiesce, then Stop(provider, SUPERDISPATCH).'),
      m('rpc', 'kern_return_t', 'ClientCrashed', ['IOService * client', 'uint64_t options']),
      m('rpc', 'kern_return_t', 'GetRegistryEntryID', ['uint64_t * registryEntryID']),
      m('rpc', 'kern_return_t', 'SetName', ['const IOServiceName name']),
      m('rpc', 'kern_return_t', 'RegisterService', [], 'Makes the service visible for matching by clients.'),
      m('rpc', 'kern_return_t', 'SetDispatchQueue', ['const IODispatchQueueName name', 'IODispatchQueue * queue']),
      m('rpc', 'kern_return_t', 'CopyDispatchQueue', ['const IODispatchQueueName name', 'IODispatchQueue ** queue']),
      m('rpc', 'kern_return_t', 'CreateDefaultDispatchQueue', ['IODispatchQueue ** queue']),
      m('rpc', 'kern_return_t', 'CopyProperties', ['OSDictionary ** properties']),
      m('rpc', 'kern_return_t', 'SearchProperty', ['const IOPropertyName name', 'const IORegistryPlaneName plane', 'uint64_t options', 'OSContainer ** property']),
      m('rpc', 'kern_return_t', 'SetProperties', ['OSDictionary * properties']),
      m('rpc', 'kern_return_t', 'JoinPMTree', []),
      m('rpc', 'kern_return_t', 'SetPowerState', ['uint32_t powerFlags'], 'Power state change of the provider; pass it on with SUPERDISPATCH.'),
      m('rpc', 'kern_return_t', 'ChangePowerState', ['uint32_t powerFlags']),
      m('rpc', 'kern_return_t', 'NewUserClient', ['uint32_t type', 'IOUserClient ** userClient'], 'An app opened a connection; create the user client with Create().'),
      m('rpc', 'kern_return_t', 'Create', ['IOService * provider', 'const IOPropertyName propertiesKey', 'IOService ** result']),
      m('rpc', 'kern_return_t', 'Terminate', ['uint64_t options']),
      m('rpc', 'kern_return_t', 'CopyProviderProperties', ['OSArray * propertyKeys', 'OSArray ** properties']),
      m('rpc', 'kern_return_t', 'RequireMaxBusStall', ['uint64_t maxBusStall']),
      m('rpc', 'kern_return_t', 'AdjustBusy', ['int32_t delta']),
      m('rpc', 'kern_return_t', 'GetBusyState', ['uint32_t * busyState']),
      m('localonly', 'IOService *', 'GetProvider', [], 'The provider this service was started on (not retained).'),
    ],
  },
  {
    name: 'IOUserClient',
    complete: true,
    superclass: 'IOService',
    framework: 'DriverKit',
    summary: 'A connection between the driver and an app that opened it.',
    methods: [
      m('localonly', 'kern_return_t', 'ExternalMethod', ['uint64_t selector', 'IOUserClientMethodArguments * arguments', 'const IOUserClientMethodDispatch * dispatch', 'OSObject * target', 'void * reference'], 'Handles IOConnectCallMethod calls from the app.'),
      m('rpc', 'kern_return_t', 'CopyClientMemoryForType', ['uint64_t type', 'uint64_t * options', 'IOMemoryDescriptor ** memory']),
      m('rpc', 'void', 'AsyncCompletion', ['OSAction * action', 'IOReturn status', 'const IOUserClientAsyncArgumentsArray asyncData', 'uint32_t asyncDataCount']),
    ],
  },
  { name: 'OSAction', superclass: 'OSObject', framework: 'DriverKit', methods: [], complete: true },
  { name: 'IODispatchQueue', superclass: 'OSObject', framework: 'DriverKit', methods: [], complete: true },
  { name: 'IODispatchSource', superclass: 'OSObject', framework: 'DriverKit', methods: [], complete: true },
  {
    name: 'IOTimerDispatchSource',
    complete: true,
    superclass: 'IODispatchSource',
    framework: 'DriverKit',
    methods: [m('rpc', 'void', 'TimerOccurred', ['OSAction * action', 'uint64_t time'], 'Callback prototype: the timer fired.')],
  },
  {
    name: 'IOInterruptDispatchSource',
    complete: true,
    superclass: 'IODispatchSource',
    framework: 'DriverKit',
    methods: [m('rpc', 'void', 'InterruptOccurred', ['OSAction * action', 'uint64_t count', 'uint64_t time'], 'Callback prototype: the interrupt fired.')],
  },
  {
    name: 'IODataQueueDispatchSource',
    complete: true,
    superclass: 'IODispatchSource',
    framework: 'DriverKit',
    methods: [
      m('rpc', 'void', 'DataAvailable', ['OSAction * action'], 'Callback prototype: entries were added to the queue.'),
      m('rpc', 'void', 'DataServiced', ['OSAction * action'], 'Callback prototype: entries were removed from the queue.'),
    ],
  },
  {
    name: 'IOUSBHostPipe',
    superclass: 'OSObject',
    framework: 'USBDriverKit',
    complete: false,
    methods: [
      m('rpc', 'void', 'CompleteAsyncIO', ['OSAction * action', 'IOReturn status', 'uint32_t actualByteCount', 'uint64_t completionTimestamp'], 'Callback prototype: an AsyncIO transfer finished.'),
    ],
  },
  { name: 'IOUSBHostInterface', superclass: 'IOService', framework: 'USBDriverKit', methods: [], complete: false },
  { name: 'IOUSBHostDevice', superclass: 'IOService', framework: 'USBDriverKit', methods: [], complete: false },
  {
    name: 'IOHIDEventService',
    superclass: 'IOService',
    framework: 'HIDDriverKit',
    complete: false,
    methods: [
      m('localonly', 'void', 'dispatchKeyboardEvent', ['uint64_t timeStamp', 'uint32_t usagePage', 'uint32_t usage', 'uint32_t value', 'IOOptionBits options', 'bool repeat']),
      m('localonly', 'void', 'dispatchRelativePointerEvent', ['uint64_t timeStamp', 'IOFixed dx', 'IOFixed dy', 'uint32_t buttonState', 'IOOptionBits options', 'bool accelerate']),
    ],
  },
  {
    name: 'IOUserHIDEventService',
    superclass: 'IOHIDEventService',
    framework: 'HIDDriverKit',
    complete: false,
    methods: [
      m('localonly', 'bool', 'handleStart', ['IOService * provider'], 'Called from Start once the HID interface is open.'),
      m('localonly', 'void', 'handleReport', ['uint64_t timestamp', 'uint8_t * report', 'uint32_t reportLength', 'IOHIDReportType type', 'uint32_t reportID'], 'Called for every report the device delivers.'),
      m('localonly', 'OSArray *', 'getElements', [], 'The HID elements of the interface.'),
    ],
  },
  { name: 'IOHIDDevice', superclass: 'IOService', framework: 'HIDDriverKit', methods: [], complete: false },
  { name: 'IOUserHIDDevice', superclass: 'IOHIDDevice', framework: 'HIDDriverKit', methods: [], complete: false },
];

const byName = new Map(BUILTIN_CLASSES.map((c) => [c.name, c]));

export function builtinClass(name: string): SdkClass | undefined {
  return byName.get(name);
}
