/**
 * Building stacks on every core: worker threads and this thread take the next stack to build from a
 * shared counter until none is left, so the load balances itself; each thread builds, checks, writes
 * and releases one stack at a time. Results are put back in output order, so the output and what is
 * printed are identical to a single thread's. The synth stays synchronous: this thread blocks on an
 * Atomics counter until every worker has reported, then reads their messages synchronously.
 */
import * as path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { VerbundModel } from "../verbund";
import { buildInProcess, type CacheTarget, type StackReport } from "./synthesize";
import { type StackUnit, stackUnits } from "./units";

/** What a worker thread is given. */
export interface WorkerInput {
  readonly model: VerbundModel;
  readonly only: readonly string[];
  readonly toBuild: readonly number[];
  readonly outdir: string;
  readonly cache?: CacheTarget;
  /** [0]: index into toBuild of the next stack to take; [1]: workers finished. */
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

type WorkerMessage = { readonly outputs: [number, StackReport][] } | { readonly error: string };

/** A worker that makes no progress for this long is taken to have died. */
const STALL_MS = 10 * 60 * 1000;

/** Builds the stacks at `toBuild` (indexes into `units`) with `threads` threads, this one included unless `mainThreadBuilds` is false. */
export function buildInParallel(model: VerbundModel, toBuild: readonly number[], units: readonly StackUnit[], outdir: string, threads: number, cache?: CacheTarget, mainThreadBuilds = true): Map<number, StackReport> {
  const shared = new SharedArrayBuffer(8);
  const counters = new Int32Array(shared);
  const next = () => {
    const position = Atomics.add(counters, 0, 1);
    return position < toBuild.length ? toBuild[position] : undefined;
  };
  const ports: MessagePort[] = [];
  const workerCount = mainThreadBuilds ? threads - 1 : threads;
  for (let i = 0; i < workerCount; i += 1) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const input: WorkerInput = { model, only: units.map((u) => u.id), toBuild, outdir, cache, shared, port: port2 };
    const worker = new Worker(`require("sucrase/register"); require(${JSON.stringify(path.join(__dirname, "worker.ts"))});`, { eval: true, workerData: input, transferList: [port2] });
    worker.unref();
  }

  const results = mainThreadBuilds ? buildInProcess(units, toBuild, outdir, cache, next) : new Map<number, StackReport>();

  let waited = 0;
  while (Atomics.load(counters, 1) < workerCount) {
    const seen = Atomics.load(counters, 1);
    if (Atomics.wait(counters, 1, seen, 1000) === "timed-out") waited += 1000;
    if (waited > STALL_MS) throw new Error(`a synth worker made no progress for ${STALL_MS / 60000} minutes`);
  }
  const errors: string[] = [];
  for (const port of ports) {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const body = message.message as WorkerMessage;
      if ("error" in body) errors.push(body.error);
      else for (const [index, output] of body.outputs) results.set(index, output);
    }
    port.close();
  }
  if (errors.length > 0) throw new Error(errors.join("\n"));
  if (results.size !== toBuild.length) throw new Error(`synth workers built ${results.size} of ${toBuild.length} stacks`);
  return results;
}

/** The body of a worker thread (lib/app/worker.ts). */
export function runWorker(input: WorkerInput): void {
  const counters = new Int32Array(input.shared);
  try {
    const only = new Set(input.only);
    const units = stackUnits(input.model).filter((unit) => only.has(unit.id));
    const next = () => {
      const position = Atomics.add(counters, 0, 1);
      return position < input.toBuild.length ? input.toBuild[position] : undefined;
    };
    const results = buildInProcess(units, input.toBuild, input.outdir, input.cache, next);
    input.port.postMessage({ outputs: [...results] } satisfies WorkerMessage);
  } catch (error) {
    input.port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  } finally {
    input.port.close();
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
}
