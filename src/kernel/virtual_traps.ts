/**
 * Virtual traps and interrupts (research §2.3; see `kernel.ts`). The
 * partition's virtual TBR is set by `sparc_write_tbr`. On each return to
 * the partition (after a trap, at a context switch to it) the kernel
 * delivers at most one pending item, in XM-Q's order: a software trap or
 * propagated exception (whatever the virtual ET); then, with virtual ET = 1
 * and PIL < 15, the highest pending unmasked hardware line, then extended
 * interrupt (a timer's charging `timerIrqLatency`). Delivery emulates a
 * native trap: the next window (spilled first when it is the invalid one),
 * `%l0` = the virtual PSR, `%l1`/`%l2` = the interrupted pc/nPC (for a `ta`
 * or a fault, the trapping instruction's, as on SPARC: the handler skips
 * it), pc = TBR + 16 * vector, virtual ET cleared until `sparc_iret`. A
 * vector outside the partition's executable memory (no TBR yet) raises
 * `XM_HM_EV_PARTITION_UNRECOVERABLE`.
 *
 * @module
 */
import { AccessType } from "../cpu/srmmu.ts";
import { setCwp } from "../cpu/windows.ts";
import { raiseHm } from "./health_monitor.ts";
import { type KernelState, now, push } from "./kernel_state.ts";
import { type Partition, PSR_EF, PSR_ET, PSR_PIL } from "./partition.ts";
import { syncPct } from "./pct.ts";
import { userPhysical } from "./user_memory.ts";
import { EXT_EXEC_TIMER, EXT_HW_TIMER } from "./virtual_timers.ts";
import { spill } from "./window_traps.ts";

/**
 * Delivers what is pending, in XM-Q's order (research §2.3): a software
 * trap or an HM-propagated exception (whatever the virtual ET), then, only
 * with virtual ET = 1 and PIL < 15, the highest pending unmasked hardware
 * line, then the highest pending unmasked extended interrupt. One
 * delivery per return to the partition: the handler runs with ET = 0.
 */
export function deliverPending(k: KernelState, p: Partition): void {
  const trap = p.pendingTraps.shift();
  if (trap !== undefined) return emulateTrap(k, p, trap);
  if ((p.iFlags & PSR_ET) === 0 || (p.iFlags & PSR_PIL) === PSR_PIL) return;
  const hw = (p.hwIrqsPend & ~p.hwIrqsMask) >>> 0;
  if (hw !== 0) {
    const line = 31 - Math.clz32(hw);
    p.hwIrqsPend = (p.hwIrqsPend & ~(1 << line)) >>> 0;
    p.noVIrqs++;
    return emulateTrap(k, p, p.hwIrq2Vector[line] ?? 0x10 + line);
  }
  const ext = (p.extIrqsPend & ~p.extIrqsMask) >>> 0;
  if (ext !== 0) {
    const n = 31 - Math.clz32(ext);
    p.extIrqsPend = (p.extIrqsPend & ~(1 << n)) >>> 0;
    p.noVIrqs++;
    if (n === EXT_HW_TIMER || n === EXT_EXEC_TIMER) {
      k.machine.cpu.spend(k.costs.timerIrqLatency);
    }
    return emulateTrap(k, p, p.extIrq2Vector[n] ?? 224 + n);
  }
}

/** The PSR as the partition sees it: the hardware's with PIL, ET and EF virtual. */
export function virtualPsr(k: KernelState, p: Partition): number {
  const real = k.machine.cpu.state.psr;
  return ((real & ~(PSR_PIL | PSR_ET | PSR_EF)) | (p.iFlags & (PSR_PIL | PSR_ET | PSR_EF))) >>>
    0;
}

/**
 * Enters the partition's handler for `vector` as a native SPARC trap
 * would (research §2.3): in the next window (spilled first, through the
 * partition's stack, when it is the invalid one), `%l0` = the virtual PSR,
 * `%l1`/`%l2` = the interrupted pc/nPC, at `TBR + 16 * vector`, with
 * virtual ET cleared. A handler address outside the partition's
 * executable memory (no TBR set, or a bad one) raises
 * `XM_HM_EV_PARTITION_UNRECOVERABLE`.
 */
function emulateTrap(k: KernelState, p: Partition, vector: number): void {
  const cpu = k.machine.cpu, s = cpu.state, n = s.nwindows;
  const handler = (p.tbr + 16 * vector) >>> 0;
  if (p.tbr === 0 || userPhysical(k, handler, AccessType.EXEC_USER) === undefined) {
    raiseHm(k, p, "XM_HM_EV_PARTITION_UNRECOVERABLE", vector, {
      address: handler,
      access: "execute",
    });
    return;
  }
  const psr = virtualPsr(k, p);
  const t = (s.cwp + n - 1) % n;
  if ((s.wim >>> t) & 1 && !spill(k, p, (t + n - 1) % n)) return;
  const pc = s.pc, npc = s.npc;
  setCwp(s, t);
  s.r[16] = psr | 0;
  s.r[17] = pc;
  s.r[18] = npc;
  s.pc = handler | 0;
  s.npc = (handler + 4) | 0;
  p.iFlags &= ~PSR_ET;
  syncPct(k, p);
  cpu.attention = true;
  push(k, { kind: "virtual-interrupt", ...now(k), partition: p.id, vector });
}
