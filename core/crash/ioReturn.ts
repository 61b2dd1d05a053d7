/**
 * IOReturn codes (`kIOReturn…`, IOKit's error numbers, which DriverKit methods return): the name of
 * each code in the common IOKit range (0xe00002bc–0xe00002f0) and what it usually means for a dext,
 * in our words. Used to explain crash reports, log lines and "Start failed with 0x…" messages.
 */

export interface IOReturnInfo {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
}

const TABLE: readonly (readonly [number, string, string])[] = [
  [0x2bc, 'kIOReturnError', 'a general failure the callee did not describe further'],
  [0x2bd, 'kIOReturnNoMemory', 'an allocation failed (memory, a buffer, a descriptor)'],
  [0x2be, 'kIOReturnNoResources', 'a resource other than memory ran out (ports, queues, DMA ranges)'],
  [0x2bf, 'kIOReturnIPCError', 'the call between the dext and the kernel failed on the way (the peer is gone, or a message was malformed)'],
  [0x2c0, 'kIOReturnNoDevice', 'the device is not there (unplugged, or the provider was terminated)'],
  [0x2c1, 'kIOReturnNotPrivileged', 'the caller lacks the privilege or entitlement the operation needs'],
  [0x2c2, 'kIOReturnBadArgument', 'an argument was invalid (a NULL pointer, a size or index out of range, the wrong type)'],
  [0x2c3, 'kIOReturnLockedRead', 'the device is locked for reading'],
  [0x2c4, 'kIOReturnLockedWrite', 'the device is locked for writing'],
  [0x2c5, 'kIOReturnExclusiveAccess', 'exclusive access: another client already has the device or service open'],
  [0x2c6, 'kIOReturnBadMessageID', 'a message carried an ID the receiver does not know (mismatched method tables)'],
  [0x2c7, 'kIOReturnUnsupported', 'the operation is not supported here (often a method the class does not implement, or one called on the wrong kind of object)'],
  [0x2c8, 'kIOReturnVMError', 'a virtual memory operation failed (mapping, wiring, copying)'],
  [0x2c9, 'kIOReturnInternalError', 'something inside the callee went wrong'],
  [0x2ca, 'kIOReturnIOError', 'the I/O itself failed'],
  [0x2cc, 'kIOReturnCannotLock', 'a lock could not be taken'],
  [0x2cd, 'kIOReturnNotOpen', 'the device or interface was not opened before use (call Open first)'],
  [0x2ce, 'kIOReturnNotReadable', 'reading is not supported'],
  [0x2cf, 'kIOReturnNotWritable', 'writing is not supported'],
  [0x2d0, 'kIOReturnNotAligned', 'an address or length was not aligned as required'],
  [0x2d1, 'kIOReturnBadMedia', 'the medium has an error'],
  [0x2d2, 'kIOReturnStillOpen', 'the device is still open (close it first)'],
  [0x2d3, 'kIOReturnRLDError', 'a loader failure'],
  [0x2d4, 'kIOReturnDMAError', 'a DMA transfer failed'],
  [0x2d5, 'kIOReturnBusy', 'the device or service is busy; try again later'],
  [0x2d6, 'kIOReturnTimeout', 'the operation timed out'],
  [0x2d7, 'kIOReturnOffline', 'the device is offline'],
  [0x2d8, 'kIOReturnNotReady', 'the device or service is not ready yet'],
  [0x2d9, 'kIOReturnNotAttached', 'the device is not attached'],
  [0x2da, 'kIOReturnNoChannels', 'no DMA channels are left'],
  [0x2db, 'kIOReturnNoSpace', 'there is no room for the data'],
  [0x2dd, 'kIOReturnPortExists', 'the port already exists'],
  [0x2de, 'kIOReturnCannotWire', 'physical memory could not be wired down'],
  [0x2df, 'kIOReturnNoInterrupt', 'no interrupt is attached'],
  [0x2e0, 'kIOReturnNoFrames', 'no DMA frames were queued'],
  [0x2e1, 'kIOReturnMessageTooLarge', 'a message was larger than the receiver allows'],
  [0x2e2, 'kIOReturnNotPermitted', 'the operation is not permitted (for a user client: the app lacks the entitlement that allows it to open the dext)'],
  [0x2e3, 'kIOReturnNoPower', 'the device has no power'],
  [0x2e4, 'kIOReturnNoMedia', 'no medium is present'],
  [0x2e5, 'kIOReturnUnformattedMedia', 'the medium is not formatted'],
  [0x2e6, 'kIOReturnUnsupportedMode', 'the mode is not supported'],
  [0x2e7, 'kIOReturnUnderrun', 'a data underrun'],
  [0x2e8, 'kIOReturnOverrun', 'a data overrun (more data arrived than the buffer holds)'],
  [0x2e9, 'kIOReturnDeviceError', 'the device reported an error or is not working properly'],
  [0x2ea, 'kIOReturnNoCompletion', 'a completion (callback) is required and none was given'],
  [0x2eb, 'kIOReturnAborted', 'the operation was aborted (for USB: the pipe was aborted, often because the device went away)'],
  [0x2ec, 'kIOReturnNoBandwidth', 'the bus has not enough bandwidth'],
  [0x2ed, 'kIOReturnNotResponding', 'the device is not responding'],
  [0x2ee, 'kIOReturnIsoTooOld', 'an isochronous request is too far in the past'],
  [0x2ef, 'kIOReturnIsoTooNew', 'an isochronous request is too far in the future'],
  [0x2f0, 'kIOReturnNotFound', 'what was asked for was not found'],
];

/** IOKit common errors are `0xe0000000 | low` (system 0x38, subsystem 0). */
const IOKIT_COMMON = 0xe0000000;

const BY_CODE: ReadonlyMap<number, IOReturnInfo> = new Map(TABLE.map(([low, name, meaning]) => [IOKIT_COMMON + low, { code: IOKIT_COMMON + low, name, meaning }]));
const BY_NAME: ReadonlyMap<string, IOReturnInfo> = new Map([...BY_CODE.values()].map((info) => [info.name, info]));

export function ioReturnInfo(code: number): IOReturnInfo | undefined {
  return BY_CODE.get(code >>> 0);
}

/** `0xe00002c7 (kIOReturnUnsupported): the operation is not supported here …`, or undefined. */
export function explainIOReturn(code: number): string | undefined {
  const info = ioReturnInfo(code);
  return info ? `0x${info.code.toString(16)} (${info.name}): ${info.meaning}` : undefined;
}

/** Every IOReturn code a text names, as hex (`0xe00002c7`), as a negative 32-bit number, or by name. */
export function ioReturnsIn(text: string): IOReturnInfo[] {
  const found = new Map<number, IOReturnInfo>();
  for (const m of text.matchAll(/0x(e00002[0-9a-f]{2})\b|(-536870[0-9]{3})\b|\b(kIOReturn[A-Za-z]+)\b/gi)) {
    const info = m[1] ? ioReturnInfo(parseInt(m[1], 16)) : m[2] ? ioReturnInfo(Number(m[2])) : BY_NAME.get(m[3]);
    if (info) found.set(info.code, info);
  }
  return [...found.values()];
}

