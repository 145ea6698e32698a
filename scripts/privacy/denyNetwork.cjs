// Privacy guard for tests: preloaded with `node --require`, it refuses every outgoing connection
// that is not to this machine (loopback or a local socket) and records it. Covers net, tls, http,
// https and fetch (undici connects through net), and UDP (dgram). Child processes inherit it
// through NODE_OPTIONS, so the inference worker is guarded too.
"use strict";
const net = require("node:net");
const dgram = require("node:dgram");
const fs = require("node:fs");

const logPath = process.env.LOCAL_SLM_NETWORK_LOG;
/** Optional: every connection made (allowed or not) is recorded here, so a test can say which hosts were seen. */
const tracePath = process.env.LOCAL_SLM_NETWORK_TRACE;

function isLocal(host) {
  if (host === undefined || host === null || host === "") return true; // default host is localhost
  const h = String(host).replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || h.startsWith("127.") || h === "0.0.0.0" || h === "::" || h.startsWith("::ffff:127.");
}

function refuse(what) {
  const line = `${new Date().toISOString()} pid ${process.pid} ${what}\n`;
  if (logPath) fs.appendFileSync(logPath, line);
  const error = new Error(`local-slm privacy guard: refused ${what}`);
  error.code = "EACCES";
  return error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === "object" && first !== null ? first : undefined;
  const path = options?.path ?? (typeof args[0] === "string" && Number.isNaN(Number(args[0])) ? args[0] : undefined);
  const host = options ? options.host : typeof args[1] === "string" ? args[1] : undefined;
  const port = options ? options.port : args[0];
  if (tracePath && path === undefined) fs.appendFileSync(tracePath, `pid ${process.pid} connect ${host ?? "localhost"}:${port}\n`);
  if (path === undefined && !isLocal(host)) {
    const error = refuse(`connect to ${host}:${port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

for (const method of ["send", "connect"]) {
  const original = dgram.Socket.prototype[method];
  dgram.Socket.prototype[method] = function (...args) {
    const host = method === "connect" ? args[1] : args.find((a, i) => i > 0 && typeof a === "string");
    if (!isLocal(typeof host === "string" ? host : undefined)) throw refuse(`udp ${method} to ${host}`);
    return original.apply(this, args);
  };
}
