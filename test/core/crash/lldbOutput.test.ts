/** What lldb --batch prints for `image list -h -u` and `image lookup -v -a`, recorded from lldb 19 on our fake dext. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseImageList, parseLookups, sameUuid } from '../../../core/crash/lldbOutput';

const LIST = `(lldb) target create "/tmp/driverkit-symbols-AbC123/dext"
Current executable set to '/tmp/driverkit-symbols-AbC123/dext' (x86_64).
(lldb) image list -h -u
[  0] 0x0000000000000000 C9E9CBD9-AB0F-F0D1-7992-85F35EF8C48A-24C2F59F
`;

const LOOKUPS = `(lldb) target create "/tmp/driverkit-symbols-AbC123/dext"
Current executable set to '/tmp/driverkit-symbols-AbC123/dext' (x86_64).
(lldb) image lookup -v -a 0x1149
      Address: dext[0x0000000000001149] (dext.PT_LOAD[1]..text + 233)
      Summary: dext\`fake_start at fake driver: one.c:15:13
       Module: file = "/tmp/driverkit-symbols-AbC123/dext", arch = "x86_64"
  CompileUnit: id = {0x00000000}, file = "/src/fake driver: one.c", language = "c11"
     Function: id = {0x000000de}, name = "fake_start", range = [0x0000000000001149-0x000000000000115f)
     FuncType: id = {0x000000de}, byte-size = 0, decl = fake driver: one.c:13:6, compiler_type = "void (void)"
       Blocks: id = {0x000000de}, range = [0x00001149-0x0000115f)
    LineEntry: [0x0000000000001149-0x000000000000114d): /src/fake driver: one.c:15:13
       Symbol: id = {0x00000013}, range = [0x0000000000001149-0x000000000000115f), name="fake_start"

(lldb) image lookup -v -a 0x1
      Address: dext[0x0000000000000001] (dext.PT_LOAD[0] + 1)
      Summary: 
       Module: file = "/tmp/driverkit-symbols-AbC123/dext", arch = "x86_64"

(lldb) image lookup -v -a 0x100003f40
      Address: dext[0x0000000100003f40] (dext.__TEXT.__text + 64)
      Summary: dext\`SampleDriver::Start_Impl(IOService*) + 64
       Module: file = "/tmp/driverkit-symbols-AbC123/dext", arch = "arm64"
       Symbol: id = {0x00000004}, range = [0x0000000100003f00-0x0000000100003f80), name="SampleDriver::Start_Impl(IOService*)", mangled="_ZN12SampleDriver10Start_ImplEP9IOService"
`;

test('image list -h -u: the header\'s file address and the UUID (a 20-byte ELF build ID is grouped its own way)', () => {
  assert.deepEqual(parseImageList(LIST), { header: 0n, uuid: 'C9E9CBD9-AB0F-F0D1-7992-85F35EF8C48A-24C2F59F' });
  assert.deepEqual(parseImageList('[  0] 0x0000000100000000 7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3 /x'), { header: 0x100000000n, uuid: '7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3' });
  assert.equal(parseImageList('error: invalid target\n'), undefined);
  assert.ok(sameUuid('c9e9cbd9ab0ff0d1799285f35ef8c48a24c2f59f', 'C9E9CBD9-AB0F-F0D1-7992-85F35EF8C48A-24C2F59F'));
  assert.ok(sameUuid('7b1c0a52-3e44-3b0d-9f5a-2c8e61d4a0b3', '7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3'));
  assert.ok(!sameUuid('7b1c0a52-3e44-3b0d-9f5a-2c8e61d4a0b3', '7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B4'));
  assert.ok(!sameUuid('', ''), 'no UUID is no match');
});

test('image lookup -v -a: function, file (with spaces and colons), line and column per address; none when lldb knows nothing', () => {
  const found = parseLookups(LOOKUPS);
  assert.deepEqual(found.get(0x1149n), { function: 'fake_start', file: '/src/fake driver: one.c', line: 15, column: 13 });
  assert.equal(found.has(0x1n), false);
  assert.deepEqual(found.get(0x100003f40n), { function: 'SampleDriver::Start_Impl(IOService*)' }, 'a symbol without line information');
});
