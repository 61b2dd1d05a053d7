/** The early attach's own stop, released only when lldb-dap reports it after configurationDone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AttachStopRelease } from '../../adapter/attachStop';

/** lldb-dap 19's report of a process stopped by the attach's SIGSTOP, as it sends it. */
const attachStop = (): DebugProtocol.Event => ({ seq: 9, type: 'event', event: 'stopped', body: { reason: 'exception', description: 'signal SIGSTOP', threadId: 4242, allThreadsStopped: true } });
const breakpointStop = (): DebugProtocol.Event => ({ seq: 10, type: 'event', event: 'stopped', body: { reason: 'breakpoint', description: 'breakpoint 1.1', threadId: 4242, hitBreakpointIds: [1] } });
const continued = (): DebugProtocol.Event => ({ seq: 11, type: 'event', event: 'continued', body: { threadId: 4242, allThreadsContinued: true } });

function attachedAndConfigured(): AttachStopRelease {
  const watch = new AttachStopRelease();
  watch.attached(false);
  watch.configured(true);
  return watch;
}

test('the attach stop reported after configurationDone is released, once', () => {
  const watch = attachedAndConfigured();
  assert.equal(watch.releases(attachStop()), true);
  assert.equal(watch.releases(attachStop()), false, 'a second SIGSTOP is the user\'s or the system\'s, and is shown');
});

test('the process already ran (continued first) or stopped elsewhere first: nothing is released', () => {
  const ran = attachedAndConfigured();
  assert.equal(ran.releases(continued()), false);
  assert.equal(ran.releases(attachStop()), false);
  const atBreakpoint = attachedAndConfigured();
  assert.equal(atBreakpoint.releases(breakpointStop()), false);
  assert.equal(atBreakpoint.releases(attachStop()), false);
});

test('before configurationDone, without an early attach, with stopOnEntry or a failed configurationDone: the stop is shown', () => {
  const early = new AttachStopRelease();
  early.attached(false);
  assert.equal(early.releases(attachStop()), false, 'before configurationDone lldb-dap itself resumes the process');
  assert.equal(new AttachStopRelease().releases(attachStop()), false, 'no early attach');
  const onEntry = new AttachStopRelease();
  onEntry.attached(true);
  onEntry.configured(true);
  assert.equal(onEntry.releases(attachStop()), false, 'stopOnEntry keeps the stop');
  const failed = new AttachStopRelease();
  failed.attached(false);
  failed.configured(false);
  assert.equal(failed.releases(attachStop()), false);
});

test('other events pass without ending the watch; a stop without a thread is not resumed', () => {
  const watch = attachedAndConfigured();
  assert.equal(watch.releases({ seq: 1, type: 'event', event: 'output', body: { output: 'x' } }), false);
  assert.equal(watch.releases({ seq: 2, type: 'event', event: 'module', body: {} }), false);
  assert.equal(watch.releases(attachStop()), true);
  const threadless = attachedAndConfigured();
  assert.equal(threadless.releases({ seq: 3, type: 'event', event: 'stopped', body: { reason: 'exception', description: 'signal SIGSTOP' } }), false);
});
