/**
 * The cyclic scheduler (src/kernel/scheduler.ts) against research
 * xtratum.md §6 and §1.8: slot boundaries to the µs, idle gaps, plan
 * switches at the MAF end, the maintenance switch, late calls, readiness,
 * idle_self, plan status, next-event times. Plans from
 * tests/fixtures/xmcf/{plans,timers}.xml and built by hand.
 */
import assert from "node:assert/strict";
import type { PlanConfig, SlotConfig } from "../../src/image/config.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { RETURN_CODES } from "../../src/kernel/abi.ts";
import {
  CyclicScheduler,
  type CyclicSchedulerOptions,
  type Decision,
  type SchedulerEvent,
} from "../../src/kernel/scheduler.ts";

const { XM_OK, XM_NO_ACTION, XM_INVALID_PARAM } = RETURN_CODES;
const MS = 1000;

/** The plans of processor 0 of a fixture. */
function fixturePlans(name: string): readonly PlanConfig[] {
  const file = new URL(`../fixtures/xmcf/${name}`, import.meta.url);
  const result = readConfigXml(Deno.readTextFileSync(file), name);
  assert.ok(result.config, `${name} does not read`);
  return result.config.hardware.processors[0].plans;
}

const PLANS = fixturePlans("plans.xml");
const TIMERS = fixturePlans("timers.xml");

/** A slot: `[start, duration, partition]` plus options. */
function slot(
  id: number,
  start: number,
  duration: number,
  partitionId: number,
  extra: Partial<SlotConfig> = {},
): SlotConfig {
  return { id, start, duration, partitionId, vCpuId: 0, flags: [], ...extra };
}

function plan(id: number, majorFrame: number, slots: SlotConfig[]): PlanConfig {
  return { id, majorFrame, slots };
}

/** One event as a short string: `+P2/s0@0`, `-P2/s0@400000`, `maf0@0`, `plan0>2@2000000`. */
function show(e: SchedulerEvent): string {
  switch (e.kind) {
    case "slotStart":
    case "slotEnd": {
      const sign = e.kind === "slotStart" ? "+" : "-";
      const flags = (e.missed ? " missed" : "") + (e.terminated ? " terminated" : "");
      return `${sign}P${e.partitionId}/s${e.slotId}@${e.time}${flags}`;
    }
    case "mafStart":
      return `maf${e.planId}@${e.time}`;
    case "planSwitch":
      return `plan${e.from}>${e.to}@${e.time}${e.cause === "maintenance" ? " maintenance" : ""}${
        e.emptyPlan ? " empty" : ""
      }`;
  }
}

const shows = (d: Decision) => d.events.map(show);

/** Who runs: `P<n>` or `idle:<reason>`. */
const who = (d: Decision) => d.partitionId === undefined ? `idle:${d.idle}` : `P${d.partitionId}`;

/** The partition a plan gives the processor to at offset `t` of its MAF (the oracle). */
function oracle(p: PlanConfig, t: number): number | undefined {
  const s = p.slots.find((s) => s.start <= t && t < s.start + s.duration);
  return s?.partitionId;
}

/** Walks from `from` to `to` jumping from event to event, as the kernel does when idle. */
function walk(s: CyclicScheduler, from: number, to: number): { times: number[]; events: string[] } {
  const times: number[] = [];
  const events: string[] = [];
  let now = from;
  while (now <= to) {
    const d = s.at(now);
    times.push(now);
    events.push(...shows(d));
    assert.ok(d.nextEvent > now, `next event ${d.nextEvent} not after ${now}`);
    assert.equal(s.nextEvent(), d.nextEvent);
    now = d.nextEvent;
  }
  return { times, events };
}

// ---------------------------------------------------------------------------------------------
// Slot boundaries and idle gaps
// ---------------------------------------------------------------------------------------------

Deno.test("plans.xml plan 0: every slot boundary exact to the µs", () => {
  const s = new CyclicScheduler(PLANS);
  const order = [2, 0, 1, 0, 1];
  for (let maf = 0; maf < 3; maf++) {
    for (let k = 0; k < 5; k++) {
      const start = maf * 2000 * MS + k * 400 * MS;
      if (start > 0) assert.equal(who(s.at(start - 1)), `P${order[(k + 4) % 5]}`);
      const d = s.at(start);
      assert.equal(who(d), `P${order[k]}`, `at ${start}`);
      assert.equal(d.slot?.index, k);
      assert.equal(d.slot?.start, start);
      assert.equal(d.slot?.end, start + 400 * MS);
      assert.equal(d.nextEvent, start + 400 * MS);
      assert.equal(d.slotStarted, true);
      assert.equal(d.mafStart, maf * 2000 * MS);
      assert.equal(d.mafEnd, (maf + 1) * 2000 * MS);
      assert.equal(d.planId, 0);
      const d2 = s.at(start + 1);
      assert.equal(d2.slotStarted, false, "a slot starts once");
      assert.deepEqual(d2.events, []);
    }
  }
});

Deno.test("plans.xml plan 0: the events of the first two MAFs, walked event by event", () => {
  const s = new CyclicScheduler(PLANS);
  const { times, events } = walk(s, 0, 4000 * MS);
  assert.deepEqual(
    times,
    [0, 400, 800, 1200, 1600, 2000, 2400, 2800, 3200, 3600, 4000].map((t) => t * MS),
  );
  const maf = (base: number) => [
    `maf0@${base}`,
    `+P2/s0@${base}`,
    `-P2/s0@${base + 400 * MS}`,
    `+P0/s1@${base + 400 * MS}`,
    `-P0/s1@${base + 800 * MS}`,
    `+P1/s2@${base + 800 * MS}`,
    `-P1/s2@${base + 1200 * MS}`,
    `+P0/s3@${base + 1200 * MS}`,
    `-P0/s3@${base + 1600 * MS}`,
    `+P1/s4@${base + 1600 * MS}`,
    `-P1/s4@${base + 2000 * MS}`,
  ];
  assert.deepEqual(events, [
    ...maf(0),
    ...maf(2000 * MS),
    `maf0@${4000 * MS}`,
    `+P2/s0@${4000 * MS}`,
  ]);
});

Deno.test("timers.xml: the 500 µs slot, the 500 µs idle tail, schedInfo", () => {
  const s = new CyclicScheduler(TIMERS);
  const d0 = s.at(0);
  assert.equal(who(d0), "P0");
  assert.deepEqual(d0.slot?.schedInfo, {
    noSlot: 0,
    releasePoint: true,
    id: 0,
    slotDuration: 100 * MS,
  });
  const d1 = s.at(100 * MS);
  assert.deepEqual(d1.slot?.schedInfo, {
    noSlot: 1,
    releasePoint: false,
    id: 1,
    slotDuration: 150 * MS,
  });
  assert.equal(who(s.at(998_999)), "P1");
  const d8 = s.at(999_000);
  assert.equal(who(d8), "P1");
  assert.deepEqual(shows(d8), ["-P1/s7@999000", "+P1/s8@999000"]);
  assert.equal(d8.slotStarted, true, "a new slot of the same partition is a slot start");
  assert.deepEqual(d8.slot?.schedInfo, {
    noSlot: 8,
    releasePoint: false,
    id: 8,
    slotDuration: 500,
  });
  assert.equal(d8.nextEvent, 999_500);
  assert.equal(who(s.at(999_499)), "P1");
  const gap = s.at(999_500);
  assert.equal(who(gap), "idle:gap");
  assert.equal(gap.slot, undefined);
  assert.equal(gap.nextEvent, 1_000_000);
  assert.deepEqual(shows(gap), ["-P1/s8@999500"]);
  assert.equal(who(s.at(999_999)), "idle:gap");
  const next = s.at(1_000_000);
  assert.deepEqual(shows(next), ["maf0@1000000", "+P0/s0@1000000"]);
  assert.equal(next.slotStarted, true);
});

Deno.test("timers.xml: every µs of two MAFs matches the plan", () => {
  const p = TIMERS[0];
  const s = new CyclicScheduler(TIMERS);
  for (let now = 0; now < 2 * p.majorFrame; now++) {
    const d = s.at(now);
    const expected = oracle(p, now % p.majorFrame);
    assert.equal(d.partitionId, expected, `at ${now}`);
    if (expected === undefined) assert.equal(d.idle, "gap");
  }
});

Deno.test("idle gaps: before the first slot, between slots, after the last", () => {
  const p = plan(0, 1000, [slot(0, 100, 200, 1), slot(1, 500, 100, 2)]);
  const s = new CyclicScheduler([p]);
  const d0 = s.at(0);
  assert.equal(who(d0), "idle:gap");
  assert.deepEqual(shows(d0), ["maf0@0"]);
  assert.equal(d0.nextEvent, 100);
  assert.equal(who(s.at(99)), "idle:gap");
  assert.equal(who(s.at(100)), "P1");
  assert.equal(who(s.at(299)), "P1");
  const gap = s.at(300);
  assert.equal(who(gap), "idle:gap");
  assert.equal(gap.nextEvent, 500);
  assert.equal(who(s.at(500)), "P2");
  const tail = s.at(600);
  assert.equal(who(tail), "idle:gap");
  assert.equal(tail.nextEvent, 1000);
  assert.equal(tail.mafEnd, 1000);
  const { times, events } = walk(s, 1000, 2000);
  assert.deepEqual(times, [1000, 1100, 1300, 1500, 1600, 2000]);
  assert.deepEqual(events, [
    "maf0@1000",
    "+P1/s0@1100",
    "-P1/s0@1300",
    "+P2/s1@1500",
    "-P2/s1@1600",
    "maf0@2000",
  ]);
  // every µs of three MAFs against the oracle
  const t = new CyclicScheduler([p]);
  for (let now = 0; now < 3000; now++) assert.equal(t.at(now).partitionId, oracle(p, now % 1000));
});

Deno.test("a MAF with no slot for a partition: plans.xml plan 2 never runs Partition0", () => {
  const s = new CyclicScheduler(PLANS);
  assert.equal(s.requestPlanSwitch(2, 0), XM_OK);
  const runs = new Set<number | undefined>();
  for (let now = 2000 * MS; now < 2000 * MS + 3 * 800 * MS; now += 100 * MS) {
    const d = s.at(now);
    assert.equal(d.planId, 2);
    runs.add(d.partitionId);
  }
  assert.deepEqual([...runs].sort(), [1, 2]);
});

// ---------------------------------------------------------------------------------------------
// Plan switches
// ---------------------------------------------------------------------------------------------

Deno.test("plan status after reset: current 0, next 0, prev -1, switchTime 0", () => {
  const s = new CyclicScheduler(PLANS);
  assert.deepEqual(s.planStatus(0), { switchTime: 0, next: 0, current: 0, prev: -1 });
  assert.deepEqual(s.planStatus(1_234_567), { switchTime: 0, next: 0, current: 0, prev: -1 });
});

Deno.test("plan switch requested mid-slot takes effect exactly at the MAF end", () => {
  const s = new CyclicScheduler(PLANS);
  s.at(0);
  assert.equal(s.requestPlanSwitch(2, 500 * MS), XM_OK);
  assert.deepEqual(s.planStatus(500 * MS), {
    switchTime: 500 * MS,
    next: 2,
    current: 0,
    prev: -1,
  });
  const before = s.at(2000 * MS - 1);
  assert.equal(before.planId, 0);
  assert.equal(who(before), "P1");
  assert.equal(before.nextEvent, 2000 * MS);
  const d = s.at(2000 * MS);
  assert.equal(d.planId, 2);
  assert.equal(who(d), "P2");
  assert.equal(d.mafStart, 2000 * MS);
  assert.equal(d.mafEnd, 2800 * MS);
  assert.equal(d.slotStarted, true);
  assert.deepEqual(shows(d).slice(-4), [
    "-P1/s4@2000000",
    "plan0>2@2000000",
    "maf2@2000000",
    "+P2/s0@2000000",
  ]);
  assert.deepEqual(s.planStatus(2000 * MS), {
    switchTime: 500 * MS,
    next: 2,
    current: 2,
    prev: 0,
  });
  // plan 2 from then on: 800 ms MAFs
  const { events } = walk(s, 2000 * MS + 1, 3600 * MS);
  assert.deepEqual(events, [
    "-P2/s0@2400000",
    "+P1/s1@2400000",
    "-P1/s1@2800000",
    "maf2@2800000",
    "+P2/s0@2800000",
    "-P2/s0@3200000",
    "+P1/s1@3200000",
    "-P1/s1@3600000",
    "maf2@3600000",
    "+P2/s0@3600000",
  ]);
});

Deno.test("two requests in one MAF: the last wins", () => {
  for (const [first, last] of [[1, 2], [2, 1]]) {
    const s = new CyclicScheduler(PLANS);
    assert.equal(s.requestPlanSwitch(first, 100), XM_OK);
    assert.equal(s.requestPlanSwitch(last, 200), XM_OK);
    assert.deepEqual(s.planStatus(300), { switchTime: 200, next: last, current: 0, prev: -1 });
    const d = s.at(2000 * MS);
    assert.equal(d.planId, last);
    assert.ok(shows(d).includes(`plan0>${last}@2000000`));
    assert.equal(shows(d).filter((e) => e.startsWith("plan")).length, 1);
  }
});

Deno.test("requests: plan 0, bad ids and the current plan are refused", () => {
  const s = new CyclicScheduler(PLANS);
  assert.equal(s.requestPlanSwitch(0, 10), XM_INVALID_PARAM, "XM-Q: plan 0 only by reset");
  assert.equal(s.requestPlanSwitch(-1, 10), XM_INVALID_PARAM);
  assert.equal(s.requestPlanSwitch(3, 10), XM_INVALID_PARAM, "no such plan in the system");
  assert.equal(s.requestPlanSwitch(1.5, 10), XM_INVALID_PARAM);
  assert.deepEqual(s.planStatus(10), { switchTime: 0, next: 0, current: 0, prev: -1 });
  // in plan 2, with a request for plan 1 pending: asking for plan 2 again is no action
  assert.equal(s.requestPlanSwitch(2, 20), XM_OK);
  s.at(2000 * MS);
  assert.equal(s.requestPlanSwitch(1, 2000 * MS + 5), XM_OK);
  assert.equal(s.requestPlanSwitch(2, 2000 * MS + 6), XM_NO_ACTION);
  assert.equal(s.requestPlanSwitch(0, 2000 * MS + 7), XM_INVALID_PARAM);
  assert.deepEqual(s.planStatus(2000 * MS + 8), {
    switchTime: 2000 * MS + 5,
    next: 1,
    current: 2,
    prev: 0,
  });
  assert.equal(s.at(2800 * MS).planId, 1, "the pending request survived");
});

Deno.test("a plan that exists in the system but not on this processor: an empty idle plan", () => {
  const s = new CyclicScheduler(PLANS, { systemPlanIds: [0, 1, 2, 3] });
  assert.equal(s.requestPlanSwitch(3, 700 * MS), XM_OK);
  assert.equal(s.requestPlanSwitch(4, 700 * MS), XM_INVALID_PARAM);
  const d = s.at(2000 * MS);
  assert.deepEqual(shows(d).slice(-3), [
    "-P1/s4@2000000 missed",
    "plan0>3@2000000 empty",
    "maf3@2000000",
  ]);
  assert.equal(d.planId, 3);
  assert.equal(d.emptyPlan, true);
  assert.equal(who(d), "idle:gap");
  assert.equal(d.mafEnd, 4000 * MS, "keeps the major frame of the plan it replaced");
  assert.equal(d.nextEvent, 4000 * MS);
  assert.deepEqual(s.planStatus(2000 * MS), {
    switchTime: 700 * MS,
    next: 3,
    current: 3,
    prev: 0,
  });
  assert.equal(s.requestPlanSwitch(3, 2100 * MS), XM_NO_ACTION);
  assert.equal(s.requestPlanSwitch(2, 2100 * MS), XM_OK);
  const idle = s.at(3999 * MS);
  assert.equal(who(idle), "idle:gap");
  assert.deepEqual(idle.events, []);
  const back = s.at(4000 * MS);
  assert.deepEqual(shows(back), ["plan3>2@4000000", "maf2@4000000", "+P2/s0@4000000"]);
  assert.equal(back.emptyPlan, false);
  assert.equal(who(back), "P2");
});

Deno.test("a late call across a pending switch: the switch at the first MAF end, then the new plan's MAFs", () => {
  const s = new CyclicScheduler(PLANS);
  assert.equal(s.requestPlanSwitch(2, 100), XM_OK);
  const now = 2000 * MS + 3 * 800 * MS + 500 * MS; // 4.9 s: in slot 1 of plan 2's fourth MAF
  const d = s.at(now);
  assert.equal(d.planId, 2);
  assert.equal(d.mafStart, 4400 * MS);
  assert.equal(who(d), "P1");
  assert.equal(d.slotStarted, true);
  assert.equal(d.nextEvent, 5200 * MS);
  const events = shows(d);
  assert.equal(events.filter((e) => e.startsWith("plan")).join(), "plan0>2@2000000");
  assert.deepEqual(events.filter((e) => e.startsWith("maf")), [
    "maf0@0",
    "maf2@2000000",
    "maf2@2800000",
    "maf2@3600000",
    "maf2@4400000",
  ]);
  assert.deepEqual(events.slice(-3), [
    "+P2/s0@4400000 missed",
    "-P2/s0@4800000 missed",
    "+P1/s1@4800000",
  ]);
});

// ---------------------------------------------------------------------------------------------
// Maintenance
// ---------------------------------------------------------------------------------------------

Deno.test("switch to maintenance: immediate, the current slot terminated", () => {
  const s = new CyclicScheduler(PLANS);
  s.at(0);
  assert.equal(s.requestPlanSwitch(2, 450 * MS), XM_OK);
  assert.equal(who(s.at(500 * MS)), "P0");
  assert.equal(s.switchToMaintenanceNow(500 * MS), XM_OK);
  const d = s.at(500 * MS);
  assert.deepEqual(shows(d), [
    "-P0/s1@500000 terminated",
    "plan0>1@500000 maintenance",
    "maf1@500000",
    "+P2/s0@500000",
  ]);
  assert.equal(who(d), "P2");
  assert.equal(d.slotStarted, true);
  assert.equal(d.planId, 1);
  assert.equal(d.mafStart, 500 * MS);
  assert.equal(d.mafEnd, 1700 * MS);
  assert.equal(d.nextEvent, 900 * MS);
  assert.deepEqual(s.planStatus(500 * MS), {
    switchTime: 500 * MS,
    next: 1,
    current: 1,
    prev: 0,
  });
  // the pending request for plan 2 was dropped: plan 1 goes on at its MAF end
  assert.equal(s.at(1700 * MS).planId, 1);
  assert.equal(s.switchToMaintenanceNow(1800 * MS), XM_NO_ACTION);
  const same = s.at(1800 * MS);
  assert.deepEqual(same.events, []);
  assert.equal(same.mafStart, 1700 * MS, "already in maintenance: the MAF goes on");
  assert.equal(who(same), "P2");
});

Deno.test("switch to maintenance in an idle gap, and without a plan 1", () => {
  const p0 = plan(0, 1000, [slot(0, 100, 100, 1)]);
  const p1 = plan(1, 300, [slot(0, 50, 100, 2)]);
  const s = new CyclicScheduler([p0, p1]);
  s.at(0);
  assert.equal(s.switchToMaintenanceNow(250), XM_OK);
  const d = s.at(250);
  assert.deepEqual(shows(d), [
    "+P1/s0@100 missed",
    "-P1/s0@200 missed",
    "plan0>1@250 maintenance",
    "maf1@250",
  ]);
  assert.equal(who(d), "idle:gap");
  assert.equal(d.nextEvent, 300);
  assert.equal(who(s.at(300)), "P2");

  const lone = new CyclicScheduler([p0]);
  assert.equal(lone.switchToMaintenanceNow(150), XM_OK);
  const e = lone.at(150);
  assert.deepEqual(shows(e), [
    "maf0@0",
    "+P1/s0@100",
    "-P1/s0@150 terminated",
    "plan0>1@150 maintenance empty",
    "maf1@150",
  ]);
  assert.equal(e.emptyPlan, true);
  assert.equal(e.mafEnd, 1150);
  assert.equal(who(e), "idle:gap");
});

Deno.test("a pending request issued in maintenance takes effect at the maintenance MAF's end", () => {
  const s = new CyclicScheduler(PLANS);
  s.switchToMaintenanceNow(100 * MS);
  assert.equal(s.requestPlanSwitch(2, 200 * MS), XM_OK);
  assert.equal(s.at(1300 * MS - 1).planId, 1);
  const d = s.at(1300 * MS);
  assert.deepEqual(shows(d).slice(-3), ["plan1>2@1300000", "maf2@1300000", "+P2/s0@1300000"]);
  assert.deepEqual(s.planStatus(1300 * MS), {
    switchTime: 200 * MS,
    next: 2,
    current: 2,
    prev: 1,
  });
});

// ---------------------------------------------------------------------------------------------
// Late calls
// ---------------------------------------------------------------------------------------------

Deno.test("a late call crossing several MAFs reports every event; MAF start moves in whole MAFs", () => {
  const s = new CyclicScheduler(PLANS);
  s.at(0);
  const d = s.at(4500 * MS);
  assert.equal(d.mafStart, 4000 * MS);
  assert.equal(d.mafEnd, 6000 * MS);
  assert.equal(who(d), "P0");
  assert.equal(d.slot?.index, 1);
  assert.equal(d.slot?.start, 4400 * MS);
  assert.equal(d.slotStarted, true, "the slot was entered late, but entered in this call");
  assert.equal(d.nextEvent, 4800 * MS);
  const events = shows(d);
  // the rest of slot 0, slots 1-4 of MAF 0, MAF 1 whole, MAF 2 up to slot 1
  assert.equal(events.length, 1 + 8 + 1 + 10 + 1 + 3);
  assert.equal(events[0], "-P2/s0@400000", "slot 0 ran: not missed");
  assert.deepEqual(events.filter((e) => e.startsWith("maf")), ["maf0@2000000", "maf0@4000000"]);
  assert.ok(events.slice(1, -1).every((e) => e.startsWith("maf") || e.endsWith(" missed")));
  assert.deepEqual(events.slice(-4), [
    "maf0@4000000",
    "+P2/s0@4000000 missed",
    "-P2/s0@4400000 missed",
    "+P0/s1@4400000",
  ]);
});

Deno.test("late calls report the same timeline as a walk event by event", () => {
  // a seeded walk with irregular steps against one at every event
  const plans = [
    plan(0, 1000, [
      slot(0, 0, 100, 1),
      slot(1, 250, 250, 2),
      slot(2, 500, 1, 1),
      slot(3, 900, 100, 3),
    ]),
    plan(2, 700, [slot(0, 10, 200, 3), slot(1, 210, 490, 2)]),
  ];
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const fine = new CyclicScheduler(plans);
  const coarse = new CyclicScheduler(plans);
  const fineEvents: string[] = [];
  const coarseEvents: string[] = [];
  let now = 0;
  const end = 20_000;
  const unflag = (e: string) => e.replace(" missed", "");
  while (now <= end) {
    if (random(5) === 0) {
      const id = random(2) === 0 ? 2 : 1;
      const expected = fine.requestPlanSwitch(id, now);
      assert.equal(coarse.requestPlanSwitch(id, now), expected);
    }
    const step = 1 + random(2500);
    const target = Math.min(now + step, end);
    // fine: every event up to target
    let t = now;
    for (;;) {
      const d = fine.at(t);
      fineEvents.push(...shows(d));
      if (d.nextEvent > target) break;
      t = d.nextEvent;
    }
    const fd = fine.at(target);
    fineEvents.push(...shows(fd));
    const cd = coarse.at(target);
    coarseEvents.push(...shows(cd).map(unflag));
    assert.equal(cd.partitionId, fd.partitionId, `at ${target}`);
    assert.equal(cd.planId, fd.planId);
    assert.equal(cd.mafStart, fd.mafStart);
    assert.equal(cd.nextEvent, fd.nextEvent);
    assert.deepEqual(coarse.planStatus(target), fine.planStatus(target));
    if (target === end) break;
    now = target;
  }
  assert.deepEqual(coarseEvents, fineEvents);
  assert.ok(fineEvents.some((e) => e.startsWith("plan0>2")));
});

// ---------------------------------------------------------------------------------------------
// Readiness and idle_self
// ---------------------------------------------------------------------------------------------

Deno.test("a halted partition's slots stay idle, never given to another partition", () => {
  const halted = new Set([0]);
  const asked: string[] = [];
  const options: CyclicSchedulerOptions = {
    isReady: (p, v) => {
      asked.push(`${p}/${v}`);
      return !halted.has(p);
    },
  };
  const s = new CyclicScheduler(PLANS, options);
  assert.equal(who(s.at(0)), "P2");
  const d = s.at(400 * MS);
  assert.equal(who(d), "idle:notReady");
  assert.equal(d.slot?.config.partitionId, 0);
  assert.equal(d.slotStarted, false);
  assert.equal(d.nextEvent, 800 * MS, "idle until the slot's end");
  assert.deepEqual(shows(d), ["-P2/s0@400000", "+P0/s1@400000"], "slot events go on");
  assert.equal(who(s.at(799_999)), "idle:notReady");
  assert.equal(who(s.at(800 * MS)), "P1");
  assert.equal(who(s.at(1200 * MS)), "idle:notReady");
  assert.ok(asked.includes("0/0"));
  // resumed inside its slot: runs for the rest of it, without a slot start
  halted.delete(0);
  const resumed = s.at(1300 * MS);
  assert.equal(who(resumed), "P0");
  assert.equal(resumed.slotStarted, false);
  assert.equal(who(s.at(2400 * MS)), "P0");
});

Deno.test("idle_self: idle for the rest of the slot, run again at the next own slot", () => {
  const s = new CyclicScheduler(PLANS);
  s.at(400 * MS);
  s.idleSelf(450 * MS);
  const d = s.at(450 * MS);
  assert.equal(who(d), "idle:idleSelf");
  assert.equal(d.slot?.config.partitionId, 0);
  assert.equal(d.nextEvent, 800 * MS);
  assert.equal(who(s.at(799_999)), "idle:idleSelf");
  assert.equal(who(s.at(800 * MS)), "P1", "the next slot's partition runs");
  const again = s.at(1200 * MS);
  assert.equal(who(again), "P0");
  assert.equal(again.slotStarted, true);
});

Deno.test("idle_self with back-to-back slots of one partition, and in a gap", () => {
  const p = plan(0, 1000, [slot(0, 0, 100, 1), slot(1, 100, 100, 1), slot(2, 300, 100, 2)]);
  const s = new CyclicScheduler([p]);
  s.idleSelf(50);
  assert.equal(who(s.at(50)), "idle:idleSelf");
  const next = s.at(100);
  assert.equal(who(next), "P1");
  assert.equal(next.slotStarted, true);
  s.idleSelf(250); // in the gap: nothing to yield
  assert.equal(who(s.at(250)), "idle:gap");
  assert.equal(who(s.at(300)), "P2");
  // a maintenance switch ends the yielded slot too
  s.idleSelf(310);
  assert.equal(who(s.at(310)), "idle:idleSelf");
  s.switchToMaintenanceNow(320);
  assert.equal(who(s.at(320)), "idle:gap");
});

// ---------------------------------------------------------------------------------------------
// Next events, start time, reset, misuse
// ---------------------------------------------------------------------------------------------

Deno.test("next-event times: slot end, next slot start or MAF end, always ahead", () => {
  const s = new CyclicScheduler(TIMERS);
  const { times } = walk(s, 0, 2000 * MS);
  const once = [0, 100, 250, 350, 500, 600, 750, 850].map((t) => t * MS).concat([999_000, 999_500]);
  assert.deepEqual(times, [...once, ...once.map((t) => t + 1000 * MS), 2000 * MS]);
});

Deno.test("the first MAF starts at options.start", () => {
  const s = new CyclicScheduler(PLANS, { start: 1234 });
  assert.equal(s.nextEvent(), 1234 + 400 * MS);
  const d = s.at(1234);
  assert.deepEqual(shows(d), ["maf0@1234", "+P2/s0@1234"]);
  assert.equal(d.mafEnd, 1234 + 2000 * MS);
  assert.throws(() => s.at(1233), RangeError);
});

Deno.test("reset: plan 0 again from now, status as after boot", () => {
  const s = new CyclicScheduler(PLANS);
  s.requestPlanSwitch(2, 0);
  s.at(2100 * MS);
  s.requestPlanSwitch(1, 2200 * MS);
  s.reset(2300 * MS);
  const d = s.at(2300 * MS);
  assert.deepEqual(shows(d), ["-P2/s0@2300000 terminated", "maf0@2300000", "+P2/s0@2300000"]);
  assert.equal(d.planId, 0);
  assert.equal(d.mafEnd, 4300 * MS);
  assert.deepEqual(s.planStatus(2300 * MS), { switchTime: 0, next: 0, current: 0, prev: -1 });
  assert.equal(s.at(4300 * MS).planId, 0, "the pending request is gone");
});

Deno.test("time never goes backwards and is a whole number of µs", () => {
  const s = new CyclicScheduler(PLANS);
  s.at(100);
  assert.throws(() => s.at(99), RangeError);
  assert.throws(() => s.requestPlanSwitch(2, 50), RangeError);
  assert.throws(() => s.at(100.5), RangeError);
  assert.throws(() => s.at(Number.NaN), RangeError);
  assert.throws(() => new CyclicScheduler(PLANS, { start: -1 }), RangeError);
  assert.equal(who(s.at(100)), "P2", "the same time again is fine");
});

Deno.test("plans the algorithm cannot run are refused", () => {
  const ok = slot(0, 0, 10, 1);
  const bad: [string, PlanConfig[]][] = [
    ["no plan 0", [plan(1, 100, [ok])]],
    ["no plans", []],
    ["zero major frame", [plan(0, 0, [])]],
    ["fractional major frame", [plan(0, 10.5, [ok])]],
    ["overlap", [plan(0, 100, [ok, slot(1, 5, 10, 2)])]],
    ["out of order", [plan(0, 100, [slot(0, 50, 10, 1), slot(1, 0, 10, 2)])]],
    ["past the MAF", [plan(0, 100, [slot(0, 95, 10, 1)])]],
    ["zero duration", [plan(0, 100, [slot(0, 0, 0, 1)])]],
    ["duplicate plan", [plan(0, 100, [ok]), plan(0, 100, [ok])]],
  ];
  for (const [what, plans] of bad) {
    assert.throws(() => new CyclicScheduler(plans), RangeError, what);
  }
  // an empty plan 0 is allowed: idle throughout
  const empty = new CyclicScheduler([plan(0, 100, [])]);
  assert.equal(who(empty.at(0)), "idle:gap");
  assert.equal(empty.at(0).nextEvent, 100);
});
