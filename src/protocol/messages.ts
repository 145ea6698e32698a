// The one typed protocol between host and worker: JSON-RPC (vscode-jsonrpc) over the Node IPC
// channel of a forked process. vscode-jsonrpc gives us request/response matching, cancellation
// ($/cancelRequest mapped to a CancellationToken) and progress notifications, all of which we
// would otherwise hand-write and test ourselves.
import { NotificationType, ProgressType, RequestType } from "vscode-jsonrpc";
import type {
  ChatParams,
  ClassifyParams,
  ClassifyResult,
  CountTokensParams,
  GenerateParams,
  ModelSummary,
  GenerationResult,
  InfillParams,
  NextEditParams,
  LoadModelParams,
  ModelInfo,
  GenerationProgress,
  PromptDescription,
  WorkerStatus,
} from "./types";

/** Requests without parameters still send an object, so that every request has the same shape. */
export type NoParams = Record<string, never>;

export const LoadModelRequest = new RequestType<LoadModelParams, ModelInfo, void>("model/load");
export const UnloadModelRequest = new RequestType<NoParams, void, void>("model/unload");
export const DescribeModelRequest = new RequestType<NoParams, ModelInfo | null, void>("model/describe");
export const GenerateRequest = new RequestType<GenerateParams, GenerationResult, void>("generate/text");
export const InfillRequest = new RequestType<InfillParams, GenerationResult, void>("generate/infill");
/** The exact tokens an infill request would send, and the stop set; nothing is generated. */
export const DescribePromptRequest = new RequestType<InfillParams, PromptDescription, void>("prompt/describe");
/** Sweep-format next-edit generation on its own sequence (stops at <|file_sep|> or end of text). */
export const NextEditRequest = new RequestType<NextEditParams, GenerationResult, void>("generate/nextEdit");
export const ChatRequest = new RequestType<ChatParams, GenerationResult, void>("text/chat");
export const ClassifyRequest = new RequestType<ClassifyParams, ClassifyResult, void>("text/classify");
export const CountTokensRequest = new RequestType<CountTokensParams, { tokens: number[] }, void>("text/countTokens");
/** Works with no model loaded: describes files for the model picker. */
export const InspectModelsRequest = new RequestType<{ paths: string[] }, ModelSummary[], void>("models/inspect");
export const StatusRequest = new RequestType<NoParams, WorkerStatus, void>("worker/status");

/** Streamed progress and partial text, addressed by the request's progressToken. */
export const GenerationProgressType = new ProgressType<GenerationProgress>();

export interface WorkerLogMessage {
  level: "error" | "warn" | "info" | "debug" | "trace";
  message: string;
}
export const WorkerLogNotification = new NotificationType<WorkerLogMessage>("worker/log");
