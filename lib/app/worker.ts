/** Entry point of a synth worker thread (started by lib/app/parallel.ts). */
import { type MessagePort, workerData } from "node:worker_threads";
import { serveWorker } from "./parallel";

serveWorker((workerData as { port: MessagePort }).port);
