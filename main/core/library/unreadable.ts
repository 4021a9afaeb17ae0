/** Why a file or folder found by a scan cannot be read, in words for the status view; names shown even when not UTF-8. */
import type { Dirent } from 'node:fs';

/** The reason for a file whose name is not valid UTF-8 (the catalog keeps paths as text, so it cannot be opened). */
export const UNDECODABLE_FILE = 'The file name is not valid UTF-8 text, so it cannot be opened: rename it to index it';
/** The same for a folder: nothing below it is seen. */
export const UNDECODABLE_FOLDER = 'The folder name is not valid UTF-8 text, so nothing in it is indexed: rename it';
/** A path that was a regular file when listed but is something else when stat'ed. */
export const NOT_REGULAR = 'Not a regular file (a device, pipe or socket), so it is never read';
/** A link that leads to something other than a regular file or folder. */
export const LINK_TO_SPECIAL = 'Link to a device, pipe or socket (not a regular file), so it is never read';

/** How many bytes a UTF-8 sequence starting with `lead` has (0: it cannot start one). */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

/**
 * A file name as text: valid UTF-8 runs as they are, each byte that is not part of one as `\xNN`, so that two
 * undecodable names stay distinct and a person can recognise the file.
 */
export function escapeName(raw: Buffer): string {
  let out = '';
  let at = 0;
  while (at < raw.length) {
    const lead = raw[at]!;
    const length = utf8SequenceLength(lead);
    const chunk = raw.subarray(at, at + length);
    if (length > 0 && chunk.length === length && Buffer.from(chunk.toString('utf8')).equals(chunk)) {
      out += chunk.toString('utf8');
      at += length;
    } else {
      out += `\\x${lead.toString(16).padStart(2, '0')}`;
      at += 1;
    }
  }
  return out;
}

/** True when the name's bytes are valid UTF-8 (decoding then encoding gives the same bytes). */
export function isUtf8Name(raw: Buffer): boolean {
  return Buffer.from(raw.toString('utf8')).equals(raw);
}

/** Why a directory entry that is neither a file, a folder nor a link is skipped. */
export function specialFileReason(entry: Pick<Dirent, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  const device = entry.isCharacterDevice() || entry.isBlockDevice();
  const what = entry.isFIFO() ? 'a named pipe' : entry.isSocket() ? 'a socket' : device ? 'a device' : 'a special file';
  return `Not a regular file (${what}), so it is never read`;
}

/** Why a file (or link) that could not be stat'ed is skipped. */
export function fileErrorReason(path: string, err: NodeJS.ErrnoException, isLink: boolean): string {
  switch (err.code) {
    case 'ENAMETOOLONG':
      return `The path is too long to open (${path.length} characters)`;
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied: it cannot be read';
    case 'ENOENT':
      return isLink ? 'Broken link: what it points to does not exist' : 'The file vanished while it was scanned';
    case 'ELOOP':
      return 'The link points to itself in a loop';
    default:
      return `It cannot be read (${err.code ?? 'unknown error'})`;
  }
}

/** Why a folder whose contents could not be listed is skipped (reported once for the folder). */
export function folderErrorReason(path: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'Folder cannot be read (permission denied), so nothing in it is indexed';
    case 'ENAMETOOLONG':
      return `Folder path is too long to open (${path.length} characters), so nothing in it is indexed`;
    default:
      return `Folder cannot be read (${err.code ?? 'unknown error'}), so nothing in it is indexed`;
  }
}
