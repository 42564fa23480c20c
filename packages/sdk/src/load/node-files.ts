/** Path strings and file: URLs read from disk: Node only (imported by the Node entry point alone). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalFiles } from './source.ts';

/** Why a file could not be read, in words (the error's message names the path already given). */
function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'too large to read at once (2 GB at most)';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

export const nodeFiles: LocalFiles = {
  resolve: (location) => (typeof location === 'string' && !/^file:/i.test(location) ? path.resolve(location) : fileURLToPath(location)),
  async read(file) {
    try {
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      throw new Error(reason(error as NodeJS.ErrnoException));
    }
  },
};
