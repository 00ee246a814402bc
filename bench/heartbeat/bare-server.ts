// The heartbeat bench's ceiling: a bare grpc-js server with rollcall.proto's Registry service
// (the same messages and (de)serialisers, from runtime/grpc/load-proto.ts) that does no work.
// Register and RegisterBatch hand out fixed sessions; Heartbeat and HeartbeatStream answer with
// a constant ack, with the same backpressure rule as the registry's stream handler.
// Prints `bare grpc-js server on 127.0.0.1:PORT` when listening.
import { Server, ServerCredentials, type ServerDuplexStream, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { registryMethods, tolerantService } from '../../runtime/grpc/load-proto.ts';
import type { WireHeartbeatAck, WireHeartbeatRequest, WireRegisterBatchRequest } from '../../runtime/grpc/proto/messages.ts';

const ACK: WireHeartbeatAck = { instruction: 'NONE', heartbeatIntervalMs: 30_000 } as WireHeartbeatAck;
let nextId = 0;
const reply = () => ({ workerId: `w-${nextId++}`, epoch: 1, sessionToken: 'bench', registeredAt: Date.now(), heartbeatIntervalMs: 30_000 });

const server = new Server();
server.addService(tolerantService(registryMethods), {
  RegisterBatch: (call: ServerUnaryCall<WireRegisterBatchRequest, unknown>, done: sendUnaryData<unknown>) =>
    done(null, { results: call.request.requests.map(() => ({ result: 'reply', reply: reply() })) }),
  Register: (_call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => done(null, reply()),
  Heartbeat: (_call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => done(null, ACK),
  HeartbeatStream: (call: ServerDuplexStream<WireHeartbeatRequest, WireHeartbeatAck>) => {
    call.on('data', () => {
      if (call.destroyed || call.writableEnded) return;
      if (!call.write(ACK)) {
        call.pause();
        call.once('drain', () => call.resume());
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => {});
  },
});
server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  console.log(`bare grpc-js server on 127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.forceShutdown());
