/**
 * Health-monitor tables in the DSL: events and actions by their XM-Q names,
 * typed as string unions (`src/image/hm_tables.ts`), so a typo does not
 * compile. Which action an event allows in which table is the validator's
 * business (`check`), as for XML.
 *
 * ```ts ignore
 * system("demo").hypervisor((h) =>
 *   h.hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_HALT", { log: true })
 * );
 * ```
 *
 * @module
 */
import type { HmEntryConfig } from "../src/image/config.ts";
import {
  HM_ACTION_LIST,
  HM_EVENT_LIST,
  type HmActionName,
  type HmEventName,
  isHmActionName,
  isHmEventName,
} from "../src/image/hm_tables.ts";
import { DslError } from "./errors.ts";

export type { HmActionName, HmEventName } from "../src/image/hm_tables.ts";

/** Options of an HM entry. */
export interface HmOptions {
  /** Whether the event is logged (default true, as XtratuM's examples configure it). */
  readonly log?: boolean;
}

/**
 * One HM table entry, checked at run time too (for callers without types).
 *
 * @param call The builder call, for the error.
 * @param event The event's XM-Q name.
 * @param action The action's XM-Q name.
 * @param options Logging.
 * @returns The entry.
 * @throws {DslError} For an unknown event or action name.
 */
export function hmEntry(
  call: string,
  event: HmEventName,
  action: HmActionName,
  options: HmOptions = {},
): HmEntryConfig {
  if (!isHmEventName(event)) {
    throw new DslError(
      call,
      `event: expected an XM-Q HM event name (${HM_EVENT_LIST[0].name}, ...), found ${
        JSON.stringify(event)
      }`,
    );
  }
  if (!isHmActionName(action)) {
    throw new DslError(
      call,
      `action: expected an XM-Q HM action name (${HM_ACTION_LIST.join(", ")}), found ${
        JSON.stringify(action)
      }`,
    );
  }
  return { event, action, log: options.log ?? true };
}
