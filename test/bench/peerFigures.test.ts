/** The peer benchmark's arithmetic (scripts/bench/peersSupport.ts) and where it asks (peersSites.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdit, cppProbes, iigProbes, ioServiceEdit, type Probe } from '../../scripts/bench/peersSites';
import { answered, clangdCandidates, errorFigure, peerFigure, ratioOf } from '../../scripts/bench/peersSupport';

/** 1, 2, ..., n times `scale`, shuffled so the function has to sort. */
function samples(n: number, scale: number): number[] {
  const out = Array.from({ length: n }, (_, i) => (i + 1) * scale);
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('p50 and p99 are nearest-rank percentiles of each server, whatever the order of the samples', () => {
  const figure = peerFigure('peers.completion', samples(100, 1), samples(200, 10), 0.2);
  assert.equal(figure.ours_p50, 50);
  assert.equal(figure.ours_p99, 99);
  assert.equal(figure.clangd_p50, 1000);
  assert.equal(figure.clangd_p99, 1980);
  assert.equal(figure.runs, 100, 'the smaller count of the two');
});

test('the ratio is ours over clangd, and the target is met when the p99 ratio is at most the target', () => {
  const fast = peerFigure('peers.completion', samples(100, 1), samples(100, 10), 0.2);
  assert.equal(fast.ratio_p99, 0.1);
  assert.equal(fast.ratio_p50, 0.1);
  assert.equal(fast.met, true);

  const slow = peerFigure('peers.completion', samples(100, 3), samples(100, 10), 0.2);
  assert.equal(slow.ratio_p99, 0.3);
  assert.equal(slow.met, false);

  const exactly = peerFigure('peers.completion', samples(100, 2), samples(100, 10), 0.2);
  assert.equal(exactly.met, true, 'equal to the target counts as met');
});

test('one slow outlier moves p99 but not p50', () => {
  const ours = [...samples(99, 1), 500];
  const figure = peerFigure('peers.hover', ours, samples(100, 1), 0.2);
  assert.equal(figure.ours_p50, 50);
  assert.equal(figure.ours_p99, 99, 'the 99th of 100 samples');
  const two = peerFigure('peers.hover', [...samples(98, 1), 500, 600], samples(100, 1), 0.2);
  assert.equal(two.ours_p99, 500);
  assert.equal(two.ratio_p99, 5.0505);
  assert.equal(two.met, false);
});

test('a figure without a target says so and claims nothing', () => {
  const figure = peerFigure('peers.startup', [100, 200], [50, 60]);
  assert.equal(figure.target, null);
  assert.equal('met' in figure, false);
  assert.equal(figure.ratio_p99, 3.3333);
});

test('ratios keep four decimals and are null when clangd took no time', () => {
  assert.equal(ratioOf(1, 3), 0.3333);
  assert.equal(ratioOf(0.05, 30), 0.0017);
  assert.equal(ratioOf(5, 0), null);
  const figure = peerFigure('peers.completion', [1, 2], [0, 0], 0.2);
  assert.equal(figure.ratio_p99, null);
  assert.equal(figure.met, false);
});

test('a figure with no samples on either side is a failure, not a number', () => {
  assert.throws(() => peerFigure('peers.hover', [], [1]), /no samples/);
  assert.throws(() => peerFigure('peers.hover', [1], []), /no samples/);
});

test('error diagnostics are summed per server and the target is none from us', () => {
  assert.deepEqual(errorFigure([0, 0, 0], [21, 1, 0]), {
    figure: 'peers.error_diagnostics',
    unit: 'count',
    files: 3,
    ours: 0,
    clangd: 22,
    ours_files_with_errors: 0,
    clangd_files_with_errors: 2,
    target: 0,
    met: true,
  });
  assert.equal(errorFigure([0, 2], [0, 0]).met, false);
});

test('an answer counts only when it carries something', () => {
  assert.equal(answered(null), false);
  assert.equal(answered([]), false);
  assert.equal(answered({ isIncomplete: false, items: [] }), false);
  assert.equal(answered({ contents: { kind: 'markdown', value: '  ' } }), false);
  assert.equal(answered({ contents: [] }), false);
  assert.equal(answered([{ label: 'reportsSeen' }]), true);
  assert.equal(answered({ isIncomplete: true, items: [{ label: 'Start' }] }), true);
  assert.equal(answered({ contents: { kind: 'markdown', value: '**IOService**' } }), true);
  assert.equal(answered({ contents: 'IMPL(Class, Method)' }), true);
});

const CPP = `#include "Widget.h"

struct Widget_IVars { uint32_t count; };

bool
Widget::init()
{
    if (!super::init()) return false;
    return true;
}

kern_return_t
IMPL(Widget, Start)
{
    ivars->count = 0;
    return Start(provider, SUPERDISPATCH);
}
`;

const IIG = `class Widget : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
};
`;

/** The line of the probe described `what`, with | at its position. */
function around(text: string, probes: readonly Probe[], what: string): string {
  const probe = probes.find((p) => p.what === what);
  assert.ok(probe?.position, `a probe "${what}" with a position`);
  const line = text.split('\n')[probe.position.line];
  return `${line.slice(0, probe.position.character)}|${line.slice(probe.position.character)}`.trim();
}

test('the .cpp probes land after ivars->, after the typed IOService::, at a body start, and on IMPL, class and method names', () => {
  const edit = ioServiceEdit('/w/Widget.cpp', CPP);
  assert.ok(edit);
  const text = applyEdit(CPP, edit);
  assert.match(text, /IMPL\(Widget, Start\)\n\{\n {4}IOService::\n {4}ivars->count = 0;/, 'typed at the start of the last body, on a line of its own');
  const probes = cppProbes('/w/Widget.cpp', text);
  assert.equal(around(text, probes, 'after ivars->'), 'ivars->|count = 0;');
  assert.equal(around(text, probes, 'after IOService::'), 'IOService::|');
  assert.equal(around(text, probes, 'start of a method body'), '|if (!super::init()) return false;');
  assert.equal(around(text, probes, 'class name (.cpp)'), 'W|idget::init()');
  assert.equal(around(text, probes, 'method name (.cpp)'), 'IMPL(Widget, S|tart)');
  assert.equal(around(text, probes, 'IMPL'), 'I|MPL(Widget, Start)');
  assert.equal(probes.filter((p) => p.kind === 'documentSymbol').length, 1);
  assert.equal(cppProbes('/w/Widget.cpp', CPP).some((p) => p.what === 'after IOService::'), false, 'only once typed');
});

test('the .iig probes land inside the class body and on the class, base class and method names', () => {
  const probes = iigProbes('/w/Widget.iig', IIG);
  assert.equal(around(IIG, probes, 'inside a class (.iig)'), '|virtual kern_return_t Start(IOService * provider) override;');
  assert.equal(around(IIG, probes, 'class name (.iig)'), 'class W|idget : public IOService');
  assert.equal(around(IIG, probes, 'base class (.iig)'), 'class Widget : public I|OService');
  assert.equal(around(IIG, probes, 'method name (.iig)'), 'virtual kern_return_t S|tart(IOService * provider) override;');
});

test('clangd is looked for where scripts/install-clangd.sh looks, DRIVERKIT_CLANGD first', () => {
  assert.deepEqual(clangdCandidates({ DRIVERKIT_CLANGD: '/opt/llvm/bin/clangd' }), ['/opt/llvm/bin/clangd', '/usr/bin/clangd-19', '/usr/lib/llvm-19/bin/clangd']);
  assert.deepEqual(clangdCandidates({ DRIVERKIT_CLANGD: '' }), ['/usr/bin/clangd-19', '/usr/lib/llvm-19/bin/clangd']);
});
