/**
 * A few hundred generated and mutated files through the real driverkit-check (dist/cli.js), in
 * batches of folders: exit code 0 or 1 (never 2, never a crash), valid JSON following the contract,
 * positions inside the files, the same findings as the in-process path the other fuzz files use,
 * and the text format agreeing with the JSON one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { toReported, type ReportedFinding } from '../../core/workspace/report';
import { Workspace } from '../../core/workspace/workspace';
import { readAndCheck } from '../../core/workspace/checkFiles';
import { findSourceFiles } from '../../core/model/workspaceFiles';
import { sharedParser } from '../support/analysis';
import { assertLineColumnInside, FUZZ_SEED } from '../support/fuzzHarness';
import { WALL_BUDGET_MS } from '../support/fuzzTiming';
import { fixtureFiles, mutate, mutations } from '../support/fuzzMutate';
import { entitlements, infoPlist, plistToken } from '../support/fuzzPlists';
import { classPair, sourceToken, tokenSoup } from '../support/fuzzSources';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');
const BATCHES = 6;
/** Each sample writes two files, so a batch holds about 50. */
const SAMPLES_PER_BATCH = 25;
const root = mkdtempSync(join(tmpdir(), 'driverkit-fuzz-cli-'));

after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  ms: number;
}

function runCli(cwd: string, args: string[], files: number): Promise<Run> {
  const started = performance.now();
  // The hang bound: startup, then the per-input wall bound of the in-process fuzzers for every file.
  const timeout = 5000 + WALL_BUDGET_MS * files;
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (code !== 0 && code !== 1) assert.fail(`driverkit-check ${args.join(' ')} in ${cwd} exited ${code} (${error?.signal ?? ''}): ${stderr}`);
      done({ code, stdout, ms: performance.now() - started });
    });
  });
}

/** Writes one batch: generated pairs, generated plists and mutated fixtures, each in its own folder. */
async function writeBatch(folder: string, batch: number): Promise<number> {
  const fixtures = await fixtureFiles(() => true);
  const sample = fc.oneof(
    fc.record({ iig: fc.oneof(classPair.map((p) => p.iig), tokenSoup), cpp: fc.oneof(classPair.map((p) => p.cpp), tokenSoup) }).map((p) => ({ 'FuzzDriver.iig': p.iig, 'FuzzDriver.cpp': p.cpp })),
    fc.record({ info: infoPlist, dext: entitlements }).map((p) => ({ 'Info.plist': p.info, 'FuzzDriver.entitlements': p.dext })),
    fc.tuple(fc.nat({ max: fixtures.length - 1 }), fc.nat({ max: fixtures.length - 1 }), mutations(fc.oneof(sourceToken, plistToken))).map(([a, b, steps]) => ({
      [fixtures[a].relative]: mutate(fixtures[a].bytes, steps, fixtures.map((f) => f.bytes)),
      [fixtures[b].relative]: fixtures[b].bytes,
    })),
  );
  let written = 0;
  fc.sample(sample, { seed: FUZZ_SEED + batch, numRuns: SAMPLES_PER_BATCH }).forEach((files, i) => {
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(folder, `case-${i}`, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      written++;
    }
  });
  return written;
}

/** What driverkit-check does for one folder argument, in-process. */
async function inProcess(folder: string): Promise<ReportedFinding[]> {
  const workspace = new Workspace(await sharedParser());
  const files = await findSourceFiles([folder]);
  const result = await readAndCheck(workspace, [folder], files);
  assert.equal(result.unreadable, undefined);
  return toReported(workspace, result.findings, (p) => relative(folder, p));
}

test('driverkit-check answers every batch of fuzz files with exit 0/1 and contract JSON', async (t) => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  let files = 0;
  let findings = 0;
  let slowest = 0;
  for (let batch = 0; batch < BATCHES; batch++) {
    const folder = join(root, `batch-${batch}`);
    const written = await writeBatch(folder, batch);
    files += written;
    const json = await runCli(folder, ['--format', 'json', '.'], written);
    slowest = Math.max(slowest, json.ms);
    const reported = JSON.parse(json.stdout) as ReportedFinding[];
    assert.ok(Array.isArray(reported));
    findings += reported.length;
    for (const f of reported) {
      assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
      assertLineColumnInside(readFileSync(join(folder, f.file), 'utf8'), f);
    }
    assert.equal(json.code, reported.some((f) => f.severity === 'error') ? 1 : 0, 'exit 1 exactly when there are errors');
    assert.deepEqual(reported, await inProcess(folder), 'the CLI and the in-process path disagree');
    if (batch === 0) {
      const text = await runCli(folder, ['.'], written);
      assert.equal(text.code, json.code);
      assert.equal(text.stdout.split('\n').filter(Boolean).length, reported.length, 'one text line per JSON finding');
    }
  }
  t.diagnostic(`driverkit-check process: seed ${FUZZ_SEED}, ${files} files in ${BATCHES} batches, ${findings} findings; slowest batch ${slowest.toFixed(0)} ms`);
});
