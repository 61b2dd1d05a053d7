import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { codeView } from '../../../core/model/codeView';
import { complete } from '../../../core/intellisense/completion';
import { hoverInfo } from '../../../core/intellisense/hoverInfo';
import { signatureAt } from '../../../core/intellisense/signatures';
import { fixture } from '../../support/lspClient';
import { workspaceOf } from '../../support/analysis';

/** Opens `text` (with `|` marking the cursor) as `name` in a workspace holding the usb-interface driver. */
async function at(name: string, marked: string) {
  const workspace = await workspaceOf(fixture('usb-interface'));
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const path = join(fixture('usb-interface'), name);
  const file = workspace.updateOpen(path, text)!;
  const request = { text, code: codeView(text), offset, file, index: workspace.index, catalog: workspace.catalog };
  return { request, text, workspace };
}

test('after ": public" every subclassable service is offered, and choosing one adds its #include', async () => {
  const { request, text } = await at('New.iig', '#include <DriverKit/IOService.iig>\n\nclass Keys : public IOUserHID|\n{\n};\n');
  const items = complete(request);
  const service = items.find((c) => c.label === 'IOUserHIDEventService');
  assert.ok(service, items.map((c) => c.label).join());
  assert.equal(service.kind, 'class');
  assert.deepEqual(service.additionalEdits?.map((e) => e.newText), ['#include <HIDDriverKit/IOUserHIDEventService.iig>\n']);
  assert.equal(text.slice(0, service.additionalEdits![0].span.start), '#include <DriverKit/IOService.iig>\n');
  assert.ok(items.some((c) => c.label === 'IOService' && !c.additionalEdits), 'an included header adds nothing');
  assert.ok(!items.some((c) => c.label === 'IOUSBHostInterface'), 'providers are not base classes');
});

test('in a class body the base chain\'s overridable methods come as full declarations', async () => {
  const { request } = await at('New.iig', '#include <HIDDriverKit/IOUserHIDEventService.iig>\nclass Keys : public IOUserHIDEventService\n{\npublic:\n    virtual bool init() override;\n    hand|\n};\n');
  const items = complete(request);
  const byLabel = new Map(items.map((c) => [c.label, c]));
  assert.equal(byLabel.get('Start')?.insertText, 'virtual kern_return_t Start(IOService * provider) override;');
  assert.match(byLabel.get('handleReport')?.insertText ?? '', /^virtual void handleReport\(uint64_t timestamp, .*\) override LOCALONLY;$/);
  assert.ok(!byLabel.has('init'), 'already declared');
});

test('after a declarator: IIG attributes; in TYPE(: callback prototypes that bring their signature', async () => {
  const after = complete((await at('New.iig', 'class A : public IOService\n{\n    virtual void Tick() |\n};\n')).request);
  assert.deepEqual(after.filter((c) => c.kind === 'attribute').map((c) => c.label), ['LOCAL', 'LOCALONLY', 'TYPE', 'QUEUENAME', 'TARGET']);
  const { request, text } = await at('New.iig', 'class A : public IOService\n{\n    virtual void Fired(OSAction * action) TYPE(IOTimer|);\n};\n');
  const callback = complete(request).find((c) => c.label === 'IOTimerDispatchSource::TimerOccurred');
  assert.ok(callback);
  const edit = callback.additionalEdits?.[0];
  assert.ok(edit);
  assert.equal(text.slice(edit.span.start, edit.span.end), 'OSAction * action');
  assert.equal(edit.newText, 'OSAction * action, uint64_t time');
});

test('#include < offers framework headers (.iig in .iig files, .h in .cpp files)', async () => {
  const iig = complete((await at('New.iig', '#include <USBDriverKit/|\n')).request).map((c) => c.label);
  assert.ok(iig.includes('USBDriverKit/IOUSBHostInterface.iig'));
  const cpp = complete((await at('New.cpp', '#include <USBDriverKit/|\n')).request).map((c) => c.label);
  assert.ok(cpp.includes('USBDriverKit/IOUSBHostInterface.h'));
});

test('in .cpp: IMPL( classes, IMPL(Class, methods, ivars-> members, typed -> methods, parent calls', async () => {
  const impl = complete((await at('Extra.cpp', 'kern_return_t IMPL(Bulk|')).request).map((c) => c.label);
  assert.ok(impl.includes('BulkPipeDriver'));
  const methods = complete((await at('Extra.cpp', 'kern_return_t IMPL(BulkPipeDriver, |')).request).map((c) => c.label);
  assert.ok(methods.includes('Start') && methods.includes('ReadComplete'));
  assert.ok(!methods.includes('queueRead'), 'LOCALONLY methods are not implemented with IMPL');
  const body = 'kern_return_t IMPL(BulkPipeDriver, Start)\n{\n    IOUSBHostPipe * pipe = nullptr;\n    ';
  const ivars = complete((await at('Extra.cpp', `${body}ivars->|\n}\n`)).request).map((c) => c.label);
  assert.ok(ivars.length > 0);
  const pipe = complete((await at('Extra.cpp', `${body}pipe->|\n}\n`)).request);
  assert.ok(pipe.some((c) => c.label === 'AsyncIO' && c.snippet), pipe.map((c) => c.label).join());
  const helpers = complete((await at('Extra.cpp', `${body}|\n}\n`)).request).map((c) => c.label);
  assert.ok(helpers.includes('Start(provider, SUPERDISPATCH)'), helpers.join());
  assert.ok(helpers.includes('CreateActionReadComplete'));
  assert.ok(helpers.includes('BulkPipeDriver_ReadComplete_ID'));
});

test('hover explains SDK classes and methods', async () => {
  const { request } = await at('Extra.cpp', 'kern_return_t IMPL(BulkPipeDriver, Start)\n{\n    IOUSBHostPipe * pipe = nullptr;\n    pipe->Asy|ncIO(nullptr, 0, nullptr, 0);\n}\n');
  const onMethod = hoverInfo(request);
  assert.match(onMethod?.markdown ?? '', /IOUSBHostPipe::AsyncIO\(/);
  const onClass = hoverInfo({ ...request, offset: request.text.indexOf('IOUSBHostPipe') + 2 });
  assert.match(onClass?.markdown ?? '', /class IOUSBHostPipe : public OSObject/);
  assert.match(onClass?.markdown ?? '', /USBDriverKit/);
});

test('signature help follows the argument the cursor is in', async () => {
  const { request } = await at('Extra.cpp', 'kern_return_t IMPL(BulkPipeDriver, Start)\n{\n    IOUSBHostPipe * pipe = nullptr;\n    pipe->AsyncIO(buffer, 64, |\n}\n');
  const help = signatureAt(request);
  assert.ok(help);
  assert.equal(help.activeParameter, 2);
  assert.match(help.parameters[0], /IOMemoryDescriptor/);
});

test('nothing is offered inside comments and strings', async () => {
  assert.deepEqual(complete((await at('Extra.cpp', '// ivars->|\n')).request), []);
  assert.deepEqual(complete((await at('Extra.cpp', 'const char * s = "pipe->|";\n')).request), []);
});
