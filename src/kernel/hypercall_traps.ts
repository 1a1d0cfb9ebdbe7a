/**
 * The hypercall traps (see `kernel.ts`): `ta 0xf0`, a hypercall dispatched
 * by `hypercall_dispatch.ts` with its result in `%o0`, resuming at nPC; and
 * `ta 0xf1`, an assembly hypercall (research §1.8): `sparc_iret` (an
 * emulated `rett`: icc from `%l0`, virtual ET set, back to `%l1`/`%l2` in
 * the window above, filled from the stack if it was spilled),
 * `sparc_flush_regwin` (spills every valid window but the current one),
 * `sparc_get_psr` (the hardware PSR with PIL, ET and EF replaced by the
 * virtual ones of the PCT's `iFlags`), `sparc_set_psr` (icc, virtual PIL
 * and ET; EF only for an `fp` partition, and only in `iFlags`: an `fp`
 * partition's FPU stays enabled in hardware, see context_switch.ts), `sparc_set_pil` (PIL 15), `sparc_clear_pil` (PIL 0),
 * `sparc_ctrl_winflow` (makes the window `iret` returns to valid). Both
 * are traced as `hypercall` events.
 *
 * @module
 */
import { setCwp } from "../cpu/windows.ts";
import { ASM_HYPERCALLS, RETURN_CODES, type ReturnCodeName } from "./abi.ts";
import { dispatchHypercall } from "./hypercall_dispatch.ts";
import { hypercallEnv } from "./hypercall_env.ts";
import { type KernelState, now, push } from "./kernel_state.ts";
import { type Partition, PSR_EF, PSR_ET, PSR_PIL } from "./partition.ts";
import { syncPct } from "./pct.ts";
import { virtualPsr } from "./virtual_traps.ts";
import { fill, spill } from "./window_traps.ts";

/** A hypercall (`ta 0xf0`): `%o0` the number, `%o1`-`%o5` the arguments, `%o0` the result. */
export function hypercall(k: KernelState, p: Partition): void {
  const cpu = k.machine.cpu, s = cpu.state;
  const nr = s.r[8]! >>> 0;
  const regs = [s.r[9]!, s.r[10]!, s.r[11]!, s.r[12]!, s.r[13]!];
  const npc = s.npc;
  // resume after the ta; a handler that stops the caller makes this moot
  s.pc = npc;
  s.npc = (npc + 4) | 0;
  const d = dispatchHypercall(hypercallEnv(k, p), nr, regs);
  const name = d.hypercall?.name;
  cpu.spend(
    d.outcome.cost !== undefined
      ? d.outcome.cost
      : name === "get_time"
      ? k.costs.getTime
      : name === "set_timer"
      ? k.costs.setTimer
      : k.costs.hypercall,
  );
  s.r[8] = d.outcome.result | 0;
  push(k, {
    kind: "hypercall",
    ...now(k),
    partition: p.id,
    asm: false,
    number: nr,
    name: d.hypercall?.name ?? null,
    args: d.args,
    result: d.outcome.result,
    resultName: returnCodeName(d.outcome.result, d.outcome.reason !== undefined),
    reason: d.outcome.reason ?? null,
  });
}

/**
 * An assembly hypercall (`ta 0xf1`, research §1.8): `%o0` the number,
 * `%o1` the argument, `%o0` the result for `sparc_get_psr`.
 */
export function asmHypercall(k: KernelState, p: Partition): void {
  const cpu = k.machine.cpu, s = cpu.state, n = s.nwindows;
  const nr = s.r[8]! >>> 0, arg = s.r[9]! >>> 0;
  s.pc = s.npc;
  s.npc = (s.npc + 4) | 0;
  cpu.spend(k.costs.hypercall);
  const hc = ASM_HYPERCALLS.find((h) => h.nr === nr);
  let result: number | null = null, reason: string | null = null;
  switch (hc?.name) {
    case "sparc_iret": {
      // an emulated rett: icc from %l0, virtual ET set, back to %l1/%l2 in the window above
      const psr = s.r[16]!, pc = s.r[17]!, npc = s.r[18]!;
      const up = (s.cwp + 1) % n;
      if ((s.wim >>> up) & 1 && !fill(k, p, up)) return;
      setCwp(s, up);
      s.icc = (psr >>> 20) & 0xf;
      s.pc = pc;
      s.npc = npc;
      p.iFlags |= PSR_ET;
      syncPct(k, p);
      cpu.attention = true;
      break;
    }
    case "sparc_flush_regwin": {
      // spill every valid window but the current one
      const wim = s.wim;
      for (let w = (s.cwp + 1) % n; w !== s.cwp && ((wim >>> w) & 1) === 0; w = (w + 1) % n) {
        if (!spill(k, p, w)) return;
      }
      s.wim = 1 << ((s.cwp + 1) % n);
      break;
    }
    case "sparc_get_psr":
      result = virtualPsr(k, p);
      s.r[8] = result | 0;
      break;
    case "sparc_set_psr": {
      s.icc = (arg >>> 20) & 0xf;
      const ef = p.config.flags.includes("fp") ? PSR_EF : 0;
      p.iFlags = (p.iFlags & ~(PSR_PIL | PSR_ET | PSR_EF)) |
        (arg & (PSR_PIL | PSR_ET | ef));
      syncPct(k, p);
      break;
    }
    case "sparc_set_pil":
      p.iFlags |= PSR_PIL;
      syncPct(k, p);
      break;
    case "sparc_clear_pil":
      p.iFlags &= ~PSR_PIL;
      syncPct(k, p);
      break;
    case "sparc_ctrl_winflow": {
      // make the window the iret returns to valid again
      const up = (s.cwp + 1) % n;
      if ((s.wim >>> up) & 1 && !fill(k, p, up)) return;
      break;
    }
    default:
      result = RETURN_CODES.XM_UNKNOWN_HYPERCALL;
      reason = `no assembly hypercall ${nr}`;
      s.r[8] = result;
  }
  push(k, {
    kind: "hypercall",
    ...now(k),
    partition: p.id,
    asm: true,
    number: nr,
    name: hc?.name ?? null,
    args: hc === undefined || hc.args.length > 0 ? [arg] : [],
    result,
    resultName: result === RETURN_CODES.XM_UNKNOWN_HYPERCALL ? "XM_UNKNOWN_HYPERCALL" : null,
    reason,
  });
}

const CODE_NAMES = new Map<number, ReturnCodeName>(
  (Object.entries(RETURN_CODES) as [ReturnCodeName, number][]).map(([k, v]) => [v, k]),
);

/** The return code's name: for an error, or for 0 (XM_OK); counts returned by a call have none. */
function returnCodeName(result: number, rejected: boolean): ReturnCodeName | null {
  if (rejected || result <= 0) return CODE_NAMES.get(result) ?? null;
  return null;
}
