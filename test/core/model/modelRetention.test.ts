/**
 * What a model keeps alive: its names and types, not the text they were read from. A V8 slice of a
 * string keeps the whole string; were the model's strings slices of the parser input (the masked
 * .iig, the rewritten .cpp), the workspace index would hold a second copy of every file
 * (core/model/sectionedTrees.ts `readsFrom`). Measured on the heap after full collections.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SourceFile } from '../../../core/model/model';
import { analyseOnce } from '../../../core/model/sourceDocument';
import { sharedParser } from '../../support/analysis';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** A small class with a long comment after it: a few names read from 1 MB of text. */
function fileWithLongComment(n: number, kind: 'iig' | 'cpp'): string {
  const comment = `/*\n${`  notes on the driver's history, kept for reference ${n}\n`.repeat(18_000)}*/\n`;
  return kind === 'iig'
    ? `#include <DriverKit/IOService.iig>\nclass Kept${n}Driver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void handleTimerExpiry(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n${comment}`
    : `#include "Kept${n}Driver.h"\nkern_return_t IMPL(Kept${n}Driver, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n${comment}`;
}

test('models of 20 files of 1 MB keep no second copy of the text they were read from', async () => {
  const parser = await sharedParser();
  // The texts stay alive, as the workspace keeps each file's text: only what the models add counts.
  // Flat strings, as read from disk: a concatenated one would be flattened into a new copy by the first reader.
  const texts = Array.from({ length: 10 }, (_, n) => [fileWithLongComment(n, 'iig'), fileWithLongComment(n, 'cpp')]).flat().map((t) => Buffer.from(t).toString());
  const textBytes = texts.reduce((sum, t) => sum + t.length, 0);
  const before = heapAfterCollection();
  const models: SourceFile[] = texts.map((text, i) => analyseOnce(parser, i % 2 === 0 ? 'iig' : 'cpp', text));
  const added = heapAfterCollection() - before;
  assert.deepEqual(models.slice(0, 2).map((m) => (m.kind === 'iig' ? m.classes[0]?.methods.map((x) => x.name) : m.kind === 'cpp' ? m.definitions.map((d) => d.methodName) : [])), [['Start', 'handleTimerExpiry'], ['Start']]);
  // The parser keeps the last input it read until it reads the next: one file, 1 MB, at most.
  assert.ok(added < textBytes / 10, `the models add ${added} bytes to the ${textBytes} bytes of text`);
  assert.equal(texts.length, 20);
});
