// The OS and CPU a native binary is built for, from its first bytes (ELF, Mach-O or PE); undefined
// for anything else. One copy for the packager (scripts/package-vsix.mjs, which refuses a stage
// holding another platform's binary) and the packaging test (which checks every binary in a VSIX).
// CommonJS so that both an ES module script and the tests (tsx, CommonJS) can load it on Node 20.
"use strict";

/** @param {Buffer} bytes @returns {{ os: "linux" | "darwin" | "win32"; cpu: string } | undefined} */
function binaryPlatform(bytes) {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes.readUInt16LE(18);
    return { os: "linux", cpu: { 62: "x64", 183: "arm64", 40: "arm", 243: "riscv64" }[machine] ?? `elf-machine-${machine}` };
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe) return { os: "darwin", cpu: "universal" };
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const type = bytes.readUInt32LE(4);
    return { os: "darwin", cpu: type === 0x0100000c ? "arm64" : type === 0x01000007 ? "x64" : `macho-${type.toString(16)}` };
  }
  if (bytes.length >= 64 && bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.length >= pe + 6 && bytes.readUInt32BE(pe) === 0x50450000) {
      const machine = bytes.readUInt16LE(pe + 4);
      return { os: "win32", cpu: { 0x8664: "x64", 0xaa64: "arm64", 0x14c: "ia32" }[machine] ?? `pe-machine-${machine.toString(16)}` };
    }
  }
  return undefined;
}

module.exports = { binaryPlatform };
