import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserActivity } from '../../server/src/util/userActivity';

const turn = (): Promise<void> => new Promise((resume) => setImmediate(resume));

test('background work waits while the user is active and goes on once they are quiet', async () => {
  let now = 1_000;
  const activity = new UserActivity(10, () => now);
  let settled = false;
  await activity.settled(); // nobody has asked anything yet: no wait
  activity.touch();
  void activity.settled().then(() => (settled = true));
  await turn();
  assert.equal(settled, false, 'right after an edit the scan stands back');
  now += 4;
  activity.touch(); // another request: the quiet period starts again
  now += 9;
  await new Promise((resume) => setTimeout(resume, 20));
  assert.equal(settled, false, 'still within 10 ms of the last request');
  now += 2;
  await new Promise((resume) => setTimeout(resume, 20));
  assert.equal(settled, true, 'quiet for 10 ms: the scan goes on');
});

/** A clock and a sleep the test moves by hand: each sleep waits until the test lets it end. */
function handClock(): { now: () => number; advance: (ms: number) => void; sleep: (ms: number) => Promise<void>; sleeping: () => number | undefined; wake: () => Promise<void> } {
  let now = 1_000;
  let asleep: { ms: number; resume: () => void } | undefined;
  return {
    now: () => now,
    advance: (ms) => (now += ms),
    sleep: (ms) => new Promise<void>((resume) => (asleep = { ms, resume })),
    sleeping: () => asleep?.ms,
    wake: async () => {
      const was = asleep;
      asleep = undefined;
      was?.resume();
      await turn();
      await turn();
    },
  };
}

/** Start-up work waiting for 100 ms of quiet (at most 1 s) right after the user's first request. */
async function startUpWork(): Promise<{ clock: ReturnType<typeof handClock>; activity: UserActivity; settled: () => boolean }> {
  const clock = handClock();
  const activity = new UserActivity(10, clock.now, clock.sleep);
  activity.touch();
  let settled = false;
  void activity.settled(100, 1_000).then(() => (settled = true));
  await turn();
  return { clock, activity, settled: () => settled };
}

test('start-up work waits for a longer quiet, but not past its limit when the user never pauses', async () => {
  const { clock, activity, settled } = await startUpWork();
  // The user asks something every 50 ms: never 100 ms of quiet.
  for (let elapsed = 50; elapsed <= 950; elapsed += 50) {
    clock.advance(50);
    activity.touch();
    await clock.wake();
    assert.equal(settled(), false, `still waiting ${elapsed} ms after the first answer`);
  }
  assert.equal(clock.sleeping(), 50, 'the last wait ends at the limit, not 100 ms after the last request');
  clock.advance(50);
  activity.touch();
  await clock.wake();
  assert.equal(settled(), true, 'the work starts once the limit has passed');
});

test('start-up work goes on after the longer quiet', async () => {
  const { clock, activity, settled } = await startUpWork();
  assert.equal(clock.sleeping(), 100);
  clock.advance(50);
  activity.touch(); // a follow-up request 50 ms in: the quiet starts again
  await clock.wake();
  assert.equal(settled(), false);
  assert.equal(clock.sleeping(), 100, 'a full quiet is waited for again');
  clock.advance(100);
  await clock.wake();
  assert.equal(settled(), true, 'quiet for 100 ms');
});
