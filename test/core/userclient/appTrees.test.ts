/**
 * An app file read again after an edit re-parses from its last tree (core/userclient/appCalls.ts
 * AppTrees): what it reads must be exactly what a fresh read gives, edit after edit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { appParser, loadAppGrammar, type AppLanguage } from '../../../core/model/appGrammars';
import { AppTrees, readAppSource } from '../../../core/userclient/appCalls';
import { fixture } from '../../support/lspClient';

/** A small deterministic generator (the suite answers the same every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ['1', '2', ' ', '\n', ';', ')', '(', 'x', 'sizeof(input)', '// note\n', '{', '}', '&', 'kMeterSelectorReset', ''];

async function compare(language: AppLanguage, file: string, seed: number): Promise<void> {
  await loadAppGrammar(language);
  const parser = appParser(language)!;
  const cache = new AppTrees();
  const next = random(seed);
  let text = readFileSync(file, 'utf8');
  for (let edit = 0; edit < 150; edit++) {
    // Mostly small edits where calls are, now and then a deletion or a paste.
    const at = Math.floor(next() * text.length);
    const removed = next() < 0.3 ? Math.floor(next() * 12) : 0;
    text = text.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + text.slice(at + removed);
    const incremental = readAppSource(text, language, parser, { cache, path: file });
    const fresh = readAppSource(text, language, parser);
    assert.deepEqual(incremental, fresh, `${file}, edit ${edit}`);
  }
}

test('C: reading after each of 150 edits from the last tree equals a fresh read', () => compare('c', fixture('userclient', 'app', 'MeterTool.c'), 20240611));
test('Objective-C: the same', () => compare('objc', fixture('userclient', 'app', 'MeterPanel.m'), 7));
test('Swift: the same', () => compare('swift', fixture('userclient', 'app', 'MeterMonitor.swift'), 11));

test('the cache keeps a few files\' trees and reads a file that left it afresh', async () => {
  await loadAppGrammar('c');
  const parser = appParser('c')!;
  const cache = new AppTrees(2);
  const text = readFileSync(fixture('userclient', 'app', 'MeterTool.c'), 'utf8');
  const paths = ['/a.c', '/b.c', '/c.c', '/a.c'];
  const reads = paths.map((path) => readAppSource(text, 'c', parser, { cache, path }));
  for (const read of reads) assert.deepEqual(read, reads[0]);
  cache.forget('/a.c');
  assert.deepEqual(readAppSource(text, 'c', parser, { cache, path: '/a.c' }), reads[0]);
});

/** A C app of our own whose functions depend on each other through globals, `&x` and a wrapper. */
const LINKED_APP = [
  '#include <IOKit/IOKitLib.h>',
  '#include "MeterShared.h"',
  'static uint32_t gCount = 2;',
  'static uint64_t gInput[3];',
  'static size_t gReplySize = sizeof(MeterStats);',
  'static void getCount(uint32_t *count) { *count = 1; }',
  'static int scalarCall(io_connect_t c, uint32_t selector, const uint64_t *in, uint32_t n)',
  '{',
  '    return IOConnectCallScalarMethod(c, selector, in, n, NULL, NULL);',
  '}',
  'kern_return_t resetAll(io_connect_t c)',
  '{',
  '    uint64_t in[2] = { 1, 2 };',
  '    return IOConnectCallScalarMethod(c, kMeterSelectorReset, in, gCount, NULL, NULL);',
  '}',
  'kern_return_t setLimit(io_connect_t c)',
  '{',
  '    uint32_t n = 1;',
  '    return IOConnectCallScalarMethod(c, kMeterSelectorSetLimit, gInput, n, NULL, NULL);',
  '}',
  'void tally(void)',
  '{',
  '    int x = 0;',
  '    x++;',
  '}',
  'kern_return_t readStats(io_connect_t c)',
  '{',
  '    MeterStats s;',
  '    return IOConnectCallStructMethod(c, kMeterSelectorGetStats, NULL, 0, &s, &gReplySize);',
  '}',
  'kern_return_t viaWrapper(io_connect_t c)',
  '{',
  '    return scalarCall(c, kMeterSelectorReset, NULL, 0);',
  '}',
  'kern_return_t counted(io_connect_t c)',
  '{',
  '    uint32_t k = 1;',
  '    getCount(&k);',
  '    return IOConnectCallScalarMethod(c, kMeterSelectorSetLimit, gInput, k, NULL, NULL);',
  '}',
  '',
].join('\n');

function statementEndsInBraces(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth = Math.max(0, depth - 1);
    else if (text[i] === ';' && depth > 0) out.push(i + 1);
  }
  return out;
}

const INSIDE = ['gCount = 3;', 'gCount++;', 'getCount(&gCount);', 'gReplySize = 4;', 'gReplySize = sizeof(MeterStats);', 'scalarCall(c, 1, NULL, 0);', 'IOConnectCallScalarMethod(c, 3, NULL, 0, NULL, NULL);', 'uint32_t gCount = 5;', '1', '2', ' ', 'x', ';', '{ }', 'n = 2;', 'in[0] = 4;'];
/** Typed and then taken back at once, as a half-written line is: the file parses with an error meanwhile. */
const TRANSIENT = ['(', ')', '{', '}', 'gCount =', 'IOConnectCallScalarMethod(c, '];

test('C: an edit inside one function re-reads only that function, and the result equals a fresh read', async () => {
  await loadAppGrammar('c');
  const parser = appParser('c')!;
  const cache = new AppTrees();
  const next = random(5150);
  let text = LINKED_APP;
  readAppSource(text, 'c', parser, { cache, path: '/linked.c' });
  const edits = 300;
  let undo: string | undefined;
  for (let edit = 0; edit < edits; edit++) {
    if (undo !== undefined) {
      text = undo;
      undo = undefined;
    } else {
      // Edits go where statements end inside braces (a function's body, mostly).
      const ends = statementEndsInBraces(text);
      const at = ends[Math.floor(next() * ends.length)];
      const roll = next();
      if (roll < 0.3) {
        undo = text;
        text = text.slice(0, at) + TRANSIENT[Math.floor(next() * TRANSIENT.length)] + text.slice(at);
      } else if (roll < 0.45) {
        // Back over the statement's last word (never a brace).
        const word = /[\w ]{1,6};$/.exec(text.slice(0, at));
        if (word) text = text.slice(0, at - word[0].length) + ';' + text.slice(at);
      } else text = text.slice(0, at) + INSIDE[Math.floor(next() * INSIDE.length)] + text.slice(at);
    }
    const incremental = readAppSource(text, 'c', parser, { cache, path: '/linked.c' });
    const fresh = readAppSource(text, 'c', parser);
    assert.deepEqual(incremental, fresh, `edit ${edit}:\n${text}`);
  }
  // Most edits stayed inside a function that no other function's reading depends on.
  assert.ok(cache.reused > edits / 4, `${cache.reused} of ${edits} reads reused the last one`);
});
