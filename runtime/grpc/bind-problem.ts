// Why a gRPC server could not listen, in a few words. Its own file so that a worker's agent
// server can use it without loading the registry's gRPC server and its handlers.

/** grpc-js says "No address added out of total 1 resolved errors: [listen EADDRINUSE: address already in use …]". */
export function bindProblem(message: string): string {
  const inner = /errors: \[(?:listen )?(E[A-Z]+): ([a-z ]+[a-z])/.exec(message);
  return inner ? `${inner[2]} (${inner[1]})` : (message.split('\n')[0] ?? message);
}
