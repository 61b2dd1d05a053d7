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
  ) {}

  touch(): void {
    this.last = this.clock();
  }

  /** Resolves once nothing has come from the user for `quietMs`. */
  async settled(): Promise<void> {
    for (let wait = this.remaining(); wait > 0; wait = this.remaining()) {
      await new Promise((resume) => setTimeout(resume, wait));
    }
  }

  private remaining(): number {
    return this.last + this.quietMs - this.clock();
  }
}
