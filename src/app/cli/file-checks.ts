/**
 * Checks on the files a command reads or writes, done before anything starts so a wrong path is a usage error
 * (exit 2) naming the option and the file, not a failure halfway through a run.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TapelineError } from '../../schema/errors.js';
import { usageError } from './cli-errors.js';

/** A tape or input file must exist and be a regular file; names the option and the file when not. */
export function checkReadableFile(field: string, file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(`${field} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`);
  }
  if (!isFile) throw usageError(`${field} ${file}: not a regular file`);
}

/** An output file may not exist yet, but its directory must, and it must not be a directory itself. */
export function checkWritableTarget(field: string, file: string): void {
  const dir = dirname(resolve(file));
  let dirOk = false;
  try {
    dirOk = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw usageError(`${field} ${file}: cannot check ${dir}`);
  }
  if (!dirOk) throw usageError(`${field} ${file}: directory ${dir} does not exist`);
  try {
    if (statSync(file).isDirectory()) throw usageError(`${field} ${file}: is a directory, give a file name`);
  } catch (err) {
    if (err instanceof TapelineError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw usageError(`${field} ${file}: cannot be checked`);
  }
}
