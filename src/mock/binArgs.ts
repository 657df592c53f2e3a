/**
 * Command-line parsing of the emulator's bin (kept apart from `bin.ts`, which starts a server when loaded).
 */

/** Parsed command line. */
export interface BinArgs {
  port: number;
  storagePort?: number;
  host: string;
  processingDelayMs?: number;
  help: boolean;
}

/** Usage text of the bin. */
export const USAGE = `Usage: react-lightreach-documents-mock [--port 4010] [--storage-port 4011] [--host 127.0.0.1] [--processing-delay 200]
Serves an emulator of the LightReach Documents v2 API (and its signed-URL storage) on loopback HTTP.
`;

function toPort(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number (0-65535); got "${value ?? ''}".`);
  }
  return n;
}

/** Parses `argv` (without node and the script) and the environment. Throws with a message on bad input. */
export function parseBinArgs(argv: readonly string[], env: Record<string, string | undefined>): BinArgs {
  const args: BinArgs = {
    port: env.PORT === undefined || env.PORT === '' ? 4010 : toPort(env.PORT, 'PORT'),
    host: '127.0.0.1',
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[(i += 1)];
    switch (flag) {
      case '--port':
      case '-p':
        args.port = toPort(value(), '--port');
        break;
      case '--storage-port':
        args.storagePort = toPort(value(), '--storage-port');
        break;
      case '--host': {
        const host = value();
        if (host === undefined || host === '') throw new Error('--host needs a value.');
        args.host = host;
        break;
      }
      case '--processing-delay': {
        const ms = Number(value());
        if (!Number.isFinite(ms) || ms < 0) throw new Error('--processing-delay must be a number of ms.');
        args.processingDelayMs = ms;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`Unknown option "${arg}".`);
    }
  }
  return args;
}
