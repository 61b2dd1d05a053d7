import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { maskIigAttributes } from '../../../core/model/iigMask';
import { IIG_ATTRIBUTES } from '../../../core/model/vocabulary';

const SOURCE = `#if KERNEL
#include <IOKit/IOService.h>
#endif
// LOCAL in a comment stays
class KERNEL NATIVE Widget : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override LOCAL;
    virtual void Done(OSAction * action TARGET, IOReturn status) TYPE(IOUSBHostPipe::CompleteAsyncIO) QUEUENAME("Work");
    virtual void Tick() __attribute__((availability(driverkit,introduced=20.0)));
    virtual void typo() override LOCALL;
};
`;

test('every known attribute is masked to spaces of the same length', () => {
  const { masked, attributes } = maskIigAttributes(SOURCE, { reportUnknown: true });
  assert.equal(masked.length, SOURCE.length);
  for (let i = 0; i < SOURCE.length; i++) {
    const inAttribute = attributes.some((a) => i >= a.span.start && i < a.span.end);
    if (!inAttribute) assert.equal(masked[i], SOURCE[i], `offset ${i} changed outside an attribute`);
    else if (SOURCE[i] !== '\n') assert.equal(masked[i], ' ');
  }
  assert.deepEqual(
    attributes.map((a) => a.name),
    ['KERNEL', 'NATIVE', 'LOCAL', 'TARGET', 'TYPE', 'QUEUENAME', '__attribute__', 'LOCALL'],
  );
});

test('attribute arguments and positions are exact', () => {
  const { attributes } = maskIigAttributes(SOURCE, { reportUnknown: true });
  const type = attributes.find((a) => a.name === 'TYPE')!;
  assert.equal(type.argument, 'IOUSBHostPipe::CompleteAsyncIO');
  assert.equal(SOURCE.slice(type.argumentSpan!.start, type.argumentSpan!.end), 'IOUSBHostPipe::CompleteAsyncIO');
  assert.equal(SOURCE.slice(type.span.start, type.span.end), 'TYPE(IOUSBHostPipe::CompleteAsyncIO)');
  const queue = attributes.find((a) => a.name === 'QUEUENAME')!;
  assert.equal(queue.argument, '"Work"');
  assert.equal(attributes.find((a) => a.name === '__attribute__')!.availability, true);
});

test('KERNEL in #if and LOCAL in a comment are left alone', () => {
  const { masked } = maskIigAttributes(SOURCE, { reportUnknown: true });
  assert.ok(masked.startsWith('#if KERNEL\n'));
  assert.match(masked, /\/\/ LOCAL in a comment stays/);
});

test('an unknown all-caps word is reported only where an attribute belongs', () => {
  const text = `class Foo : public IOService {
    virtual void a() LOCALL;
    virtual void b(OSAction * action TARGT);
    enum { MAX_COUNT = 4 };
    uint8_t buffer[MAX_COUNT];
    virtual void c(uint32_t n = DEFAULT_VALUE);
};`;
  const unknown = maskIigAttributes(text, { reportUnknown: true }).attributes.filter((a) => !a.known);
  assert.deepEqual(unknown.map((a) => a.name), ['LOCALL', 'TARGT']);
  const quiet = maskIigAttributes(text, { reportUnknown: false }).attributes.filter((a) => !a.known);
  assert.deepEqual(quiet, []);
});

test('masking never moves an offset, whatever the input (property)', () => {
  const words = [...IIG_ATTRIBUTES.map((a) => a.name), 'class', ' ', '\n', '(', ')', ';', '//', '/*', '*/', '"', 'x', 'FOO', '#', 'override'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...words), { maxLength: 60 }), fc.string({ maxLength: 20 }), (parts, noise) => {
      const text = parts.join(' ') + noise;
      const { masked, attributes } = maskIigAttributes(text, { reportUnknown: true });
      assert.equal(masked.length, text.length);
      for (const a of attributes) {
        assert.ok(a.span.start >= 0 && a.span.end <= text.length && a.span.start < a.span.end);
        assert.equal(text.slice(a.nameSpan.start, a.nameSpan.end), a.name);
      }
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') assert.equal(masked[i], '\n');
    }),
    { seed: 20240611, numRuns: 500 },
  );
});
