// Servers that fail, and settings that are wrong: each is one line naming the problem (and the
// setting to change), and the hybrid backend answers from the local model meanwhile. Real
// llama-server where it can show the fault (wrong API key, a model without FIM tokens); loopback
// stand-ins for faults no real server produces on demand (500, a hang, garbage, a connection closed
// mid-answer, a web page, a proxy, an untrusted certificate).
import assert from "node:assert/strict";
import type { EngineClient } from "../../src/host/engineClient";
import { EngineErrorCode } from "../../src/protocol/errors";
import type { InfillParams } from "../../src/protocol/types";
import { detectServer } from "../../src/server/detectServer";
import { type Answered, HybridEngine } from "../../src/server/hybridEngine";
import { LazyServerEngine } from "../../src/server/lazyServerEngine";
import { LlamaServerEngine } from "../../src/server/llamaServerEngine";
import { ServerError } from "../../src/server/serverError";
import { EXTENSION_SETTING_NAMES, type ServerConfig } from "../../src/server/serverTypes";
import { assertBuilt, engineFor, tinyModel } from "./fixtures";
import { freePort, LlamaServer, selfSignedCertificate, sendJson, standIn, type StandIn, tinyModelWithoutFim } from "./serverFixture";

const PARAMS: InfillParams = { prefix: "const total = ", suffix: ";\n", maxTokens: 8, temperature: 0 };
const NAMES = EXTENSION_SETTING_NAMES;

function config(url: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { url, timeoutMs: 5000, allowSelfSigned: false, ...extra };
}

/** What one fault looks like: the error a server engine throws, and who answers through the hybrid. */
async function fault(serverConfig: ServerConfig, local: EngineClient, api: ServerConfig["api"] | "detect" = "llama-server"): Promise<{ error: ServerError; answered: Answered; text: string }> {
  const server = new LazyServerEngine({ api: api === "detect" ? undefined : api, ...serverConfig }, NAMES, 0);
  const error = await server.infill(PARAMS).then(
    () => assert.fail("the request should fail"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ServerError, String(error));
  assert.doesNotMatch(error.message, /\n/, "one line");
  const answered: Answered[] = [];
  const hybrid = new HybridEngine(server, () => local, { slowMs: 0, retryMs: 60_000, onAnswered: (a) => answered.push(a) });
  try {
    const result = await hybrid.infill(PARAMS);
    return { error, answered: answered[0]!, text: result.text };
  } finally {
    hybrid.dispose();
  }
}

describe("server faults and bad settings", function () {
  this.timeout(120_000);
  let local: EngineClient;
  let localText: string;
  const standIns: StandIn[] = [];
  before(async () => {
    assertBuilt();
    local = engineFor(await tinyModel());
    localText = (await local.infill(PARAMS)).text;
  });
  after(async () => {
    await local?.dispose();
    for (const s of standIns) await s.close();
  });

  async function serving(handler: Parameters<typeof standIn>[0], tls?: { key: string; cert: string }): Promise<string> {
    const s = await standIn(handler, tls);
    standIns.push(s);
    return s.url;
  }

  function expectLocal(outcome: { answered: Answered; text: string }, why: RegExp): void {
    assert.equal(outcome.answered.by, "local");
    assert.match(outcome.answered.why, why);
    assert.equal(outcome.text, localText, "the local model answered");
  }

  it("a server that answers 500", async () => {
    const url = await serving((_req, _body, res) => sendJson(res, { error: { code: 500, message: "out of memory", type: "server_error" } }, 500));
    const outcome = await fault(config(url), local);
    assert.equal(outcome.error.code, EngineErrorCode.ServerUnavailable);
    assert.match(outcome.error.message, /failed \(HTTP 500: out of memory\)/);
    expectLocal(outcome, /HTTP 500/);
  });

  it("a server that hangs: the explicit timeout fires", async () => {
    const url = await serving(() => undefined); // never answers
    const outcome = await fault(config(url, { timeoutMs: 300 }), local);
    assert.match(outcome.error.message, /sent nothing for 0\.3 s .*raise localSlm\.server\.timeoutSeconds/);
    expectLocal(outcome, /sent nothing/);
  });

  it("a server that sends garbage", async () => {
    const url = await serving((req, _body, res) => {
      // It looks like llama-server until it answers a completion.
      if (req.url === "/props") return sendJson(res, { default_generation_settings: { n_ctx: 4096 }, total_slots: 1 });
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end("GARBAGE \u0000\u0001 not an event\n");
    });
    const outcome = await fault(config(url), local);
    assert.match(outcome.error.message, /sent something that is not a streamed answer/);
    expectLocal(outcome, /not a streamed answer/);
  });

  it("a server that closes the connection mid-answer", async () => {
    const url = await serving((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ content: "par", stop: false })}\n\n`);
      setImmediate(() => res.socket?.destroy());
    });
    const outcome = await fault(config(url), local);
    assert.match(outcome.error.message, /closed the connection mid-answer|ended its answer/);
    expectLocal(outcome, /closed the connection|ended its answer/);
  });

  it("nothing listening on the port", async () => {
    const outcome = await fault(config(`http://127.0.0.1:${await freePort()}`), local);
    assert.match(outcome.error.message, /Cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(connection refused\): is it running\? Check localSlm\.server\.url\./);
    expectLocal(outcome, /connection refused/);
  });

  it("a URL that is not a server (a web page)", async () => {
    const url = await serving((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><body>Welcome to the intranet</body></html>");
    });
    const outcome = await fault(config(url), local, "detect");
    assert.match(outcome.error.message, /is not a server local-slm knows: it answers none of \/props \(llama-server\), \/api\/tags \(Ollama\) or \/v1\/models \(OpenAI-compatible\); check localSlm\.server\.url\./);
    assert.equal(outcome.error.code, EngineErrorCode.ServerMisconfigured);
    expectLocal(outcome, /not a server/);
  });

  it("a proxy in the way (HTTP 407)", async () => {
    const url = await serving((_req, _body, res) => {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="corp"' });
      res.end();
    });
    const outcome = await fault(config(url), local, "detect");
    assert.match(outcome.error.message, /is a proxy that wants authentication \(HTTP 407\).*set localSlm\.server\.url to the server itself/);
    expectLocal(outcome, /proxy/);
  });

  it("a certificate no authority signed, and the opt-in that accepts it", async () => {
    const url = await serving((req, _body, res) => (req.url === "/health" ? sendJson(res, { status: "ok" }) : sendJson(res, { error: "no" }, 404)), selfSignedCertificate());
    const outcome = await fault(config(url), local);
    assert.match(outcome.error.message, /certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\).*turn on localSlm\.server\.allowSelfSignedCertificate/);
    assert.equal(outcome.error.code, EngineErrorCode.ServerMisconfigured);
    expectLocal(outcome, /not trusted/);
    const trusting = new LlamaServerEngine(config(url, { allowSelfSigned: true }), NAMES);
    await trusting.health();
    trusting.dispose();
  });

  it("HTTPS to a plain HTTP server", async () => {
    const url = await serving((_req, _body, res) => sendJson(res, {}));
    const outcome = await fault(config(url.replace("http:", "https:")), local);
    assert.match(outcome.error.message, /does not speak HTTPS .*use http:\/\/ in localSlm\.server\.url/);
  });

  describe("on a real llama-server", () => {
    it("a wrong API key, then the right one", async () => {
      const server = await LlamaServer.start({ model: await tinyModel(), slots: 1, apiKey: "team-secret" });
      try {
        const outcome = await fault(config(server.url, { apiKey: "wrong" }), local);
        assert.equal(outcome.error.code, EngineErrorCode.ServerMisconfigured);
        assert.match(outcome.error.message, /refused the API key \(HTTP 401: Invalid API Key\): set it with the command "Local SLM: Set Server API Key"\./);
        expectLocal(outcome, /API key/);
        const missing = await fault(config(server.url), local, "detect");
        assert.match(missing.error.message, /refused the API key \(HTTP 401/);
        const right = new LlamaServerEngine(config(server.url, { apiKey: "team-secret" }), NAMES);
        assert.equal((await right.infill(PARAMS)).stopReason !== "aborted", true);
        right.dispose();
      } finally {
        await server.stop();
      }
    });

    it("a model without fill-in-the-middle tokens", async () => {
      const server = await LlamaServer.start({ model: await tinyModelWithoutFim(), slots: 1 });
      try {
        const outcome = await fault(config(server.url), local);
        assert.match(outcome.error.message, /has no fill-in-the-middle tokens, so it cannot complete code: run a coder base model there, or set localSlm\.completion\.backend to local\./);
        expectLocal(outcome, /fill-in-the-middle/);
        // The text tools still work on it.
        const engine = new LlamaServerEngine(config(server.url), NAMES);
        assert.equal((await engine.generate({ prompt: "Hi", maxTokens: 4, ignoreEndOfGeneration: true })).timings.generatedTokens, 4);
        engine.dispose();
      } finally {
        await server.stop();
      }
    });

    it("detection reports the refused key instead of 'not a server'", async () => {
      const server = await LlamaServer.start({ model: await tinyModel(), slots: 1, apiKey: "k" });
      try {
        await assert.rejects(detectServer(config(server.url), NAMES), /refused the API key/);
      } finally {
        await server.stop();
      }
    });
  });
});
