/** Entry point of a synth worker thread (started by lib/app/parallel.ts). */
import { workerData } from "node:worker_threads";
import { runWorker, type WorkerInput } from "./parallel";

runWorker(workerData as WorkerInput);
