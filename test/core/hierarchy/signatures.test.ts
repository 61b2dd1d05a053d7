import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameParameterTypes, typeOfDeclaration } from '../../../core/hierarchy/signatures';

const same = (a: string, b: string): boolean => sameParameterTypes([a], [b]);

test('qualifiers of the base type may stand on either side of it', () => {
  assert.equal(same('OSDictionary const *', 'const OSDictionary *'), true);
  assert.equal(same('char const * const *', 'const char * const *'), true);
  assert.equal(same('T const&', 'const T &'), true);
});

test('a qualifier of the parameter itself is no part of the prototype, one under a pointer is', () => {
  assert.equal(same('const uint32_t', 'uint32_t'), true);
  assert.equal(same('IOService * const', 'IOService *'), true);
  assert.equal(same('const IOService *', 'IOService *'), false);
  assert.equal(same('const char * const *', 'const char **'), false);
});

test('spelling does not matter, words do', () => {
  assert.equal(same('uint64_t[16]', 'uint64_t [16]'), true);
  assert.equal(same('unsigned int', 'int'), false);
  assert.equal(sameParameterTypes(['void'], []), true);
  assert.equal(typeOfDeclaration('OSAction * action'), 'OSAction *');
  assert.equal(typeOfDeclaration('IOService const * provider'), 'IOService const *');
});
