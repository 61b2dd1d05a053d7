import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { parseCpp } from '../../support/analysis';

const SOURCE = `#include "Widget.h"
#include <DriverKit/IOLib.h>

struct Widget_IVars {
    IOService * provider;
    uint32_t count;
};

bool Widget::init()
{
    if (!super::init()) return false;
    ivars = IONewZero(Widget_IVars, 1);
    return ivars != nullptr;
}

kern_return_t
IMPL(Widget, Start)
{
    // SUPERDISPATCH in a comment is not a call
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) return ret;
    RegisterService();
    return ret;
}

kern_return_t Widget::Stop_Impl(IOService * provider)
{
    return Stop(provider, SUPERDISPATCH);
}

void Widget::free()
{
    IOSafeDeleteNULL(ivars, Widget_IVars, 1);
    super::free();
}
`;

test('definitions are tied to their class in all three forms, with what their bodies do', async () => {
  const model = await parseCpp(SOURCE);
  assert.deepEqual(model.syntaxProblems, []);
  assert.deepEqual(model.unparsed, []);
  assert.deepEqual(
    model.definitions.map((d) => `${d.form} ${d.className}::${d.methodName}`),
    ['member Widget::init', 'IMPL Widget::Start', 'Impl-suffix Widget::Stop', 'member Widget::free'],
  );
  const [init, start, stop, free] = model.definitions;
  assert.deepEqual(init.superCalls.map((c) => c.name), ['init']);
  assert.deepEqual(init.ivarsAllocations.map((c) => c.name), ['IONewZero']);
  assert.deepEqual(start.superDispatchCalls.map((c) => c.name), ['Start'], 'the commented SUPERDISPATCH is ignored');
  assert.equal(start.registerServiceCalls.length, 1);
  assert.equal(SOURCE.slice(start.methodSpan.start, start.methodSpan.end), 'Start');
  assert.equal(SOURCE.slice(start.classSpan.start, start.classSpan.end), 'Widget');
  assert.equal(SOURCE.slice(stop.methodSpan.start, stop.methodSpan.end), 'Stop');
  assert.deepEqual(stop.superDispatchCalls.map((c) => c.name), ['Stop']);
  assert.deepEqual(free.ivarsReleases.map((c) => c.name), ['IOSafeDeleteNULL']);
  assert.deepEqual(model.includes.map((i) => [i.path, i.system]), [['Widget.h', false], ['DriverKit/IOLib.h', true]]);
});

test('the ivars struct and the DriverKit macros are recorded', async () => {
  const model = await parseCpp(SOURCE);
  assert.equal(model.ivarsStructs.length, 1);
  assert.equal(model.ivarsStructs[0].className, 'Widget');
  assert.deepEqual(model.ivarsStructs[0].members.map((m) => `${m.type} ${m.name}`), ['IOService * provider', 'uint32_t count']);
  const macros = new Set(model.macroUses.map((m) => m.name));
  for (const name of ['IMPL', 'SUPERDISPATCH', 'IONewZero', 'IOSafeDeleteNULL']) assert.ok(macros.has(name), name);
});

test('a block literal handed to a dispatch queue is not reported as a syntax error', async () => {
  const model = await parseCpp(`void Widget::poke()
{
    ivars->queue->DispatchAsync(^{
        ivars->count++;
    });
}
`);
  assert.deepEqual(model.syntaxProblems, []);
  assert.deepEqual(model.unparsed, []);
});

test('the user-client fixture parses without syntax problems', async () => {
  for (const name of ['CounterService.cpp', 'CounterUserClient.cpp']) {
    const model = await parseCpp(readFileSync(fixture('user-client', name), 'utf8'));
    assert.deepEqual(model.syntaxProblems, [], name);
  assert.deepEqual(model.unparsed, [], name);
    assert.ok(model.definitions.length > 0, name);
  }
});
