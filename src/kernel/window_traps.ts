/**
 * Register window overflow and underflow (see `kernel.ts`): the kernel
 * spills/fills the window through the partition's stack with its user
 * rights in its context (`windowTrap` cycles); a misaligned or unreachable
 * stack raises the HM event of that fault. The spill and fill are also
 * used by virtual trap delivery and the window assembly hypercalls.
 *
 * @module
 */
import { AccessType } from "../cpu/srmmu.ts";
import { type TrapType, TT } from "../cpu/traps.ts";
import { readWindowRegister, writeWindowRegister } from "../cpu/windows.ts";
import { raiseHm } from "./health_monitor.ts";
import type { KernelState } from "./kernel_state.ts";
import type { Partition } from "./partition.ts";
import { userPhysical } from "./user_memory.ts";

/** Spill (overflow) or fill (underflow) one window through the partition's stack. */
export function windowTrap(k: KernelState, p: Partition, tt: TrapType): void {
  const s = k.machine.cpu.state, n = s.nwindows;
  k.machine.cpu.spend(k.costs.windowTrap);
  // overflow at CWP w: the window to spill is w - 2 (the oldest); underflow: fill w + 1
  if (tt === TT.WINDOW_OVERFLOW) spill(k, p, (s.cwp + n - 2) % n);
  else fill(k, p, (s.cwp + 1) % n);
}

/**
 * Stores window `win`'s locals and ins at its `%sp` with the partition's
 * user rights and marks it invalid (WIM = 1 << win). On a misaligned or
 * unreachable stack raises the HM event of that fault and returns false.
 */
export function spill(k: KernelState, p: Partition, win: number): boolean {
  const cpu = k.machine.cpu, s = cpu.state;
  const pas = stackFrame(k, p, win, true);
  if (pas === undefined) return false;
  for (let i = 0; i < 16; i++) cpu.writePhysical(pas[i]!, 4, readWindowRegister(s, win, 16 + i));
  s.wim = 1 << win;
  return true;
}

/**
 * Loads window `win`'s locals and ins from its `%sp` (the `%fp` of the
 * window below it) and makes it valid (WIM = 1 << (win + 1)). False, with
 * the HM event raised, on a bad stack.
 */
export function fill(k: KernelState, p: Partition, win: number): boolean {
  const cpu = k.machine.cpu, s = cpu.state;
  const pas = stackFrame(k, p, win, false);
  if (pas === undefined) return false;
  for (let i = 0; i < 16; i++) {
    writeWindowRegister(s, win, 16 + i, cpu.readPhysical(pas[i]!, 4) ?? 0);
  }
  s.wim = 1 << ((win + 1) % s.nwindows);
  return true;
}

/** The physical addresses of window `win`'s 16-word save area, or undefined (HM raised). */
function stackFrame(
  k: KernelState,
  p: Partition,
  win: number,
  write: boolean,
): number[] | undefined {
  const s = k.machine.cpu.state;
  const sp = readWindowRegister(s, win, 14) >>> 0;
  const at = write ? AccessType.STORE_USER_DATA : AccessType.LOAD_USER_DATA;
  const access = write ? "write" : "read";
  if (sp % 8 !== 0) {
    raiseHm(k, p, "XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED", TT.MEM_ADDRESS_NOT_ALIGNED, {
      address: sp,
      access,
    });
    return undefined;
  }
  const pas: number[] = [];
  for (let i = 0; i < 16; i++) {
    const pa = userPhysical(k, (sp + 4 * i) >>> 0, at);
    if (pa === undefined) {
      raiseHm(k, p, "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION", TT.DATA_ACCESS_EXCEPTION, {
        address: (sp + 4 * i) >>> 0,
        access,
      });
      return undefined;
    }
    pas.push(pa);
  }
  return pas;
}
