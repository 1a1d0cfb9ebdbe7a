/**
 * The console object (`OBJ_CLASS_CONSOLE`): `XM_write_console(buf, len)` is
 * libxm's `write_object` on the descriptor (CONSOLE, own id, 0) (research
 * §1.7). The bytes go to the board's UART unchanged (XM-Q's console adds no
 * prefix) and into the trace; the result is the number of bytes written.
 *
 * @module
 */
import { RETURN_CODES } from "../abi.ts";
import type { ObjDesc } from "../abi.ts";
import { fail, type HypercallEnv, type HypercallOutcome, ok } from "./common.ts";

/** The most bytes one console write takes (a bound on the kernel's non-preemptible work). */
export const CONSOLE_MAX_WRITE = 4096;

/**
 * `write_object` on a console descriptor.
 *
 * @param env The environment.
 * @param desc The parsed descriptor.
 * @param buffer The buffer's address.
 * @param size Its size in bytes.
 */
export function writeConsole(
  env: HypercallEnv,
  desc: ObjDesc,
  buffer: number,
  size: number,
): HypercallOutcome {
  if (desc.partitionId !== env.caller.id || desc.id !== 0) {
    return fail(
      RETURN_CODES.XM_INVALID_PARAM,
      `console descriptor names partition ${desc.partitionId} object ${desc.id}, ` +
        `expected partition ${env.caller.id} object 0`,
    );
  }
  const n = size | 0;
  if (n < 0 || n > CONSOLE_MAX_WRITE) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `size ${n} outside [0, ${CONSOLE_MAX_WRITE}]`);
  }
  const bytes = env.readUser(buffer >>> 0, n);
  if (bytes === undefined) {
    return fail(
      RETURN_CODES.XM_INVALID_PARAM,
      `buffer 0x${(buffer >>> 0).toString(16)} not readable`,
    );
  }
  env.console(env.caller.id, bytes);
  return ok(n);
}
