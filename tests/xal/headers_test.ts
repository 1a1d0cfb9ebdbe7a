/**
 * XAL's headers (`src/xal/include`) against the ABI of `src/kernel/abi.ts`:
 *
 * - every generated block of the committed headers equals its rendering
 *   (`deno run -A tests/xal/write_headers.ts` rewrites them);
 * - a C file generated from abi.ts (`renderAbiChecks`) compiles with clang
 *   for LEON3: a `_Static_assert` per constant, per struct size and per
 *   field offset, size and type, and a pointer assignment per API function;
 * - XtratuM-style partitions compile to object files with -Wall -Werror
 *   (no linking: libxm comes later).
 *
 * Needs clang; without it the compile tests are skipped with a message
 * (Debian package: clang).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  extractBlocks,
  renderAbiChecks,
  renderBlock,
  renderBlocks,
} from "../../src/kernel/abi_c.ts";
import { HYPERCALL_TRAPS, LIBXM_FUNCTIONS, softwareTrapType } from "../../src/kernel/abi.ts";
import { INCLUDE_DIR } from "./write_headers.ts";

async function have(cmd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

const noClang = !(await have("clang"));
if (noClang) {
  console.log(
    "headers_test: C compile tests skipped, clang is missing; install with: apt-get install clang",
  );
}

/** Every header under src/xal/include, relative paths. */
function headers(dir = INCLUDE_DIR, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isDirectory) out.push(...headers(`${dir}${e.name}/`, `${prefix}${e.name}/`));
    else if (e.name.endsWith(".h")) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

const CFLAGS = [
  "--target=sparc-unknown-none-elf",
  "-mcpu=leon3",
  "-ffreestanding",
  "-nostdinc",
  "-fno-builtin",
  "-fintegrated-as",
  "-std=gnu11",
  "-O2",
  "-Wall",
  "-Werror",
  "-I",
  INCLUDE_DIR,
];

/** Compiles C source to an object file; returns clang's diagnostics on failure. */
async function compile(
  name: string,
  source: string,
  extra: string[] = [],
): Promise<{ ok: boolean; log: string; obj: Uint8Array }> {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-headers-" });
  try {
    await Deno.writeTextFile(`${dir}/${name}`, source);
    const res = await new Deno.Command("clang", {
      args: [...CFLAGS, ...extra, "-c", `${dir}/${name}`, "-o", `${dir}/out.o`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(res.stderr);
    const obj = res.success ? await Deno.readFile(`${dir}/out.o`) : new Uint8Array();
    return { ok: res.success, log, obj };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("headers: every generated block is committed exactly as abi_c.ts renders it", () => {
  const found = new Map<string, string>();
  for (const h of headers()) {
    for (const [id, text] of extractBlocks(Deno.readTextFileSync(`${INCLUDE_DIR}${h}`))) {
      assert.ok(!found.has(id), `block ${id} appears in ${found.get(id)} and ${h}`);
      found.set(id, h);
      const b = renderBlocks().find((x) => x.id === id);
      assert.ok(b, `${h}: block ${id} is not rendered by abi_c.ts`);
      assert.equal(b.header, h, `block ${id} belongs in ${b.header}`);
      assert.equal(
        text,
        renderBlock(b),
        `${h}: block ${id} differs from abi.ts (run: deno run -A tests/xal/write_headers.ts)`,
      );
    }
  }
  for (const b of renderBlocks()) {
    assert.ok(found.has(b.id), `block ${b.id} missing from ${b.header}`);
  }
});

Deno.test("headers: no libc header is included by the XtratuM headers", () => {
  const libc = /#include\s*<(stdio|string|stdlib|assert|ctype|limits|stdarg|stddef|stdint)\.h>/;
  for (const h of headers()) {
    if (
      !h.startsWith("xm_inc/") && !h.startsWith("arch/") && !["xm.h", "irqs.h", "xal.h"].includes(h)
    ) {
      continue;
    }
    assert.doesNotMatch(Deno.readTextFileSync(`${INCLUDE_DIR}${h}`), libc, h);
  }
});

Deno.test("headers: PartitionMain is not prototyped", () => {
  for (const h of headers()) {
    assert.doesNotMatch(Deno.readTextFileSync(`${INCLUDE_DIR}${h}`), /PartitionMain\s*\(/, h);
  }
});

Deno.test("headers: every API function of abi.ts is declared in its header", () => {
  for (const fn of LIBXM_FUNCTIONS) {
    const text = Deno.readTextFileSync(`${INCLUDE_DIR}${fn.header}`) +
      Deno.readTextFileSync(`${INCLUDE_DIR}arch/xmhypercalls.h`);
    assert.match(text, new RegExp(`\\b${fn.name}\\s*\\(`), `${fn.name} in ${fn.header}`);
  }
});

Deno.test({
  name: "headers: the ABI checks generated from abi.ts compile (constants, layouts, prototypes)",
  ignore: noClang,
  async fn() {
    for (const std of ["-std=gnu11", "-std=c11"]) {
      const res = await compile("abi_checks.c", renderAbiChecks(), [std, "-Wextra", "-O0"]);
      assert.ok(res.ok, `abi_checks.c (${std}):\n${res.log}`);
    }
  },
});

Deno.test({
  name: "headers: a wrong value or prototype is caught (the checks have teeth)",
  ignore: noClang,
  async fn() {
    const good = renderAbiChecks();
    const badConst = good.replace(
      '_Static_assert(XM_INVALID_PARAM == (-3), "XM_INVALID_PARAM");',
      '_Static_assert(XM_INVALID_PARAM == (-4), "XM_INVALID_PARAM");',
    );
    assert.notEqual(badConst, good);
    assert.ok(!(await compile("bad1.c", badConst)).ok);
    const badOffset = good.replace(
      "_Static_assert(OFFSETOF(partitionControlTable_t, id) == 28,",
      "_Static_assert(OFFSETOF(partitionControlTable_t, id) == 32,",
    );
    assert.notEqual(badOffset, good);
    assert.ok(!(await compile("bad2.c", badOffset)).ok);
    const badProto = good.replace(
      "xm_s32_t (*p4)(xm_u32_t) = XM_halt_partition;",
      "xm_s32_t (*p4)(xm_s32_t *) = XM_halt_partition;",
    );
    assert.notEqual(badProto, good);
    assert.ok(!(await compile("bad3.c", badProto)).ok);
  },
});

/** XtratuM-style partitions, as XtratuM users write them. */
const EXAMPLES: Record<string, string> = {
  "hello.c": `
#include <xm.h>
#include <stdio.h>

void PartitionMain(void) {
    printf("[P%d] Hello world!\\n", XM_PARTITION_SELF);
    XM_write_console("bye\\n", 4);
}
`,
  "hello_int.c": `
#include <xm.h>
#include <stdio.h>

int PartitionMain(void) {
    partitionControlTable_t *pct = XM_params_get_PCT();
    printf("[P%d] %s reset %u, %u kHz\\n", (int)pct->id, (char *)pct->name,
           pct->resetCounter, pct->cpuKhz);
    if (pct->flags & PARTITION_SYSTEM_F) printf("system\\n");
    return 0;
}
`,
  "trap.c": `
#include <xm.h>
#include <stdio.h>
#include <irqs.h>

static volatile int divisor;

static void DivZeroHandler(trapCtxt_t *ctxt) {
    printf("[P%d] division by zero at 0x%x\\n", XM_PARTITION_SELF, ctxt->pc);
    ctxt->pc = ctxt->nPc;
    ctxt->nPc += 4;
    XM_reset_partition(XM_PARTITION_SELF, 0, XM_WARM_RESET, 0);
}

void PartitionMain(void) {
    xm_u32_t flags;
    InstallTrapHandler(DIVISION_BY_ZERO, DivZeroHandler);
    InstallTrapHandler(MEM_ADDRESS_NOT_ALIGNED, 0);
    HwSaveFlagsCli(flags);
    HwRestoreFlags(flags);
    HwSti();
    if (HwIsSti()) printf("%d\\n", 100 / divisor);
    XM_halt_partition(XM_PARTITION_SELF);
}
`,
  "system.c": `
#include <xm.h>
#include <stdio.h>

#define TARGET 1

void PartitionMain(void) {
    xmPartitionStatus_t status;
    xmSystemStatus_t sys;
    xmPlanStatus_t plan;
    xm_u32_t current;
    xm_s32_t ret;

    XM_suspend_partition(TARGET);
    XM_resume_partition(TARGET);
    ret = XM_get_partition_status(TARGET, &status);
    if (ret == XM_OK && status.state[0] == XM_STATUS_HALTED) printf("halted\\n");
    printf("resets %u, exec %lld us\\n", status.resetCounter, status.execClock[0]);
    if (XM_halt_partition(TARGET) != XM_OK) printf("error\\n");
    XM_reset_partition(TARGET, 0, XM_COLD_RESET, 0);
    XM_get_system_status(&sys);
    printf("MAF %llu\\n", sys.currentMaf);
    XM_get_plan_status(&plan);
    if (XM_switch_sched_plan(1, &current) == XM_NO_ACTION) printf("same plan %d\\n", plan.current);
    XM_memory_copy(TARGET, 0x40100000, XM_PARTITION_SELF, 0x40080000, 64);
    XM_halt_system();
}
`,
  "timer.c": `
#include <xm.h>
#include <stdio.h>
#include <irqs.h>

static volatile int ticks;

static void TimerHandler(trapCtxt_t *ctxt) {
    xmTime_t hw, exec;
    (void)ctxt;
    XM_get_time(XM_HW_CLOCK, &hw);
    XM_get_time(XM_EXEC_CLOCK, &exec);
    printf("[%lld:%lld] IRQ HW Timer\\n", hw, exec);
    ticks++;
}

void PartitionMain(void) {
    xmTime_t now;
    InstallTrapHandler(XAL_XMEXT_TRAP(XM_VT_EXT_HW_TIMER), TimerHandler);
    InstallTrapHandler(XAL_XMEXT_TRAP(XM_VT_EXT_EXEC_TIMER), TimerHandler);
    XM_get_time(XM_HW_CLOCK, &now);
    XM_set_timer(XM_HW_CLOCK, now + 1000000LL, 1000000LL);
    XM_clear_irqmask(0, (1 << XM_VT_EXT_HW_TIMER) | (1 << XM_VT_EXT_EXEC_TIMER));
    XM_enable_irqs();
    while (ticks < 10) XM_idle_self();
    printf("Halting\\n");
    XM_halt_partition(XM_PARTITION_SELF);
}
`,
  "hm_reader.c": `
#include <xm.h>
#include <stdio.h>
#include <string.h>

#define MAX_LOGS 8

void PartitionMain(void) {
    xmHmLog_t logs[MAX_LOGS];
    xmHmStatus_t st;
    xm_s32_t n, i;

    memset(logs, 0, sizeof(logs));
    XM_hm_status(&st);
    printf("[P%d] %d events\\n", XM_PARTITION_SELF, st.noEvents);
    while ((n = XM_hm_read(logs, MAX_LOGS)) > 0) {
        for (i = 0; i < n; i++) {
            xm_u32_t ev = (logs[i].opCode & HMLOG_OPCODE_EVENT_MASK) >> HMLOG_OPCODE_EVENT_BIT;
            xm_u32_t part = (logs[i].opCode & HMLOG_OPCODE_PARTID_MASK) >> HMLOG_OPCODE_PARTID_BIT;
            printf("event %u partition %u at %lld pc 0x%x\\n", ev, part, logs[i].timestamp,
                   logs[i].cpuCtxt.pc);
            if (ev == XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION) printf("div0\\n");
        }
    }
    XM_hm_raise_event(XM_HM_EV_APP_APPLICATION_ERROR);
    XM_idle_self();
}
`,
  "ports_traces.c": `
#include <xm.h>
#include <stdio.h>

void PartitionMain(void) {
    char msg[128];
    xm_u32_t flags;
    xm_s32_t s, q;
    xmSamplingPortStatus_t ss;
    xmQueuingPortInfo_t qi;
    xmTraceEvent_t tr[4];
    xmTraceStatus_t ts;
    xm_u8_t ev[XM_TRACE_PAYLOAD_LENGTH] __attribute__((aligned(8))) = {1, 2, 3};

    s = XM_create_sampling_port("portS", 128, XM_DESTINATION_PORT, XM_INFINITE_TIME);
    q = XM_create_queuing_port("portQ", 16, 128, XM_SOURCE_PORT);
    if (s < 0 || q < 0) XM_halt_partition(XM_PARTITION_SELF);
    if (XM_read_sampling_message(s, msg, sizeof(msg), &flags) > 0 && (flags & XM_COMM_MSG_VALID))
        printf("%s\\n", msg);
    XM_get_sampling_port_status(s, &ss);
    XM_send_queuing_message(q, msg, 16);
    XM_get_queuing_port_info("portQ", &qi);
    XM_trace_event(ev);
    XM_trace_status(XM_PARTITION_SELF, &ts);
    XM_trace_read(XM_PARTITION_SELF, tr, 4);
}
`,
};

Deno.test({
  name: "headers: XtratuM-style partitions compile with -Wall -Werror",
  ignore: noClang,
  async fn() {
    // The libc headers come from another part of XAL; until they exist, a stub stands in.
    const stub = await Deno.makeTempDir({ prefix: "xmbench-libc-stub-" });
    try {
      await Deno.writeTextFile(`${stub}/stdio.h`, "int printf(const char *fmt, ...);\n");
      await Deno.writeTextFile(
        `${stub}/string.h`,
        "void *memset(void *s, int c, unsigned int n);\n",
      );
      for (const [name, source] of Object.entries(EXAMPLES)) {
        for (const opt of ["-O0", "-O2"]) {
          const res = await compile(name, source, [opt, "-idirafter", stub]);
          assert.ok(res.ok, `${name} (${opt}):\n${res.log}`);
          assert.ok(res.obj.length > 0);
        }
      }
    } finally {
      await Deno.remove(stub, { recursive: true });
    }
  },
});

Deno.test({
  name: "headers: the inline asm hypercalls trap with ta 0xf1 and the right number in %o0",
  ignore: noClang,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xmbench-headers-" });
    try {
      await Deno.writeTextFile(
        `${dir}/a.c`,
        "#include <xm.h>\nxm_u32_t f(void) { XM_sparc_set_psr(0x20); return XM_sparc_get_psr(); }\n",
      );
      const res = await new Deno.Command("clang", {
        args: [...CFLAGS, "-S", `${dir}/a.c`, "-o", "-"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(res.success, new TextDecoder().decode(res.stderr));
      const asm = new TextDecoder().decode(res.stdout);
      // clang prints the 7-bit trap field: `ta 0xf1` shows as `ta 113` (0x71), trap type 0xf1.
      const traps = [...asm.matchAll(/\bta\s+(0x[0-9a-f]+|\d+)\b/g)].map((m) => Number(m[1]));
      assert.equal(traps.length, 2, asm);
      for (const n of traps) {
        assert.equal(softwareTrapType(n), HYPERCALL_TRAPS.XM_ASMHYPERCALL_TRAP);
      }
      assert.match(asm, /mov\s+3,\s*%o0/, asm); // sparc_set_psr_nr
      assert.match(asm, /mov\s+2,\s*%o0/, asm); // sparc_get_psr_nr
      assert.match(asm, /mov\s+32,\s*%o1/, asm); // the flags
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "headers: xm.h, irqs.h and xal.h can be included from assembly (__ASSEMBLY__)",
  ignore: noClang,
  async fn() {
    const source = [
      "#include <xm.h>",
      "#include <irqs.h>",
      "#include <xal.h>",
      ".text",
      "start:",
      "  mov halt_partition_nr, %o0",
      "  __XM_HC",
      "  mov sparc_iret_nr, %o0",
      "  __XM_AHC",
      "  set STACK_SIZE, %o1",
      "",
    ].join("\n");
    const res = await compile("start.S", source, ["-D__ASSEMBLY__"]);
    assert.ok(res.ok, res.log);
  },
});
