// A worker of your own under rollcall's chaos harness: a service that embeds `startWorker` and
// does its own work. Run the scenario library against it with
//
//   npx rollcall chaos --all --mode real --worker-command "node examples/chaos-worker.js"
//
// For each scenario worker the harness runs this file with, in its environment (docs/chaos.md,
// "Your own worker"): where the registry is (through the worker's own fault proxy), the join
// token, the worker's name, ID, state directory, agent and health ports and capacity, and the
// run's scaled settings as ROLLCALL_* variables, which `startWorker` reads by itself. It prints
// each note as a JSON line, which is how the harness follows the worker's states; a SIGTERM
// drains and deregisters it, as it would in production.
import { setTimeout as sleep } from 'node:timers/promises';
import { startWorker } from 'rollcall';

const env = process.env;
if (!env.ROLLCALL_CHAOS_STATE_DIR) {
  process.stderr.write('chaos-worker: run me through rollcall chaos --mode real --worker-command "node examples/chaos-worker.js"\n');
  process.exit(2);
}

/** This service's work. The scenarios submit `sleep` jobs whose payload is a number of milliseconds. */
async function runTask(task, { signal }) {
  if (task.kind !== 'sleep') throw new Error(`this service does not do "${task.kind}" jobs`);
  await sleep(Number(task.payload) || 0, undefined, { signal });
  return `slept ${task.payload} ms`;
}

const worker = await startWorker({
  ...(env.ROLLCALL_CHAOS_REGISTRY ? { registry: env.ROLLCALL_CHAOS_REGISTRY.split(',') } : {}),
  ...(env.ROLLCALL_CHAOS_REGISTRY_VIA ? { registryVia: env.ROLLCALL_CHAOS_REGISTRY_VIA } : {}),
  id: env.ROLLCALL_CHAOS_WORKER_ID,
  name: env.ROLLCALL_CHAOS_WORKER_NAME,
  stateDir: env.ROLLCALL_CHAOS_STATE_DIR,
  agentPort: Number(env.ROLLCALL_CHAOS_AGENT_PORT),
  httpPort: Number(env.ROLLCALL_CHAOS_HTTP_PORT),
  capacity: Number(env.ROLLCALL_CHAOS_CAPACITY),
  joinToken: env.ROLLCALL_JOIN_TOKEN,
  onTask: runTask,
  onNote: (note) => process.stdout.write(JSON.stringify(note) + '\n'),
});

process.once('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
