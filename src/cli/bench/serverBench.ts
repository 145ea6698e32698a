// `local-slm bench server --server URL --users 1,2,4`: N simulated users completing code against
// one server at once, each in its own editor window (its own slot on llama-server), through the
// same pipeline as the editor. Each user asks at the places the editing session pauses, waits for
// the answer, "reads" it for --think ms, and asks again (a closed loop). Figures only.
import { join } from "node:path";
import { CompletionPipeline, DEFAULT_PIPELINE } from "../../completion/completionPipeline";
import { linesFromText } from "../../completion/context/documentLines";
import type { Timings } from "../../protocol/types";
import { CliError } from "../cliError";
import { intOption, parse } from "../options";
import { printResult } from "../output";
import { type Backend, serverOptions, withBackend } from "../serverSession";
import { buildSession, type Keystroke } from "./editingSession";
import { percentile, round } from "./stats";

export async function serverBench(args: string[]): Promise<void> {
  const { values } = parse(args, { ...serverOptions, users: { type: "string" }, requests: { type: "string" }, think: { type: "string" }, "time-limit": { type: "string" } });
  if (typeof values.server !== "string") throw new CliError("bench server needs --server URL.");
  const userCounts = String(values.users ?? "1,2,4").split(",").map((n) => intOption("users", n.trim(), 1, 1));
  const requests = intOption("requests", values.requests, 16, 1);
  const thinkMs = intOption("think", values.think, 300, 0);
  // The editor gives up on a suggestion after 4 s; a busy shared CPU may need longer to show anything.
  const timeLimitMs = intOption("time-limit", values["time-limit"], DEFAULT_PIPELINE.limits.timeLimitMs, 100);
  const say = (line: string) => !values.json && process.stderr.write(`${line}\n`);
  const places = pausePoints(buildSession(join(__dirname, "..", "src", "cli", "bench", "session-files")));
  say(`bench server: ${values.server}, ${requests} completions per user, ${thinkMs} ms between them, ${places.length} places to ask`);

  const rows = [];
  for (const users of userCounts) {
    const started = performance.now();
    const answers = (await Promise.all(Array.from({ length: users }, (_, user) => withBackend(values, (engine) => runUser(engine, places, user, requests, thinkMs, timeLimitMs), user)))).flat();
    const seconds = (performance.now() - started) / 1000;
    const latencies = answers.map((a) => a.ms);
    const firstTokens = answers.map((a) => a.timings?.promptMs ?? a.ms);
    const generated = answers.reduce((n, a) => n + (a.timings?.generatedTokens ?? 0), 0);
    const generating = answers.reduce((ms, a) => ms + (a.timings?.generationMs ?? 0), 0);
    const row = {
      users,
      requests: answers.length,
      p50Ms: round(percentile(latencies, 50), 0),
      p95Ms: round(percentile(latencies, 95), 0),
      firstTokenP50Ms: round(percentile(firstTokens, 50), 0),
      firstTokenP95Ms: round(percentile(firstTokens, 95), 0),
      /** Generation speed each user saw (tokens over the time from first token to end). */
      tokensPerSecondPerUser: generating > 0 ? round((generated / generating) * 1000, 1) : 0,
      completionsPerSecond: round(answers.length / seconds, 2),
    };
    say(`  ${users} user(s): p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, first token p50 ${row.firstTokenP50Ms} ms (p95 ${row.firstTokenP95Ms}), ${row.tokensPerSecondPerUser} tok/s per user, ${row.completionsPerSecond} completions/s`);
    rows.push(row);
  }
  if (values.json) printResult(true, { server: values.server, requestsPerUser: requests, thinkMs, timeLimitMs, rows });
}

/** Keystrokes after which the typist pauses long enough for a suggestion to be asked for. */
function pausePoints(session: Keystroke[]): Keystroke[] {
  return session.filter((k, i) => (session[i + 1]?.atMs ?? Infinity) - k.atMs >= 400);
}

async function runUser(engine: Backend, places: Keystroke[], user: number, requests: number, thinkMs: number, timeLimitMs: number): Promise<{ ms: number; timings?: Timings }[]> {
  const pipeline = new CompletionPipeline(engine, () => ({ ...DEFAULT_PIPELINE, limits: { ...DEFAULT_PIPELINE.limits, timeLimitMs }, streamFirstLine: false }));
  const answers: { ms: number; timings?: Timings }[] = [];
  for (let i = 0; i < requests; i++) {
    // Users start at different places, so they do not ask the same thing at the same time.
    const place = places[(user * 7 + i) % places.length]!;
    const started = performance.now();
    const outcome = await pipeline.complete({
      doc: linesFromText(place.text, place.languageId),
      position: { line: place.line, character: place.character },
      documentKey: `user${user}/${place.file}`,
      signal: new AbortController().signal,
    });
    answers.push({ ms: performance.now() - started, timings: outcome.timings });
    await new Promise((resolve) => setTimeout(resolve, thinkMs));
  }
  return answers;
}
