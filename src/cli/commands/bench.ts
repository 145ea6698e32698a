import { completionBench } from "../bench/completionBench";
import { engineBench } from "../bench/engineBench";
import { peersBench } from "../bench/peers/peersBench";
import { serverBench } from "../bench/serverBench";
import { soakBench } from "../bench/soak";
import { textBench } from "../bench/textBench";
import { nextEditBench } from "../bench/nextEditBench";
import { threadsBench } from "../bench/threadsBench";
import { speculativeBench } from "../bench/speculativeBench";
import { CliError } from "../cliError";

const TARGETS: Record<string, (args: string[]) => Promise<void>> = { engine: engineBench, completion: completionBench, soak: soakBench, text: textBench, "next-edit": nextEditBench, server: serverBench, peers: peersBench, threads: threadsBench, speculative: speculativeBench };

export async function benchCommand(args: string[]): Promise<void> {
  const [target, ...rest] = args;
  const run = target ? TARGETS[target] : undefined;
  if (!run) throw new CliError(`bench needs a target: ${Object.keys(TARGETS).join(", ")}.`);
  await run(rest);
}
