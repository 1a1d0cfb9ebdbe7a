/**
 * Reading the files a command is given: regular files only, so that a
 * device or a pipe named by mistake (`/dev/urandom`) is an error at once
 * instead of a read that never ends.
 *
 * @module
 */

/**
 * A file's bytes.
 *
 * @param path The file.
 * @returns Its bytes.
 * @throws Deno's error for a missing or unreadable file (or a directory);
 *   an `Error` "not a regular file" for a device, a pipe or a socket.
 */
export function readInputFile(path: string): Uint8Array {
  const info = Deno.statSync(path);
  if (!info.isFile && !info.isDirectory) {
    throw new Error("not a regular file (a device, a pipe or a socket)");
  }
  return Deno.readFileSync(path);
}

/**
 * A text file's contents, as UTF-8.
 *
 * @param path The file.
 * @returns Its text.
 * @throws As {@linkcode readInputFile}.
 */
export function readInputText(path: string): string {
  return new TextDecoder().decode(readInputFile(path));
}
