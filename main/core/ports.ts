/** What core needs from outside: a logger, an event sink and its paths. Built by Electron, the CLI, the server, tests. */
import type { ShoeboxEvents } from '../../preload/contract.js';

/** Structured logging; tests pass a recording one. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Sends one event to every listener (IPC, WebSocket, CLI progress bar, a test's array). */
export type Emit = <K extends keyof ShoeboxEvents>(event: K, payload: Parameters<ShoeboxEvents[K]>[0]) => void;

/** A logger that writes nothing: for tools that print their own output. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger writing one JSON line per message to stderr. */
export const stderrLogger: Logger = {
  info: (message, data) => process.stderr.write(JSON.stringify({ level: 'info', message, ...data }) + '\n'),
  warn: (message, data) => process.stderr.write(JSON.stringify({ level: 'warn', message, ...data }) + '\n'),
  error: (message, data) => process.stderr.write(JSON.stringify({ level: 'error', message, ...data }) + '\n'),
};
