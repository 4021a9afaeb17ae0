/** The browser-mode sign-in kept per library (token and last port) in a file only its owner can read. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';

/** What `shoebox serve` reuses across restarts, so a bookmarked address keeps working. */
export interface SignIn {
  token: string;
  /** The port last served on, tried again when `--port` is not given. */
  port: number | null;
}

/** The file, inside the library folder, holding the sign-in (mode 0600). */
export function signInFile(libraryDir: string): string {
  return join(libraryDir, 'browser-sign-in.json');
}

/** A fresh random token (192 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The library's saved sign-in, or a new one when there is none, it is unreadable or `rotate` asks for a new token
 * (the old one then stops working at once). `notice` hears why a saved file was not used.
 */
export async function loadSignIn(libraryDir: string, rotate: boolean, notice: (why: string) => void): Promise<SignIn> {
  const text = await readFile(signInFile(libraryDir), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') notice(`The saved sign-in could not be read (${err.code ?? err.message}); a new one was made.`);
    return null;
  });
  const saved = text === null ? null : parseSignIn(text);
  if (text !== null && saved === null) notice('The saved sign-in file was damaged; a new one was made.');
  if (saved === null || rotate) return { token: newToken(), port: saved?.port ?? null };
  return saved;
}

/** Writes the sign-in atomically with user-only permissions (0600), tightening a file left with wider ones. */
export async function saveSignIn(libraryDir: string, signIn: SignIn): Promise<void> {
  await writeFileAtomic(signInFile(libraryDir), JSON.stringify(signIn) + '\n', { mode: 0o600 });
}

function parseSignIn(text: string): SignIn | null {
  try {
    const value = JSON.parse(text) as Partial<SignIn>;
    if (typeof value.token !== 'string' || !/^[A-Za-z0-9_-]{32,}$/.test(value.token)) return null;
    const port = Number.isInteger(value.port) && value.port! > 0 && value.port! < 65536 ? value.port! : null;
    return { token: value.token, port };
  } catch {
    return null;
  }
}
