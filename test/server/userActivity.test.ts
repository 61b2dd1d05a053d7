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
