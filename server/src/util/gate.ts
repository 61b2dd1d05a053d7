/** A promise opened from outside, once: start-up work waits on it. */
export class Gate {
  readonly opened: Promise<void>;
  private resolve: () => void = () => undefined;

  constructor() {
    this.opened = new Promise((resolve) => (this.resolve = resolve));
  }

  open(): void {
    this.resolve();
  }
}
