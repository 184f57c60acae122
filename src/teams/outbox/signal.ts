/** Lets code that just queued outbox items wake the worker, without knowing it. */
export class OutboxSignal {
  private listener: (() => void) | undefined;

  onNudge(listener: () => void): void {
    this.listener = listener;
  }

  nudge(): void {
    this.listener?.();
  }
}
