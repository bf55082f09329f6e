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

/** The job a worker thread is sent once the model is loaded. */
export interface WorkerJob {
  readonly model: VerbundModel;
  readonly only: readonly string[];
  readonly toBuild: readonly number[];
  readonly outdir: string;
  readonly cache?: CacheTarget;
  /** [0]: index into toBuild of the next stack to take; [1]: workers finished. */
  readonly shared: SharedArrayBuffer;
}

/** What a worker thread is started with. */
export type WorkerInput = WorkerJob & { readonly port: MessagePort };

type WorkerMessage = { readonly outputs: [number, StackReport][] } | { readonly error: string };

/** A worker that makes no progress for this long is taken to have died. */
const STALL_MS = 10 * 60 * 1000;

/** Worker threads started ahead of time, each loading cdktf and the providers while this thread loads the model. */
export class WorkerPool {
  private readonly members: { readonly worker: Worker; readonly port: MessagePort }[] = [];

  constructor(readonly size: number) {
    for (let i = 0; i < size; i += 1) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(`require(${JSON.stringify(path.join(__dirname, "..", "ts-register.js"))}); require(${JSON.stringify(path.join(__dirname, "worker.ts"))});`, { eval: true, workerData: { port: port2 }, transferList: [port2] });
      worker.unref();
      this.members.push({ worker, port: port1 });
    }
  }

  /** Sends every worker the job; returns their ports, to read the results from. */
  start(job: WorkerJob): MessagePort[] {
    for (const { port } of this.members) port.postMessage(job);
    return this.members.map((m) => m.port);
  }

  /** Stops workers that turned out not to be needed. */
  discard(): void {
    for (const { worker, port } of this.members) {
      port.close();
      void worker.terminate();
    }
  }
}

/**
 * Builds the stacks at `toBuild` (indexes into `units`) with `threads` threads, this one included unless
 * `mainThreadBuilds` is false; uses the workers of `pool` when given (then `threads` is its size plus one).
 */
export function buildInParallel(model: VerbundModel, toBuild: readonly number[], units: readonly StackUnit[], outdir: string, threads: number, cache?: CacheTarget, mainThreadBuilds = true, pool?: WorkerPool): Map<number, StackReport> {
  const shared = new SharedArrayBuffer(8);
  const counters = new Int32Array(shared);
  const next = () => {
    const position = Atomics.add(counters, 0, 1);
    return position < toBuild.length ? toBuild[position] : undefined;
  };
  const workers = pool ?? new WorkerPool(mainThreadBuilds ? threads - 1 : threads);
  const workerCount = workers.size;
  const ports = workers.start({ model, only: units.map((u) => u.id), toBuild, outdir, cache, shared });

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

/** The body of a worker thread (lib/app/worker.ts): load the build code now, build when the job arrives. */
export function serveWorker(port: MessagePort): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("./build");
  port.once("message", (job: WorkerJob) => runWorker({ ...job, port }));
}

/** Builds stacks from the shared counter until none is left, then reports them. */
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
