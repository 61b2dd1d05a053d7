/**
 * The snippets in snippets/*.json, checked with the project's own analysis: every .iig snippet, with
 * its placeholders filled in, parses cleanly into a class of a known base; every service snippet
 * together with the dkskeleton .cpp gets no findings beyond the methods the skeleton leaves out; every
 * .cpp snippet parses without syntax problems.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ClassDecl } from '../../core/model/model';
import { bundledCatalog } from '../../core/sdk/bundledCatalog';
import { actualFindings, parseCpp, parseIig, workspaceOf } from '../support/analysis';

interface Snippet {
  readonly prefix: string;
  readonly body: string | readonly string[];
  readonly description: string;
}

const SNIPPET_DIR = join(__dirname, '..', '..', 'snippets');
const catalog = bundledCatalog();

function load(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(SNIPPET_DIR, file), 'utf8')) as Record<string, Snippet>;
}

const iigSnippets = load('iig.json');
const cppSnippets = load('cpp.json');

const bodyOf = (snippet: Snippet): string => (Array.isArray(snippet.body) ? snippet.body.join('\n') : (snippet.body as string));

function byPrefix(snippets: Record<string, Snippet>, prefix: string): Snippet {
  const found = Object.values(snippets).find((s) => s.prefix === prefix);
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found;
}

/** The default text of each numbered placeholder: `${1:Name}` gives 1 → Name, `${1|a,b|}` gives 1 → a. */
function placeholderDefaults(body: string): Map<number, string> {
  const defaults = new Map<number, string>();
  for (const m of body.matchAll(/\$\{(\d+):([^{}$]*)\}/g)) if (!defaults.has(Number(m[1]))) defaults.set(Number(m[1]), m[2]);
  for (const m of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) if (!defaults.has(Number(m[1]))) defaults.set(Number(m[1]), m[2].split(',')[0]);
  return defaults;
}

/**
 * The text the snippet inserts when every placeholder keeps its default (as VS Code does, a bare
 * `$1` or `${1}` shows the default given to the same number elsewhere; `$0` and undefaulted stops
 * become nothing). `values` replaces chosen placeholders, e.g. { 1: 'OtherName' }.
 */
function render(body: string, values: Record<number, string> = {}): string {
  const defaults = placeholderDefaults(body);
  const valueOf = (n: string): string => values[Number(n)] ?? defaults.get(Number(n)) ?? '';
  const text = body
    .replace(/\$\{(\d+):[^{}$]*\}/g, (_, n: string) => valueOf(n))
    .replace(/\$\{(\d+)\|[^|]*\|\}/g, (_, n: string) => valueOf(n))
    .replace(/\$\{(\d+)\}/g, (_, n: string) => valueOf(n))
    .replace(/\$(\d+)/g, (_, n: string) => valueOf(n));
  assert.ok(!text.includes('$'), `a placeholder or variable was left over in:\n${text}`);
  return text;
}

const isClassSnippet = (snippet: Snippet): boolean => /^class\s/m.test(bodyOf(snippet));

/** Member fragments (dktype, dkqueuename ...) are checked inside a minimal class. */
function iigSource(snippet: Snippet): string {
  const text = render(bodyOf(snippet));
  if (isClassSnippet(snippet)) return text;
  return ['#include <DriverKit/IOService.iig>', '', 'class SnippetHost: public IOService', '{', 'public:', `\t${text}`, '};', ''].join('\n');
}

/** Snippets that are statements, not top-level code: checked inside a function body. */
const STATEMENT_SNIPPETS = new Set(['dkaction', 'dktimer']);

function cppSource(snippet: Snippet, values: Record<number, string> = {}): string {
  const text = render(bodyOf(snippet), values);
  if (!STATEMENT_SNIPPETS.has(snippet.prefix)) return text;
  const indented = text.split('\n').map((l) => (l ? `\t${l}` : l));
  return ['kern_return_t', 'IMPL(SnippetHost, Start)', '{', '\tkern_return_t ret = kIOReturnSuccess;', '', ...indented, '', '\treturn ret;', '}', ''].join('\n');
}

/** Methods of each service snippet that no .cpp of the test implements: the only findings allowed. */
const UNIMPLEMENTED_BY_SKELETON: Record<string, readonly string[]> = {
  dkservice: [],
  dkhideventservice: [],
  dkhiddevice: [],
  dkusbinterface: ['ReadComplete'],
  dkusbdevice: ['ControlRequestComplete'],
  dkserial: [
    'HwActivate',
    'HwDeactivate',
    'HwProgramUART',
    'HwProgramBaudRate',
    'HwProgramMCR',
    'HwProgramFlowControl',
    'HwProgramLatencyTimer',
    'HwGetModemStatus',
    'HwSendBreak',
    'HwResetFIFO',
  ],
  dknetwork: [
    'SetInterfaceEnable',
    'SetPromiscuousModeEnable',
    'SetAllMulticastModeEnable',
    'SetMulticastAddresses',
    'SelectMediaType',
    'SetWakeOnMagicPacketEnable',
    'SetMTU',
    'GetMaxTransferUnit',
    'SetHardwareAssists',
    'GetHardwareAssists',
  ],
  dkpci: ['InterruptOccurred'],
  dkuserclient: [],
};

/** The base class each family snippet must derive from, and the provider it is written for. */
const FAMILY_BASE: Record<string, string> = {
  dkservice: 'IOService',
  dkhideventservice: 'IOUserHIDEventService',
  dkhiddevice: 'IOUserHIDDevice',
  dkusbinterface: 'IOService',
  dkusbdevice: 'IOService',
  dkserial: 'IOUserUSBSerial',
  dknetwork: 'IOUserNetworkEthernet',
  dkpci: 'IOService',
  dkuserclient: 'IOUserClient',
};

/** dkskeleton for a class, without the IMPL(Class, Start/Stop) bodies the class does not declare. */
function skeletonFor(cls: ClassDecl): { text: string; dropped: string[] } {
  let text = cppSource(byPrefix(cppSnippets, 'dkskeleton'), { 1: cls.name });
  const dropped: string[] = [];
  for (const method of ['Start', 'Stop']) {
    if (cls.methods.some((m) => m.name === method)) continue;
    const block = new RegExp(`kern_return_t\\nIMPL\\(${cls.name}, ${method}\\)\\n\\{\\n[\\s\\S]*?\\n\\}\\n?`);
    assert.match(text, block, `the skeleton has an IMPL(${cls.name}, ${method}) block`);
    text = text.replace(block, '');
    dropped.push(method);
  }
  return { text, dropped };
}

async function findingsOf(files: Record<string, string>): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dk-snippet-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const workspace = await workspaceOf(folder);
    try {
      return actualFindings(workspace);
    } finally {
      workspace.dispose();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** "Name.iig:line iig.method-unimplemented" → method name, through the parsed class. */
function methodAtLine(text: string, cls: ClassDecl, line: number): string | undefined {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  return cls.methods.find((m) => lineOf(m.nameSpan.start) === line)?.name;
}

// ---------------------------------------------------------------------------------------------

for (const [file, snippets] of [
  ['iig.json', iigSnippets],
  ['cpp.json', cppSnippets],
] as const) {
  test(`${file}: every snippet has a prefix, a body and a description, and prefixes are unique`, () => {
    const prefixes: string[] = [];
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.equal(typeof snippet.prefix, 'string', `${name}: prefix`);
      assert.match(snippet.prefix, /^dk[a-z]+$/, `${name}: prefix`);
      assert.ok(Array.isArray(snippet.body) ? snippet.body.length > 0 : typeof snippet.body === 'string' && snippet.body.length > 0, `${name}: body`);
      assert.equal(typeof snippet.description, 'string', `${name}: description`);
      assert.ok(snippet.description.length >= 40, `${name}: description too short`);
      prefixes.push(snippet.prefix);
    }
    assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), [], 'duplicate prefixes');
  });

  test(`${file}: placeholder 1 is linked everywhere (no default text written out a second time)`, () => {
    for (const snippet of Object.values(snippets)) {
      const body = bodyOf(snippet);
      const first = placeholderDefaults(body).get(1);
      if (!first || !/^[A-Za-z_]\w*$/.test(first)) continue;
      const renamed = render(body, { 1: 'ZzRenamed' });
      // A qualified name such as TYPE(IOTimerDispatchSource::TimerOccurred) is the SDK's, not ours.
      assert.ok(!new RegExp(`(?<!::)\\b${first}\\b`).test(renamed), `${snippet.prefix}: '${first}' is written out instead of using \${1}`);
      assert.equal(body.match(/\$\{1:/g)?.length, 1, `${snippet.prefix}: placeholder 1 gets its default once`);
    }
  });
}

test('the .iig snippets are the expected set, one per DriverKit family plus the member snippets', () => {
  const prefixes = Object.values(iigSnippets).map((s) => s.prefix).sort();
  for (const prefix of Object.keys(FAMILY_BASE)) assert.ok(prefixes.includes(prefix), prefix);
  const classSnippets = Object.values(iigSnippets).filter(isClassSnippet).map((s) => s.prefix).sort();
  assert.deepEqual(classSnippets, Object.keys(FAMILY_BASE).sort());
});

for (const snippet of Object.values(iigSnippets)) {
  test(`iig ${snippet.prefix}: parses cleanly into one class with a base class from the catalog`, async () => {
    const text = iigSource(snippet);
    const model = await parseIig(text);
    assert.deepEqual(model.syntaxProblems, [], text);
  assert.deepEqual(model.unparsed, [], text);
    const unknown = model.attributes.filter((a) => !a.known && !a.availability).map((a) => a.name);
    assert.deepEqual(unknown, [], 'unknown attributes');
    assert.equal(model.classes.length, 1);
    const [cls] = model.classes;
    assert.ok(cls.baseClass && catalog.classNamed(cls.baseClass), `base class ${cls.baseClass} is not in the catalog`);
    assert.deepEqual(cls.dataMembers, [], 'data members');

    if (!isClassSnippet(snippet)) {
      assert.equal(cls.methods.length, 1, 'a member snippet declares one method');
      return;
    }
    assert.equal(cls.name, placeholderDefaults(bodyOf(snippet)).get(1), 'the class is named by placeholder 1');
    assert.equal(cls.baseClass, FAMILY_BASE[snippet.prefix]);
    const include = catalog.classNamed(cls.baseClass!)!.include!;
    assert.ok(model.includes.some((i) => i.system && i.path === include), `<${include}> is included`);
    const renamed = (await parseIig(render(bodyOf(snippet), { 1: 'OtherName' }))).classes[0];
    assert.equal(renamed.name, 'OtherName');
  });
}

for (const snippet of Object.values(iigSnippets).filter((s) => !isClassSnippet(s))) {
  test(`iig ${snippet.prefix}: inside a class, the rules find nothing but the missing implementation`, async () => {
    const findings = await findingsOf({ 'SnippetHost.iig': iigSource(snippet) });
    for (const f of findings) assert.match(f, /^SnippetHost\.iig:\d+ iig\.method-unimplemented$/);
  });
}

for (const snippet of Object.values(iigSnippets).filter(isClassSnippet)) {
  test(`iig ${snippet.prefix} + cpp dkskeleton: only the methods the skeleton leaves out are reported`, async () => {
    const text = iigSource(snippet);
    const cls = (await parseIig(text)).classes[0];
    const { text: cpp, dropped } = skeletonFor(cls);
    // Only an IOUserHIDDevice subclass goes without Start/Stop (it sets up in handleStart).
    if (catalog.isSubclassOf(cls.baseClass!, 'IOUserHIDDevice')) assert.deepEqual(dropped, ['Start', 'Stop']);
    else assert.deepEqual(dropped, []);

    const findings = await findingsOf({ [`${cls.name}.iig`]: text, [`${cls.name}.cpp`]: cpp });
    const unimplemented: string[] = [];
    for (const f of findings) {
      const m = new RegExp(`^${cls.name}\\.iig:(\\d+) iig\\.method-unimplemented$`).exec(f);
      assert.ok(m, `unexpected finding ${f}`);
      const method = methodAtLine(text, cls, Number(m[1]));
      assert.ok(method, `no method on line ${m[1]}`);
      unimplemented.push(method);
    }
    for (const lifecycle of ['init', 'free', 'Start', 'Stop']) assert.ok(!unimplemented.includes(lifecycle), `${lifecycle} is reported`);
    const expected = UNIMPLEMENTED_BY_SKELETON[snippet.prefix];
    assert.ok(expected, `no expectation for ${snippet.prefix}`);
    assert.deepEqual(unimplemented.sort(), [...expected].sort());
  });
}

test('iig dkuserclient + cpp dkskeleton + cpp dkexternalmethod: no findings at all', async () => {
  const text = iigSource(byPrefix(iigSnippets, 'dkuserclient'));
  const cls = (await parseIig(text)).classes[0];
  const findings = await findingsOf({
    [`${cls.name}.iig`]: text,
    [`${cls.name}.cpp`]: skeletonFor(cls).text,
    [`${cls.name}Methods.cpp`]: cppSource(byPrefix(cppSnippets, 'dkexternalmethod'), { 1: cls.name }),
  });
  assert.deepEqual(findings, []);
});

for (const snippet of Object.values(cppSnippets)) {
  test(`cpp ${snippet.prefix}: parses without syntax problems`, async () => {
    const text = cppSource(snippet);
    const model = await parseCpp(text);
    assert.deepEqual(model.syntaxProblems, [], text);
  assert.deepEqual(model.unparsed, [], text);
    assert.doesNotMatch(bodyOf(snippet), /IMPL\([^)]*\)\s*\(/, 'IMPL(Class, Method) takes no parameter list after it');
  });
}

test('cpp dkskeleton: init/free manage the ivars, Start and Stop reach the parent', async () => {
  const model = await parseCpp(cppSource(byPrefix(cppSnippets, 'dkskeleton')));
  assert.deepEqual(model.includes.map((i) => i.path), ['os/log.h', 'DriverKit/IOLib.h', 'MyDriver.h']);
  assert.deepEqual(model.ivarsStructs.map((s) => s.className), ['MyDriver']);
  const def = (name: string) => model.definitions.find((d) => d.className === 'MyDriver' && d.methodName === name);
  assert.equal(def('init')?.form, 'member');
  assert.equal(def('init')?.ivarsAllocations.length, 1);
  assert.equal(def('free')?.form, 'member');
  assert.equal(def('free')?.ivarsReleases.length, 1);
  assert.deepEqual(def('free')?.superCalls.map((c) => c.name), ['free']);
  assert.equal(def('Start')?.form, 'IMPL');
  assert.deepEqual(def('Start')?.superDispatchCalls.map((c) => c.name), ['Start']);
  assert.equal(def('Start')?.registerServiceCalls.length, 1);
  assert.equal(def('Stop')?.form, 'IMPL');
  assert.deepEqual(def('Stop')?.superDispatchCalls.map((c) => c.name), ['Stop']);
});

/** Top-level argument count of each `name(` call in a text. */
function callArity(text: string, name: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${name}\\(`, 'g'))) {
    let depth = 1;
    let commas = 0;
    let empty = true;
    for (let i = m.index! + m[0].length; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ',' && depth === 1) commas++;
      if (depth > 0 && !/\s/.test(c)) empty = false;
    }
    out.push(empty ? 0 : commas + 1);
  }
  return out;
}

test('cpp dktimer and dkaction call SDK methods that exist, with their number of parameters', () => {
  const timer = render(bodyOf(byPrefix(cppSnippets, 'dktimer')));
  for (const [cls, method] of [
    ['IOService', 'CopyDispatchQueue'],
    ['IOTimerDispatchSource', 'Create'],
    ['IOTimerDispatchSource', 'SetHandler'],
    ['IOTimerDispatchSource', 'WakeAtTime'],
    ['IOTimerDispatchSource', 'SetEnable'],
  ]) {
    const found = catalog.findMethod(cls, method);
    assert.ok(found, `${cls}::${method}`);
    assert.deepEqual(callArity(timer, method), [found.method.parameters.length], `${cls}::${method} arguments`);
  }
  assert.deepEqual(callArity(timer, 'CreateActionTimerOccurred'), [2]);

  const action = render(bodyOf(byPrefix(cppSnippets, 'dkaction')));
  const asyncIO = catalog.findMethod('IOUSBHostPipe', 'AsyncIO');
  assert.ok(asyncIO);
  assert.deepEqual(callArity(action, 'AsyncIO'), [asyncIO.method.parameters.length]);
  assert.deepEqual(callArity(action, 'CreateActionReadComplete'), [2]);
});

test('cpp dkexternalmethod: a full dispatch table entry and the parent call with the selected entry', async () => {
  const text = cppSource(byPrefix(cppSnippets, 'dkexternalmethod'));
  const fields = [...text.matchAll(/^\s*\.(\w+)\s*=/gm)].map((m) => m[1]);
  assert.deepEqual(fields, ['function', 'checkCompletionExists', 'checkScalarInputCount', 'checkStructureInputSize', 'checkScalarOutputCount', 'checkStructureOutputSize']);
  assert.match(text, /static const IOUserClientMethodDispatch \w+\[/);
  const model = await parseCpp(text);
  const external = model.definitions.find((d) => d.methodName === 'ExternalMethod');
  assert.equal(external?.className, 'MyUserClient');
  assert.equal(external?.form, 'member');
  assert.deepEqual(external?.superCalls.map((c) => c.name), ['ExternalMethod']);
  const expected = catalog.findMethod('IOUserClient', 'ExternalMethod')!.method.parameters.length;
  assert.deepEqual(callArity(text, 'super::ExternalMethod'), [expected]);
  assert.match(text, /super::ExternalMethod\(selector, arguments, &\w+\[selector\], this, nullptr\)/);
});
