/** Things that happen at a simulated instant; two at the same instant run in the order they were scheduled. */
export class Timeline {
  private events: { at: number; seq: number; run: () => Promise<void> }[] = [];
  private seq = 0;

  at(when: Date, run: () => Promise<void>): void {
    this.events.push({ at: when.getTime(), seq: this.seq++, run });
  }

  get size(): number {
    return this.events.length;
  }

  /** Takes the earliest event before `before`, if any. */
  takeBefore(before: Date): { at: Date; run: () => Promise<void> } | undefined {
    let best = -1;
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i]!;
      const b = this.events[best];
      if (e.at < before.getTime() && (b === undefined || e.at < b.at || (e.at === b.at && e.seq < b.seq))) best = i;
    }
    if (best < 0) return undefined;
    const [event] = this.events.splice(best, 1);
    return { at: new Date(event!.at), run: event!.run };
  }
}
