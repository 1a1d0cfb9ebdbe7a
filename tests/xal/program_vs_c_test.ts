/**
 * The same behaviours written twice (issue 7): once in C with XAL (built
 * with `src/xal/build.ts`: clang and sparc64-linux-gnu-ld, skipped with a
 * note when absent) and once with the toolchain-free builder
 * (`src/xal/program.ts`), run under the same XML configuration
 * (`tests/fixtures/program_vs_c/`), must give the same console output and
 * the same kernel trace events.
 *
 * **Normalisation** (explicit, in `normalise`): the cycle and µs of every
 * event are dropped (the two programs run different instructions, so their
 * timing differs), as are the other timing fields (`idle`'s `untilCycle`/
 * `untilUs`, a timer's `firedAt`, a plan switch's request time) and a
 * fault's `pc`; hypercall arguments whose ABI type is a pointer (`void *`,
 * `xmTime_t *`, ...) are replaced by `"ptr"` (the buffers are at different
 * addresses). The PSR images of `sparc_get_psr` (result) and
 * `sparc_set_psr` (argument) keep their PIL, ET, S, PS and EF bits only:
 * the condition codes and the window pointer (CWP) are the compiled code's
 * (how deep `XM_enable_irqs` is called, the last comparison). Everything
 * else is compared as is: event kinds and order,
 * hypercall names, other arguments and results, console text, state
 * changes, HM events and actions, faults' addresses, virtual interrupt
 * vectors.
 *
 * @module
 */
import assert from "node:assert/strict";
import { buildPartition } from "../../src/xal/build.ts";
import { DENO_BUILD_HOST } from "../../dsl/build_host.ts";
import { ASM_HYPERCALLS, HYPERCALLS, PSR_CONSTANTS } from "../../src/kernel/abi.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import {
  addressOf,
  type PartitionProgram,
  partitionProgram,
  result,
  self,
  trapContext,
  word,
} from "../../src/xal/program.ts";
import { HAS_CLANG, hasCommand, skipNote } from "../e2e/tools.ts";
import { consoleOf, DIR, runSystem } from "../fixtures/program_vs_c/harness.ts";

const TOOLS = HAS_CLANG && hasCommand("sparc64-linux-gnu-ld");
if (!TOOLS) {
  skipNote("program vs C: the C twins cannot be built", "clang binutils-sparc64-linux-gnu");
}

const AREAS = [0x40100000, 0x40200000];

/** One partition of a scenario: its C twin's source and the builder program. */
interface Twin {
  readonly c: string;
  readonly program: PartitionProgram;
}

function cElf(source: string, id: number): Promise<Uint8Array> {
  return buildPartition(DENO_BUILD_HOST, {
    sources: [`${DIR}${source}`],
    address: AREAS[id]!,
    areaSize: 0x10000,
  });
}

const pointerArgs = (asm: boolean, nr: number): boolean[] => {
  const h = (asm ? ASM_HYPERCALLS : HYPERCALLS)[nr];
  if (h === undefined) return [];
  return h.args.flatMap((a) => (a.type === "xmTime_t" ? [false, false] : [a.type.includes("*")]));
};

/** A PSR image without icc and CWP. */
const psrBits = (psr: number) =>
  (psr & ~(PSR_CONSTANTS.PSR_ICC_MASK | PSR_CONSTANTS.PSR_CWP_MASK)) >>> 0;

/** An event without its timing (see the module documentation). */
export function normalise(e: KernelEvent): Record<string, unknown> {
  const { cycle: _c, us: _u, ...rest } = e as KernelEvent & Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  for (const k of ["untilCycle", "untilUs", "firedAt", "requestedCycle", "requestedUs", "pc"]) {
    delete out[k];
  }
  if (e.kind === "hypercall") {
    const ptr = pointerArgs(e.asm, e.number);
    out.args = e.args.map((a, i) => (ptr[i] ? "ptr" : a));
    if (e.asm && e.name === "sparc_get_psr" && e.result !== null) out.result = psrBits(e.result);
    if (e.asm && e.name === "sparc_set_psr") out.args = e.args.map(psrBits);
  }
  return out;
}

/** Runs both versions of a scenario; compares consoles and normalised traces. */
async function compare(
  xml: string,
  twins: readonly Twin[],
  us: number,
): Promise<{
  out: string;
  count: (kind: KernelEvent["kind"]) => number;
  text: (id: number) => string;
}> {
  const cElfs = await Promise.all(twins.map((t, id) => cElf(t.c, id)));
  const pElfs = twins.map((t, id) => t.program.build({ origin: AREAS[id]! }).elf);
  const c = runSystem(xml, cElfs, us);
  const p = runSystem(xml, pElfs, us);
  assert.equal(p.out, c.out);
  const ct = c.kernel.trace.events().map(normalise);
  const pt = p.kernel.trace.events().map(normalise);
  assert.deepEqual(pt, ct);
  return {
    out: p.out,
    count: (kind) => p.kernel.trace.ofKind(kind).length,
    text: (id) => consoleOf(p.kernel, id),
  };
}

const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name: `program vs C: ${name}`, ignore: !TOOLS, fn });

test("hello and numbers", async () => {
  const { out } = await compare("one.xml", [{
    c: "hello.c",
    program: partitionProgram<"system">()
      .printf("[P%d] Hello World!\n", self())
      .printf(
        "[P%d] %d %u %x %08x %lld %llu\n",
        self(),
        -5,
        4000000000,
        0xbeef,
        0xabc,
        -1234567890123n,
        18446744073709551615n,
      )
      .hypercall("XM_get_vcpuid")
      .printf("[P%d] get_vcpuid = %d\n", self(), result()),
  }], 100_000);
  assert.equal(
    out,
    "[P0] Hello World!\n[P0] -5 4000000000 beef 00000abc -1234567890123 18446744073709551615\n" +
      "[P0] get_vcpuid = 0\n",
  );
});

test("a periodic timer with a handler (get_time, set_timer)", async () => {
  const { out, count } = await compare("one.xml", [{
    c: "timer.c",
    program: partitionProgram<"system">()
      .buffer("ticks", 4)
      .buffer("at", 8)
      .onInterrupt(
        "XM_VT_EXT_HW_TIMER",
        (h) => h.increment("ticks").hypercall("XM_get_time", "XM_HW_CLOCK", addressOf("at")),
      )
      .enableInterrupts("XM_VT_EXT_HW_TIMER")
      .setTimer("XM_HW_CLOCK", 1000, 1000)
      .printf("[P%d] set_timer = %d\n", self(), result())
      .waitUntil(word("ticks"), 3)
      .setTimer("XM_HW_CLOCK", 0, 0)
      .printf("[P%d] ticks %d, stop = %d\n", self(), word("ticks"), result()),
  }], 100_000);
  assert.equal(out, "[P0] set_timer = 0\n[P0] ticks 3, stop = 0\n");
  // expiries during the console writes (the UART is slow) coalesce: at least three deliveries
  assert.ok(count("timer") >= 3 && count("virtual-interrupt") >= 3);
});

test("a system partition halts another", async () => {
  const { text } = await compare("two.xml", [
    {
      c: "manager.c",
      program: partitionProgram<"system">()
        .buffer("status", 200)
        .printf("[P%d] start\n", self())
        .idle()
        .hypercall("XM_halt_partition", 1)
        .printf("[P%d] halt P1 = %d\n", self(), result())
        .hypercall("XM_get_partition_status", 1, addressOf("status"))
        .printf("[P%d] status = %d, P1 state %u\n", self(), result(), word("status")),
    },
    {
      c: "worker.c",
      program: partitionProgram<"system">()
        .hypercall("XM_halt_partition", 0)
        .printf("[P%d] halt P0 = %d\n", self(), result())
        .forever((f) => f.printf("[P%d] alive\n", self()).idle()),
    },
  ], 100_000);
  assert.equal(text(0), "[P0] start\n[P0] halt P1 = 0\n[P0] status = 0, P1 state 3\n");
  assert.equal(text(1), "[P1] halt P0 = -4\n[P1] alive\n");
});

test("a memory violation", async () => {
  const { out, count } = await compare("one.xml", [{
    c: "violation.c",
    program: partitionProgram<"system">()
      .printf("[P%d] writing into the kernel\n", self())
      .write(0x40001000, 0xbad)
      .printf("[P%d] after\n", self()),
  }], 100_000);
  assert.match(out, /^\[P0\] writing into the kernel\n/);
  assert.equal(count("fault"), 1);
  assert.equal(count("hm-event"), 1);
});

test("a software trap handler", async () => {
  const { out, count } = await compare("one.xml", [{
    c: "softtrap.c",
    program: partitionProgram<"system">()
      .onTrap(
        0x85,
        (h) =>
          h.printf("[P%d] ta: vector 0x%x\n", self(), trapContext("irqNr"))
            .skipTrappedInstruction(),
      )
      .printf("[P%d] before\n", self())
      .softwareTrap(5)
      .printf("[P%d] after\n", self()),
  }], 100_000);
  assert.equal(out, "[P0] before\n[P0] ta: vector 0x85\n[P0] after\n");
  assert.equal(count("virtual-interrupt"), 1);
});

test("sampling and queuing ports", async () => {
  const { text, count } = await compare("ports.xml", [
    {
      c: "sender.c",
      program: partitionProgram<"system">()
        .buffer("speed", 4)
        .buffer("cmd", 4)
        .createSamplingPort("speed", "SpeedOut", 16, "XM_SOURCE_PORT", 0)
        .createQueuingPort("cmd", "CmdOut", 3, 8, "XM_SOURCE_PORT")
        .printf("[P%d] ports 0x%x 0x%x\n", self(), word("speed"), word("cmd"))
        .writeSamplingMessage("speed", "speed 42")
        .printf("[P%d] write = %d\n", self(), result())
        .sendQueuingMessage("cmd", "go")
        .printf("[P%d] send = %d\n", self(), result())
        .sendQueuingMessage("cmd", "stop")
        .printf("[P%d] send = %d\n", self(), result())
        .buffer("info", 32)
        .buffer("queued", 4)
        .hypercall("XM_get_sampling_port_info", "SpeedOut", addressOf("info"))
        .printf(
          "[P%d] info = %d: max %u, direction %u\n",
          self(),
          result(),
          word("info", 16),
          word("info", 20),
        )
        .hypercall("XM_get_queuing_port_status", word("cmd"), addressOf("queued"))
        .printf("[P%d] status = %d: %u queued\n", self(), result(), word("queued")),
    },
    {
      c: "receiver.c",
      program: partitionProgram<"system">()
        .buffer("speed", 4)
        .buffer("cmd", 4)
        .buffer("msg", 17)
        .buffer("flags", 4)
        .createSamplingPort("speed", "SpeedIn", 16, "XM_DESTINATION_PORT", 0)
        .createQueuingPort("cmd", "CmdIn", 3, 8, "XM_DESTINATION_PORT")
        .printf("[P%d] ports 0x%x 0x%x\n", self(), word("speed"), word("cmd"))
        .readSamplingMessage("speed", "msg", 16, "flags")
        .printf("[P%d] read = %d, flags %u: ", self(), result(), word("flags"))
        .printString("msg")
        .print("\n")
        .repeat(3, (b) =>
          b.store(0, "msg", 0).store(0, "msg", 4)
            .receiveQueuingMessage("cmd", "msg", 8)
            .printf("[P%d] receive = %d: %s\n", self(), result(), addressOf("msg"))),
    },
  ], 100_000);
  // (the UART interleaves the two partitions' lines by timing: compared per partition)
  assert.equal(
    text(0),
    "[P0] ports 0x400000 0x500001\n[P0] write = 0\n[P0] send = 0\n[P0] send = 0\n" +
      "[P0] info = 0: max 16, direction 2\n[P0] status = 0: 2 queued\n",
  );
  assert.equal(
    text(1),
    "[P1] ports 0x400402 0x500403\n[P1] read = 8, flags 1: speed 42\n" +
      "[P1] receive = 2: go\n[P1] receive = 4: stop\n[P1] receive = -7: \n",
  );
  assert.ok(count("port") >= 5); // writes, sends, reads, receives (and creations)
});
