/** The event queue: order by cycle, ties in scheduling order, cancellation. */
import assert from "node:assert/strict";
import { EventQueue } from "../../src/cpu/events.ts";

Deno.test("EventQueue runs due events by cycle, ties in the order they were scheduled", () => {
  const q = new EventQueue();
  const ran: string[] = [];
  q.schedule(30, () => ran.push("c30"));
  q.schedule(10, () => ran.push("a10"));
  q.schedule(10, () => ran.push("b10"));
  q.schedule(20, (now) => {
    ran.push(`d${now}`);
    q.schedule(20, () => ran.push("e20-scheduled-while-running"));
  });
  assert.equal(q.nextAt, 10);
  q.runDue(9);
  assert.deepEqual(ran, []);
  q.runDue(20);
  assert.deepEqual(ran, ["a10", "b10", "d20", "e20-scheduled-while-running"]);
  assert.equal(q.nextAt, 30);
  assert.equal(q.size, 1);
});

Deno.test("EventQueue cancel() drops an event; an empty queue's nextAt is Infinity", () => {
  const q = new EventQueue();
  const ran: number[] = [];
  const h = q.schedule(5, () => ran.push(5));
  q.schedule(7, () => ran.push(7));
  h.cancel();
  assert.equal(q.nextAt, 7);
  q.runDue(100);
  assert.deepEqual(ran, [7]);
  assert.equal(q.nextAt, Infinity);
  assert.equal(q.size, 0);
});
