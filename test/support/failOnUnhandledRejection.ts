// Loaded by mocha (--require) for the unit and integration suites: an unhandled promise rejection
// fails the test during which it happened, instead of passing unnoticed (a background generation
// that failed with no handler hid this way once).
const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

export const mochaHooks = {
  async afterEach(this: Mocha.Context) {
    // Rejections are reported after the microtask queue drains: give them a turn.
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled.length === 0) return;
    const reasons = unhandled.splice(0).map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)));
    throw new Error(`unhandled promise rejection(s) during "${this.currentTest?.fullTitle()}":\n${reasons.join("\n")}`);
  },
};
