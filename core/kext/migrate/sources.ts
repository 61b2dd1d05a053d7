/** The migrated class's .cpp: ivars, init/free, Start/Stop with the event sources set up, the handlers. */
import type { IvarLine } from './members';
import { EVENT_QUEUE, type EventPlan, type FamilyPlan } from './family';

export interface CppPlan {
  readonly name: string;
  readonly plan: FamilyPlan;
  readonly events: EventPlan;
  readonly ivars: readonly IvarLine[];
  /** TODO lines for the kext APIs its code uses. */
  readonly hints: readonly string[];
  readonly hasPersonality: boolean;
}

const indent = (lines: readonly string[], by = '    '): string[] => lines.map((l) => (l ? by + l : l));

export function lifecycleCpp(p: CppPlan): string {
  const { name, events } = p;
  const created: string[] = [];
  const fields: string[] = [];
  if (events.queue) fields.push(`IODispatchQueue * ${events.queue};`);
  if (events.timer) fields.push(`IOTimerDispatchSource * ${events.timer};`, 'OSAction * timerAction;');
  if (events.interrupt) fields.push(`IOInterruptDispatchSource * ${events.interrupt};`, 'OSAction * interruptAction;');
  if (events.interrupt) created.push('interruptAction', events.interrupt);
  if (events.timer) created.push('timerAction', events.timer);
  if (events.queue) created.push(events.queue);
  for (const line of p.ivars) fields.push(line.text);
  const start: string[] = [];
  if (p.plan.family === 'pci') start.push(`// TODO(migrate): take the provider with OSDynamicCast(IOPCIDevice, provider), keep it (retain) and Open(this, 0) it before using its registers; Close it in Stop.`);
  if (p.plan.family === 'usb') start.push(`// TODO(migrate): take the provider with OSDynamicCast(${p.plan.provider}, provider), keep it (retain) and Open(this, 0, nullptr) it; Close it in Stop.`);
  if (p.plan.family === 'serial') start.push('// TODO(migrate): the serial layer calls the hw… hooks of the base class (HwActivate, HwProgramBaudRate, HwProgramFlowControl, …): override those the chip needs and move the kext\'s programming code into them.');
  if (p.plan.family === 'hid-device') start.push('// TODO(migrate): override newDeviceDescription and newReportDescriptor with what the kext\'s newReportDescriptor and properties gave, and send reports with handleReport.');
  if (p.plan.family === 'hid-event-service') start.push('// TODO(migrate): override handleReport to turn the reports into events (dispatchKeyboardEvent, dispatchRelativePointerEvent, …) the way the kext did.');
  if (p.plan.family === 'user-client') {
    start.push(
      `// TODO(migrate): a user client has no personality: give the service's personality UserClientProperties (IOClass IOUserUserClient, IOUserClass ${p.name}), create it in the service's NewUserClient with Create(this, "UserClientProperties", &client), and answer the app's calls in an ExternalMethod override (IOUserClientMethodDispatch) where the kext had externalMethod.`,
    );
  }
  if (events.queue) {
    start.push(
      `// The handlers' queue: the .iig gives them QUEUENAME(${EVENT_QUEUE}).`,
      `ret = IODispatchQueue::Create("${EVENT_QUEUE}", 0, 0, &ivars->${events.queue});`,
      'if (ret == kIOReturnSuccess) {',
      `    ret = SetDispatchQueue("${EVENT_QUEUE}", ivars->${events.queue});`,
      '}',
    );
  }
  if (events.timer) {
    start.push(
      'if (ret == kIOReturnSuccess) {',
      `    ret = IOTimerDispatchSource::Create(ivars->${events.queue}, &ivars->${events.timer});`,
      '}',
      'if (ret == kIOReturnSuccess) {',
      '    // CreateActionTimerOccurred exists because the .iig declares TimerOccurred with TYPE(...).',
      '    ret = CreateActionTimerOccurred(0, &ivars->timerAction);',
      '}',
      'if (ret == kIOReturnSuccess) {',
      `    ret = ivars->${events.timer}->SetHandler(ivars->timerAction);`,
      '}',
      '// TODO(migrate): arm the timer where the kext called setTimeout…: WakeAtTime(kIOTimerClockMonotonicRaw, now + interval, 0) fires once each time.',
    );
  }
  if (events.interrupt) {
    if (events.filter) start.push('// TODO(migrate): DriverKit has no filter interrupts: do the filter\'s check at the start of InterruptOccurred.');
    if (p.plan.family === 'pci') start.push('// TODO(migrate): DriverKit gives PCI devices MSI interrupts only: call ConfigureInterrupts(kIOInterruptTypePCIMessaged, 1, 1, 0) on the device first.');
    start.push(
      'if (ret == kIOReturnSuccess) {',
      `    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->${events.queue}, &ivars->${events.interrupt});`,
      '}',
      'if (ret == kIOReturnSuccess) {',
      '    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);',
      '}',
      'if (ret == kIOReturnSuccess) {',
      `    ret = ivars->${events.interrupt}->SetHandler(ivars->interruptAction);`,
      '}',
      'if (ret == kIOReturnSuccess) {',
      `    ret = ivars->${events.interrupt}->SetEnableWithCompletion(true, nullptr);`,
      '}',
    );
  }
  if (events.queue) start.push('if (ret != kIOReturnSuccess) {', '    Log("event setup failed: 0x%x", ret);', '    return ret;', '}');
  if (!p.hasPersonality && p.plan.family !== 'user-client') start.push('// TODO(migrate): no personality of the kext names this class: add one to Info.plist with its matching keys.');
  start.push('// TODO(migrate): move the rest of the kext\'s start here, written with DriverKit calls.');
  const stop: string[] = [];
  if (events.timer) stop.push(`if (ivars->${events.timer} != nullptr) {`, `    ivars->${events.timer}->Cancel(nullptr);`, '}');
  if (events.interrupt) stop.push(`if (ivars->${events.interrupt} != nullptr) {`, `    ivars->${events.interrupt}->SetEnableWithCompletion(false, nullptr);`, '}');
  stop.push('// TODO(migrate): move the kext\'s stop here: close the provider and undo what Start did.');
  const handlers: string[] = [];
  if (events.timer) handlers.push('void', `IMPL(${name}, TimerOccurred)`, '{', '    // TODO(migrate): the kext\'s timer action goes here; call WakeAtTime again for a repeating timer.', '}', '');
  if (events.interrupt) handlers.push('void', `IMPL(${name}, InterruptOccurred)`, '{', '    // TODO(migrate): the kext\'s interrupt handler goes here: read the status registers and acknowledge the device.', '}', '');
  return [
    '//',
    `//  ${name}.cpp`,
    `//  ${name} moved from its kext to DriverKit (see ${name}.iig).`,
    '//',
    ...(p.hints.length ? ['', ...p.hints] : []),
    '',
    '#include <os/log.h>',
    '',
    '#include <DriverKit/IOLib.h>',
    ...(events.queue ? ['#include <DriverKit/IODispatchQueue.h>'] : []),
    ...(events.timer ? ['#include <DriverKit/IOTimerDispatchSource.h>'] : []),
    ...(events.interrupt ? ['#include <DriverKit/IOInterruptDispatchSource.h>'] : []),
    ...p.plan.cppIncludes.map((h) => `#include <${h}>`),
    '',
    `#include "${name}.h"`,
    '',
    `#define Log(fmt, ...) os_log(OS_LOG_DEFAULT, "${name}: " fmt, ##__VA_ARGS__)`,
    '',
    '// The kext\'s data members, in DriverKit types.',
    `struct ${name}_IVars`,
    '{',
    ...indent(fields.length ? fields : ['uint64_t unused;']),
    '};',
    '',
    'bool',
    `${name}::init()`,
    '{',
    '    if (!super::init()) {',
    '        return false;',
    '    }',
    `    ivars = IONewZero(${name}_IVars, 1);`,
    '    return ivars != nullptr;',
    '}',
    '',
    'void',
    `${name}::free()`,
    '{',
    ...(created.length ? ['    if (ivars != nullptr) {', ...created.map((c) => `        OSSafeReleaseNULL(ivars->${c});`), '    }'] : []),
    `    IOSafeDeleteNULL(ivars, ${name}_IVars, 1);`,
    '    super::free();',
    '}',
    '',
    'kern_return_t',
    `IMPL(${name}, Start)`,
    '{',
    '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
    '    if (ret != kIOReturnSuccess) {',
    '        Log("the parent\'s Start failed: 0x%x", ret);',
    '        return ret;',
    '    }',
    '',
    ...indent(start),
    '',
    '    ret = RegisterService();',
    '    if (ret != kIOReturnSuccess) {',
    '        return ret;',
    '    }',
    '    return kIOReturnSuccess;',
    '}',
    '',
    'kern_return_t',
    `IMPL(${name}, Stop)`,
    '{',
    ...indent(stop),
    '    return Stop(provider, SUPERDISPATCH);',
    '}',
    '',
    ...handlers,
  ].join('\n');
}
