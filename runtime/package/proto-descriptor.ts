// rollcall.proto (with rollcall_views.proto, which it imports) as protobufjs's JSON descriptor,
// the form the runtime loads (runtime/grpc/load-proto.ts): parsing the .proto text at every start
// cost a worker more CPU than the rest of its gRPC set-up. `npm run build` rewrites the file from
// the .proto; a test fails when the committed one no longer matches. Not part of the package.
import { join } from 'node:path';
import protobuf from 'protobufjs';

const PROTO_DIR = join(import.meta.dirname, '../grpc/proto');
export const DESCRIPTOR_PATH = join(PROTO_DIR, 'rollcall.descriptor.json');

/** The descriptor's text as parsed now, with field names camelCased as the wire types expect. */
export function protoDescriptor(): string {
  const root = new protobuf.Root();
  root.loadSync(join(PROTO_DIR, 'rollcall.proto'), { keepCase: false });
  root.resolveAll();
  return `${JSON.stringify(root.toJSON(), null, 2)}\n`;
}
