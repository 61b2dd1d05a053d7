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
