/**
 * The kernel's boot error ({@linkcode KernelError}) and the hexadecimal
 * rendering its messages use.
 *
 * @module
 */

/** A problem that stops the kernel from booting an image. */
export class KernelError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "KernelError";
  }
}

/** `n` as 8 lowercase hexadecimal digits (unsigned). */
export function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
