/**
 * What a kext API becomes in DriverKit, in our own words, each with a short example. The facts come
 * from the DriverKit headers (the classes and methods named here are in the bundled catalog) and
 * Apple's porting guidance; where DriverKit has no counterpart the hint says so and what to do
 * instead. A hint is matched by identifiers in the code view (comments, strings and directives blanked).
 */

export interface MigrationHint {
  /** The rule id's tail: `migrate.<key>`. */
  readonly key: string;
  /** The kext API, for the summary and the message. */
  readonly api: string;
  /** Matches a use; the first group, when there is one, is the part the finding points at. */
  readonly pattern: RegExp;
  /** What to do in DriverKit, in plain words. */
  readonly advice: string;
  /** A few lines of DriverKit code showing it. */
  readonly example: string;
}

export const MIGRATION_HINTS: readonly MigrationHint[] = [
  {
    key: 'work-loop',
    api: 'IOWorkLoop',
    pattern: /\b(IOWorkLoop|getWorkLoop)\b/,
    advice: 'DriverKit has no work loops: each class runs on dispatch queues. Methods run on the Default queue unless the .iig gives them QUEUENAME(Name); create that queue with IODispatchQueue::Create in Start and register it with SetDispatchQueue("Name", queue).',
    example: 'IODispatchQueue *queue; IODispatchQueue::Create("Data", 0, 0, &queue); SetDispatchQueue("Data", queue);',
  },
  {
    key: 'command-gate',
    api: 'IOCommandGate (runAction, commandSleep, commandWakeup)',
    pattern: /\b(IOCommandGate|runAction|runCommand|commandSleep|commandWakeup)\b/,
    advice: 'Work serialised by a command gate runs on a dispatch queue instead: IODispatchQueue::RunAction runs code on the queue, Sleep / SleepWithDeadline wait for an event on it and Wakeup signals it, the way commandSleep and commandWakeup did.',
    example: 'queue->Sleep(&state, timeout); /* and where the event happens: */ queue->Wakeup(&state);',
  },
  {
    key: 'timer',
    api: 'IOTimerEventSource',
    pattern: /\b(IOTimerEventSource)\b/,
    advice: 'A timer is an IOTimerDispatchSource on a queue: its handler is an OSAction made from a TYPE(IOTimerDispatchSource::TimerOccurred) method of your class, and WakeAtTime arms it (one shot each time).',
    example: 'IOTimerDispatchSource::Create(queue, &timer); CreateActionTimerFired(0, &action); timer->SetHandler(action); timer->WakeAtTime(kIOTimerClockMonotonicRaw, deadline, 0);',
  },
  {
    key: 'interrupt',
    api: 'IOInterruptEventSource',
    pattern: /\b(IOInterruptEventSource)\b/,
    advice: 'An interrupt is an IOInterruptDispatchSource: create it for the provider and interrupt index, give it an OSAction made from a TYPE(IOInterruptDispatchSource::InterruptOccurred) method, then enable it. The handler runs on the source\'s queue, at thread level.',
    example: 'IOInterruptDispatchSource::Create(provider, 0, queue, &source); CreateActionInterruptOccurred(0, &action); source->SetHandler(action); source->SetEnableWithCompletion(true, nullptr);',
  },
  {
    key: 'filter-interrupt',
    api: 'IOFilterInterruptEventSource',
    pattern: /\b(IOFilterInterruptEventSource)\b/,
    advice: 'DriverKit has no primary-interrupt filter: every interrupt handler runs at thread level on a dispatch queue, so there is no place to check and acknowledge the device before the thread runs. Use an IOInterruptDispatchSource, do the filter\'s check at the start of its handler, and prefer MSI interrupts, which are never shared with another device.',
    example: 'void IMPL(MyDriver, InterruptOccurred) { if (!(ReadStatus() & kMine)) return; /* the filter\'s work, then the handler\'s */ }',
  },
  {
    key: 'legacy-interrupt',
    api: 'level- or edge-triggered (non-MSI) PCI interrupts',
    pattern: /\b(kIOInterruptTypeLevel|kIOInterruptTypeEdge)\b/,
    advice: 'DriverKit serves PCI devices with message-signalled interrupts only (MSI or MSI-X); the legacy INTx lines are not available. Ask for MSI vectors with IOPCIDevice::ConfigureInterrupts before creating the IOInterruptDispatchSource.',
    example: 'pci->ConfigureInterrupts(kIOInterruptTypePCIMessaged, 1, 1, 0);',
  },
  {
    key: 'shared-data-queue',
    api: 'IOSharedDataQueue',
    pattern: /\b(IOSharedDataQueue|IODataQueue)\b/,
    advice: 'A queue of entries shared with an app is an IODataQueueDispatchSource: Enqueue on the driver side, and the app reads it through the memory CopyClientMemoryForType hands out for it.',
    example: 'IODataQueueDispatchSource::Create(16 * 1024, queue, &dataQueue); dataQueue->Enqueue(size, ^(void *data, size_t len) { memcpy(data, report, len); });',
  },
  {
    key: 'matching-notification',
    api: 'addMatchingNotification',
    pattern: /\b(addMatchingNotification|addNotification)\s*\(/,
    advice: 'Watching for services to appear is an IOServiceNotificationDispatchSource made from a matching dictionary; its handler is an OSAction, and DeliverNotifications hands over what was published or terminated.',
    example: 'IOServiceNotificationDispatchSource::Create(matching, 0, queue, &notifications); notifications->SetHandler(action);',
  },
  {
    key: 'external-method',
    api: 'externalMethod / IOExternalMethodDispatch',
    pattern: /\b(externalMethod|IOExternalMethodDispatch)\b/,
    advice: 'A user client\'s calls arrive in ExternalMethod (capital E), which takes an IOUserClientMethodArguments and a table of IOUserClientMethodDispatch entries; pass the entry of the selector to super::ExternalMethod, which checks the argument counts.',
    example: 'kern_return_t IMPL(MyUserClient, ExternalMethod) { return super::ExternalMethod(selector, arguments, &kMethods[selector], this, nullptr); }',
  },
  {
    key: 'client-memory',
    api: 'clientMemoryForType',
    pattern: /\b(clientMemoryForType)\b/,
    advice: 'Memory shared with the app is handed out by CopyClientMemoryForType, which returns a retained IOMemoryDescriptor (an IOBufferMemoryDescriptor you created) for the type the app asks for.',
    example: 'kern_return_t IMPL(MyUserClient, CopyClientMemoryForType) { buffer->retain(); *memory = buffer; return kIOReturnSuccess; }',
  },
  {
    key: 'properties',
    api: 'getProperty / setProperty',
    pattern: /\b(getProperty|setProperty|copyProperty)\s*\(/,
    advice: 'A dext reads registry properties as a whole dictionary with CopyProperties (its own) or SearchProperty (walking up the providers), and writes them with SetProperties; there is no single-key getter or setter.',
    example: 'OSDictionary *props = nullptr; CopyProperties(&props); OSNumber *speed = OSDynamicCast(OSNumber, props->getObject("Speed"));',
  },
  {
    key: 'probe',
    api: 'probe',
    pattern: /\b\w+\s*::\s*(probe)\s*\(/,
    advice: 'DriverKit has no probe: the personality\'s matching keys (and IOProbeScore) choose the driver. A check that probe made goes at the start of Start, which returns an error when the device is not one the driver serves.',
    example: 'kern_return_t IMPL(MyDriver, Start) { if (!Supported(provider)) return kIOReturnUnsupported; return Start(provider, SUPERDISPATCH); }',
  },
  {
    key: 'memory-with-address',
    api: 'IOMemoryDescriptor::withAddress',
    pattern: /\b(withAddress|withAddressRange)\s*\(/,
    advice: 'A dext cannot wrap an arbitrary address in a memory descriptor. Allocate an IOBufferMemoryDescriptor, fill the memory GetAddressRange gives you, and pass that descriptor on.',
    example: 'IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, length, 0, &buffer); buffer->GetAddressRange(&range); memcpy((void *)range.address, data, length);',
  },
  {
    key: 'dma-command',
    api: 'IODMACommand',
    pattern: /\b(IODMACommand)\b/,
    advice: 'DriverKit has its own IODMACommand: create it for the device with IODMACommand::Create and a specification of the device\'s address width, then PrepareForDMA gives the physical segments of a memory descriptor and CompleteDMA ends the transfer.',
    example: 'IODMACommand::Create(pci, 0, &spec, &dma); dma->PrepareForDMA(0, buffer, 0, length, &flags, &count, segments);',
  },
  {
    key: 'structors',
    api: 'OSDeclareDefaultStructors',
    pattern: /\b(OSDeclareDefaultStructors|OSDeclareAbstractStructors|OSDeclareFinalStructors)\b/,
    advice: 'A DriverKit class is declared in a .iig file, and iig generates its metaclass and structors: the class keeps no OSDeclare or OSDefine macro, its state moves into an IVars struct, and its methods are written with IMPL in the .cpp.',
    example: 'class MyDriver: public IOService { public: virtual kern_return_t Start(IOService *provider) override; };',
  },
];
