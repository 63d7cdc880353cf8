import type { Server } from 'node:http';

/** A listen() the operator can fix with a setting; its message is the one line they read. */
export class ListenError extends Error {}

const WHERE_SETTINGS = '(in the environment or in .env)';

/** The sentence for a refused listen(), naming the port, the host and the setting to change. */
function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): string | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use by another program: stop it, or choose another port with PORT ${WHERE_SETTINGS}.`;
    case 'EACCES':
      return `Port ${port} on ${host} needs privileges this process does not have (ports below 1024 usually do): choose another port with PORT ${WHERE_SETTINGS}.`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on port ${port} on ${host}: ${host} is not an address of this machine; set HOST ${WHERE_SETTINGS} to one of its addresses, or to 0.0.0.0 for all of them.`;
    default:
      return undefined;
  }
}

/** Starts listening; a refusal the operator can fix rejects with a ListenError, any other as it came. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const sentence = listenFailure(e, port, host);
      reject(sentence ? new ListenError(sentence) : e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
