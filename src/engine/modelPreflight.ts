// Checks a model file before llama.cpp touches it, so that each common mistake gets one clear
// line naming the file and the fix, instead of a native error (or a crash) from deep inside the load.
import { open, stat } from "node:fs/promises";
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { formatBytes } from "../shared/formatBytes";
import { requiredFileSize } from "../shared/ggmlTypes";
import { checkGgufHeader, GgufHeaderError } from "./ggufHeaderCheck";
import type { GgufFileInfo, NodeLlamaCppModule } from "./nodeLlamaCpp";

const GGUF_MAGIC = "GGUF";

export async function preflightModelFile(path: string, nlc: NodeLlamaCppModule): Promise<GgufFileInfo> {
  const size = await fileSize(path);
  await expectGgufSignature(path);
  await checkHeader(path, size);

  let info: GgufFileInfo;
  try {
    info = await nlc.readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false, sourceType: "filesystem" });
  } catch (error) {
    throw new EngineError(
      EngineErrorCode.ModelNotGguf,
      `${path} is not a valid GGUF model (${firstLine(error)}); the file may be corrupt or cut short: download it again.`,
      path,
    );
  }

  // A header cut short parses as garbage rather than failing: no architecture is the tell.
  const architecture: unknown = info.metadata?.general?.architecture;
  if (typeof architecture !== "string" || architecture === "") {
    throw new EngineError(
      EngineErrorCode.ModelNotGguf,
      `${path} is not a valid GGUF model (its metadata has no architecture); the file may be corrupt or cut short: download it again.`,
      path,
    );
  }

  const needed = requiredFileSize(info.fullTensorInfo ?? info.tensorInfo ?? []);
  if (needed > size) {
    throw new EngineError(
      EngineErrorCode.ModelTruncated,
      `${path} is truncated: it has ${formatBytes(size)} of the ${formatBytes(needed)} its tensors need (an interrupted download?); download it again.`,
      path,
    );
  }
  return info;
}

async function fileSize(path: string): Promise<number> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new EngineError(EngineErrorCode.ModelNotFound, `Model file not found: ${path}.`, path);
    }
    throw new EngineError(EngineErrorCode.ModelNotFound, `Cannot read model file ${path}: ${firstLine(error)}.`, path);
  }
  if (stats.isDirectory()) {
    throw new EngineError(EngineErrorCode.ModelIsDirectory, `${path} is a folder, not a model file: choose a .gguf file inside it.`, path);
  }
  if (stats.size === 0) {
    throw new EngineError(EngineErrorCode.ModelEmpty, `${path} is empty (0 bytes), perhaps a failed download: download the model again.`, path);
  }
  return stats.size;
}

async function expectGgufSignature(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    if (bytesRead < 4 || buffer.toString("latin1") !== GGUF_MAGIC) {
      throw new EngineError(
        EngineErrorCode.ModelNotGguf,
        `${path} is not a GGUF model (it does not start with the GGUF signature): choose a .gguf model file.`,
        path,
      );
    }
  } finally {
    await handle.close();
  }
}

async function checkHeader(path: string, size: number): Promise<void> {
  const handle = await open(path, "r");
  try {
    await checkGgufHeader(handle, size);
  } catch (error) {
    if (!(error instanceof GgufHeaderError)) throw error;
    if (error.pastEnd) {
      throw new EngineError(EngineErrorCode.ModelTruncated, `${path} is truncated: ${error.message}, at ${formatBytes(size)} (an interrupted download?); download it again.`, path);
    }
    throw new EngineError(EngineErrorCode.ModelNotGguf, `${path} is not a valid GGUF model (${error.message}); the file may be corrupt or cut short: download it again.`, path);
  } finally {
    await handle.close();
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.trim();
}
