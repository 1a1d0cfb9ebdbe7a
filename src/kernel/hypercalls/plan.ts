/**
 * Plans (research §1.8): `XM_switch_sched_plan(newPlanId, currentPlanId*)`
 * (system partitions only; the access check is the dispatcher's). The
 * pointer must be non-null, 4-byte aligned and writable by the caller
 * (else `XM_INVALID_PARAM`, checked first); then the scheduler answers
 * (`scheduler.ts` `requestPlanSwitch`): `XM_INVALID_PARAM` for plan 0 or a
 * plan that does not exist, `XM_NO_ACTION` for the current plan, else
 * `XM_OK` and the request replaces any pending one. On `XM_OK` the plan in
 * force (the one the switch leaves) is written through the pointer, as
 * XM-Q's `SwitchSchedPlanSys` does; the switch takes effect at the end of
 * the current major frame and is traced there (`plan-switch`).
 * `XM_get_plan_status` is the status object's (`objects.ts`).
 *
 * @module
 */
import { RETURN_CODES } from "../abi.ts";
import { fail, type HypercallHandler, ok, words } from "./common.ts";

/** `switch_sched_plan(newPlanId, currentPlanId)`. */
export const switchSchedPlan: HypercallHandler = (env, [planId, at]) => {
  const va = at! >>> 0;
  if (va === 0 || va % 4 !== 0 || !env.userWritable(va, 4)) {
    return fail(RETURN_CODES.XM_INVALID_PARAM, `pointer 0x${va.toString(16)} not writable`);
  }
  const current = env.planStatus().current;
  const r = env.requestPlanSwitch(planId! | 0);
  if (r === RETURN_CODES.XM_INVALID_PARAM) {
    return fail(r, `no plan ${planId! | 0} to switch to (plan 0 only by a reset)`);
  }
  if (r === RETURN_CODES.XM_NO_ACTION) return fail(r, `plan ${current} is already in force`);
  env.writeUser(va, words(current));
  return ok();
};

/** The plan group's handlers by hypercall name. */
export const PLAN_HYPERCALLS = { switch_sched_plan: switchSchedPlan } as const;
