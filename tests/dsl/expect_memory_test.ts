/**
 * dsl/expect/memory.ts: a memory violation (the access attempted, the HM
 * event and action), the partitions affected and those not (memory and
 * console against a reference run, bytes at an address) — passing and
 * failing, with their reports.
 */
import assert from "node:assert/strict";
import { runImage } from "../../dsl/run.ts";
import { fault } from "../../dsl/fault.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { attacker, failureOf, P0, ticker, twoPartitions, worker } from "./run_fixtures.ts";

const victim = ticker();
const counter = victim.build({ origin: P0 }).program.symbols.get("buf_n")!;
const attacked = runImage(twoPartitions(victim, attacker(P0)), { for: "60ms" });
const reference = runImage(twoPartitions(victim, worker(1000)), { for: "60ms" });

Deno.test("toHaveViolated: the access attempted, the HM event and the action", () => {
  expect(attacked).partition(1).toHaveViolated();
  expect(attacked).partition(1).toHaveViolated({ access: "write", address: P0 });
  expect(attacked).partition(1).toHaveViolated({
    access: "write",
    address: { from: P0, to: P0 + 0x10000 },
    event: "XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION",
    action: "XM_HM_AC_HALT",
  });
  expect(attacked).partition(1).toBeInState("halted");
  expect(attacked).partition(0).not.toHaveViolated();
  expect(reference).partition(1).not.toHaveViolated();
});

Deno.test("toHaveViolated: fails naming what happened instead", () => {
  const wrongAddress = failureOf(() =>
    expect(attacked).partition(1).toHaveViolated({ access: "write", address: P0 + 0x100 })
  );
  assert.match(
    wrongAddress,
    /^expect\(run\)\.partition\(1\)\.toHaveViolated\(\{ access: "write", address: 0x40100100 \}\) failed\n\nExpected: partition 1 to attempt a write at 0x40100100\nReceived: its 1 fault: write at 0x40100000 \(pc 0x4020[0-9a-f]{4}, 11\.072 ms\)\n\nTrace around 11\.072 ms:\n/,
  );
  assert.match(
    wrongAddress,
    /\n> {4}11\.072 ms {2}P1 {3}fault {14}data_access_exception \(tt 0x9\) write 0x40100000 at pc /,
  );
  const wrongAction = failureOf(() =>
    expect(attacked).partition(1).toHaveViolated({ action: "XM_HM_AC_SUSPEND" })
  );
  assert.match(
    wrongAction,
    /Expected: partition 1 to attempt an access, with action XM_HM_AC_SUSPEND\nReceived: it attempted a write at 0x40100000 \(pc 0x4020[0-9a-f]{4}, 11\.072 ms\); the HM raised XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION -> XM_HM_AC_HALT\n/,
  );
  assert.match(
    failureOf(() => expect(reference).partition(1).toHaveViolated({ access: "read" })),
    /Received: partition 1 made no faulting access$/,
  );
});

Deno.test("toBeUnaffectedComparedTo: the victim's memory and console equal the reference run's", () => {
  expect(attacked).partition(0).toBeUnaffectedComparedTo(reference);
  expect(attacked).partition(0).toHaveMemory(counter, 4, new Uint8Array([0, 0, 0, 3]));
  expect(attacked).partition(0).toHaveMemory(P0, 64, reference);
  // the attacker is affected: halted at its fault, it never printed "survived"
  const report = failureOf(() => expect(attacked).partition(1).toBeUnaffectedComparedTo(reference));
  assert.match(
    report,
    /Expected: partition 1's memory and console to equal the reference run's\nReceived: \d+ bytes? of its area at 0x40200000 differ; the first at 0x4020[0-9a-f]{4}: 0x[0-9a-f]{2}, reference 0x[0-9a-f]{2}\nDiffering addresses: 0x4020/,
  );
  assert.match(
    failureOf(() =>
      expect(attacked).partition(1).toBeUnaffectedComparedTo(reference, { memory: false })
    ),
    /Received: its console differs from line 1: "attack\\n", reference "start\\n\[P1\] done\\n"$/,
  );
});

Deno.test("toBeUnaffectedComparedTo: a bit flipped in the victim's memory is found", () => {
  const flipped = runImage(twoPartitions(victim, worker(1000)), {
    for: "60ms",
    faults: [fault.flipMemoryBit({ at: "50ms", address: counter + 3, bit: 7 })],
  });
  const report = failureOf(() => expect(flipped).partition(0).toBeUnaffectedComparedTo(reference));
  const at = `0x${(counter + 3).toString(16)}`;
  assert.match(
    report,
    new RegExp(
      `Received: 1 byte of its area at 0x40100000 differ; the first at ${at}: 0x83, reference 0x03\n`,
    ),
  );
  expect(flipped).partition(0).toBeUnaffectedComparedTo(reference, { memory: false });
  assert.match(
    failureOf(() => expect(flipped).partition(0).toHaveMemory(counter, 4, reference)),
    new RegExp(
      `Received: byte 3 \\(${at}\\) differs\nExpected from ${at}: 03\nReceived from ${at}: 83$`,
    ),
  );
  assert.match(
    failureOf(() => expect(flipped).partition(0).toHaveMemory(0x40200000, 4, new Uint8Array(4))),
    /Received: partition 0 cannot read them$/,
  );
});
