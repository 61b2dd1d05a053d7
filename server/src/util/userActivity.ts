/**
 * When the user last asked the server something (an edit, a request), so background work such as
 * the initial index can stand back for a moment after each: the follow-up request that usually
 * comes next (completion after a keystroke) then finds the thread free.
 */
export class UserActivity {
  private last = -Infinity;

  constructor(
    /** How long after the user's last message background work waits. */
    private readonly quietMs: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resume) => setTimeout(resume, ms)),
  ) {}

  touch(): void {
    this.last = this.clock();
  }

  /**
   * Resolves once nothing has come from the user for `quietMs` (or the given longer quiet), or once
   * `atMostMs` have passed: a user who never pauses (typing at once) must not hold the work back for good.
   */
  async settled(quietMs = this.quietMs, atMostMs = Infinity): Promise<void> {
    const deadline = this.clock() + atMostMs;
    for (let wait = this.remaining(quietMs); wait > 0; wait = this.remaining(quietMs)) {
      const left = deadline - this.clock();
      if (left <= 0) return;
      await this.sleep(Math.min(wait, left));
    }
  }

  private remaining(quietMs: number): number {
    return this.last + quietMs - this.clock();
  }
}
