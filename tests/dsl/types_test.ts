/**
 * Type safety of the DSL: a user partition's program does not accept the
 * system-only calls (`@ts-expect-error` lines must be errors, or the test
 * file does not type-check), a system partition's does; a program typed for
 * a system partition does not fit a user partition; HM names, board
 * profiles and unit strings are checked by the compiler. The list of
 * system-only calls agrees with the ABI.
 */
import assert from "node:assert/strict";
import { DslError, partition, partitionProgram, system, SYSTEM_ONLY_CALLS } from "../../dsl/mod.ts";
import { HYPERCALLS, LIBXM_FUNCTIONS } from "../../src/kernel/abi.ts";
import { CALLS } from "../../src/xal/program.ts";

Deno.test("types: a system-only step does not compile on a user partition", () => {
  const s = system("t")
    .partition(0, "User", (p) =>
      p.user().area(0x40100000, "64KB").program((prog) => {
        prog.hypercall("XM_idle_self").hypercall("XM_get_time", "XM_HW_CLOCK", 0);
        // @ts-expect-error XM_halt_system is system-only
        prog.hypercall("XM_halt_system");
        // @ts-expect-error the kernel name too
        prog.hypercall("reset_system", 0);
        // @ts-expect-error a libxm system-only service
        prog.hypercall("XM_hm_read", 0, 1);
        prog.repeat(2, (body) => {
          // @ts-expect-error in bodies of loops and handlers as well
          body.hypercall("XM_switch_sched_plan", 1, 0);
        });
        prog.onTrap("DIVISION_BY_ZERO", (h) => {
          // @ts-expect-error system-only
          h.hypercall("XM_reload_watchdog", 0);
        });
      }))
    .partition(
      1,
      "Sys",
      (p) =>
        p.system().area(0x40200000, "64KB").program((prog) =>
          prog.hypercall("XM_halt_system").hypercall("XM_get_system_status", 0)
            .hypercall("XM_resume_partition", 0)
        ),
    );
  assert.equal(s.config().partitions[1].flags.includes("system"), true);
  // partition(...) starts as a user partition
  partition(2).area(0x40300000, "4KB").program((prog) => {
    // @ts-expect-error system-only
    prog.hypercall("XM_resume_partition", 0);
  });
});

Deno.test("types: program builders typed for a kind", () => {
  const user = partitionProgram<"user">().print("u\n");
  const sys = partitionProgram<"system">().hypercall("XM_halt_system");
  partition(0).program(user);
  partition(0).system().program(user); // a user program fits a system partition
  partition(0).system().program(sys);
  // @ts-expect-error a system program does not fit a user partition
  partition(0).program(sys);
  // @ts-expect-error system-only
  partitionProgram<"user">().hypercall("XM_get_system_status", 0);
  // without a type argument, a program for the least privileged kind: it fits both
  const plain = partitionProgram().print("p\n");
  partition(0).program(plain);
  partition(0).system().program(plain);
  // @ts-expect-error system-only: an untyped program is a user partition's
  partitionProgram().hypercall("XM_halt_system");
});

Deno.test("types: flags() gives the partition's kind; changing it after program() is checked", () => {
  const sys = partitionProgram<"system">().hypercall("XM_halt_system");
  partition(0).flags("system", "boot").program(sys);
  partition(0).flags("boot", "system").program((p) => p.hypercall("XM_reset_system", 0));
  // @ts-expect-error flags without "system": a user partition
  partition(0).flags("boot").program(sys);
  // @ts-expect-error flags without "system": a user partition
  partition(0).system().flags("boot").program(sys);
  // a system program given, then the partition made a user one: config() says so
  const late = system("t").partition(
    partition(0, "P0").system().area(0x40100000, "64KB")
      .program((p) => p.repeat(2, (b) => b.hypercall("XM_halt_system"))).user(),
  ).plan(0, "10ms", (pl) => pl.slot("0ms", "10ms", 0));
  assert.throws(() => late.config(), (e: unknown) => {
    assert.ok(e instanceof DslError);
    assert.equal(
      e.message,
      `system("t").partition(0, "P0").program((…) => …): the program makes the system-only ` +
        `call XM_halt_system, but the partition is a user partition: call .user() (or .flags()) ` +
        `before .program(...), or keep it a system partition`,
    );
    return true;
  });
  // a user partition may still name a system-only call known at run time (XM_PERM_ERROR)
  const name: string = "XM_halt_system";
  system("u").partition(
    0,
    "P0",
    (p) => p.area(0x40100000, "64KB").program((x) => x.hypercall(name)),
  )
    .plan(0, "10ms", (pl) => pl.slot("0ms", "10ms", 0)).config();
});

Deno.test("types: names and units are checked by the compiler", () => {
  // builders never throw: config() throws their recorded mistakes
  const bad = (p: unknown) => () =>
    system("s").partition(p as ReturnType<typeof partition>).config();
  // @ts-expect-error a typo in an HM event
  assert.throws(bad(partition(0).hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTON", "XM_HM_AC_HALT")));
  // @ts-expect-error a typo in an HM action
  assert.throws(bad(partition(0).hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_HLAT")));
  // @ts-expect-error a unit that does not exist
  assert.throws(bad(partition(0).area(0x40100000, "64KiB")));
  // @ts-expect-error not a number
  assert.throws(bad(partition(0).temporal("ten ms", "1ms")));
  // @ts-expect-error an unknown board
  assert.throws(() => system("x").board("leon4").config());
  // @ts-expect-error a channel's end needs its port
  assert.throws(() => system("s").channel(sampling("16B").from("P0")).config());
  // @ts-expect-error an unknown area flag
  assert.throws(bad(partition(0).area(0, "4KB", { flags: ["shared"] })));
});

Deno.test("SYSTEM_ONLY_CALLS: the ABI's system-only hypercalls and libxm services", () => {
  const expected = new Set<string>();
  for (const h of HYPERCALLS) {
    if (h.access !== "system") continue;
    expected.add(h.name);
    if (h.libxm !== undefined) expected.add(h.libxm);
  }
  for (const f of LIBXM_FUNCTIONS) if (f.access === "system") expected.add(f.name);
  expected.add("XM_get_system_status"); // system-only in XM-Q's ctrl of the status object
  assert.deepEqual(new Set(SYSTEM_ONLY_CALLS), expected);
  for (const name of SYSTEM_ONLY_CALLS) {
    assert.ok(CALLS.has(name), `${name} is a call a step can make`);
  }
});
