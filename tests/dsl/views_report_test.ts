/**
 * The HTML report (dsl/views/report*.ts) without a browser: the page's
 * structure (one document, inline style and script, no network reference),
 * escaping (console text, names, titles and failures holding markup), the
 * embedded chart data against the trace (slots, planned slots, runs, marks)
 * on the synthetic story and on real traces (the kernel e2e systems booted
 * for 100 ms), the model (frames, overruns, missed slots, runs outside
 * slots, inferred plans, kernel and idle time, console lines), the caps for
 * large traces, and byte-identical output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { REPORT_ROW_LIMIT, toHtmlReport } from "../../dsl/views/report.ts";
import { type GanttData, ganttData } from "../../dsl/views/report_gantt.ts";
import { escapeConsole, escapeHtml, jsonForScript } from "../../dsl/views/report_html.ts";
import { mergeIntervals, reportModel } from "../../dsl/views/report_model.ts";
import { REPORT_SCRIPT } from "../../dsl/views/report_script.ts";
import { partitionColour } from "../../dsl/views/report_style.ts";
import { consoleLines } from "../../dsl/views/report_tables.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import { Trace } from "../../src/kernel/trace_container.ts";
import { REAL_SYSTEMS, realTrace, story, STORY_KHZ } from "./views_traces.ts";

const E2E = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);

function configOf(xml: string): SystemConfig {
  const r = readConfigXml(Deno.readTextFileSync(`${E2E}${xml}`), xml);
  assert.ok(r.config !== undefined, xml);
  return r.config;
}

/** The chart data embedded in a page. */
function dataOf(html: string): GanttData {
  const m = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  assert.ok(m !== null, "the page embeds its data");
  return JSON.parse(m[1]) as GanttData;
}

/** Checks what every page must be. */
function assertWellFormed(html: string): void {
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n'));
  assert.ok(html.endsWith("</body>\n</html>\n"));
  for (const tag of ["html", "head", "body", "main", "style", "title"]) {
    assert.equal(html.split(`<${tag}>`).length + html.split(`<${tag} `).length - 2, 1, tag);
    assert.equal(html.split(`</${tag}>`).length - 1, 1, `</${tag}>`);
  }
  // exactly our two scripts, inline; nothing is loaded from anywhere
  assert.equal(html.split("<script").length - 1, 2);
  assert.doesNotMatch(html, /<script[^>]* src=/);
  assert.doesNotMatch(html, /<link\b|<iframe\b|<img\b|@import|url\(/i);
  assert.doesNotMatch(html, /(?:src|href)="(?:https?:)?\/\//);
  const external = html.match(/https?:\/\/[^\s"'<)]+/g) ?? [];
  assert.deepEqual([...new Set(external)], ["http://www.w3.org/2000/svg"]);
  // no date, no randomness: nothing that looks like a timestamp of today
  assert.doesNotMatch(html, /\b20\d\d-\d\d-\d\dT/);
  // balanced sections and tables
  for (const tag of ["section", "table", "tr", "pre", "div"]) {
    const open = html.split(new RegExp(`<${tag}[ >]`)).length - 1;
    const close = html.split(`</${tag}>`).length - 1;
    assert.equal(open, close, `<${tag}> ${open} opened, ${close} closed`);
  }
}

Deno.test("escaping: HTML text, console control characters, JSON inside a script", () => {
  assert.equal(
    escapeHtml(`<a href="x">&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
  );
  assert.equal(
    escapeConsole("a\x01b\tc\x7f<"),
    'a<span class="ctl">\\x01</span>b\tc<span class="ctl">\\x7f</span>&lt;',
  );
  const json = jsonForScript({ t: "</script><!-- & \u2028" });
  assert.doesNotMatch(json, /[<>&\u2028]/);
  assert.deepEqual(JSON.parse(json), { t: "</script><!-- & \u2028" });
});

Deno.test("the page's script parses as JavaScript", () => {
  assert.doesNotThrow(() => new Function(REPORT_SCRIPT));
  assert.doesNotMatch(REPORT_SCRIPT, /<\/script|<!--/i);
});

Deno.test("story: a well-formed page with every section, markup in console text escaped", () => {
  const events = story().map((e) =>
    e.kind === "console" && e.source === 0
      ? { ...e, text: "<script>alert(1)</script> & <img src=x onerror=alert(2)>\n" }
      : e.kind === "partition-created" && e.partition === 0
      ? { ...e, name: '<b onmouseover="x">ctrl</b>' }
      : e
  );
  const html = toHtmlReport(events, {
    title: "<title>&",
    failure: {
      title: 'expect(run).console(0).toContain("</pre>")',
      expected: "<i>done</i>",
      actual: "nothing & less",
      excerpt: "  ... 3 earlier events\n>   11.250 ms  XM   system  halt by P0\n",
      us: 11_250,
    },
  });
  assertWellFormed(html);
  assert.ok(
    html.includes("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"),
  );
  assert.ok(html.includes("&lt;b onmouseover=&quot;x&quot;&gt;ctrl&lt;/b&gt;"));
  assert.ok(html.includes("<title>&lt;title&gt;&amp; · xmbench report</title>"));
  assert.ok(html.includes("Failed: expect(run).console(0).toContain(&quot;&lt;/pre&gt;&quot;)"));
  assert.ok(html.includes("<pre>&lt;i&gt;done&lt;/i&gt;</pre>"));
  assert.ok(html.includes("<pre>nothing &amp; less</pre>"));
  assert.ok(html.includes("The trace around it (11.250 ms)"));
  for (
    const id of [
      "failure",
      "summary",
      "timeline",
      "frames",
      "consoles",
      "hm",
      "states",
      "ports",
      "hypercalls",
      "plans",
    ]
  ) {
    assert.ok(html.includes(`<section id="${id}"`), id);
  }
  assert.match(html, /<span class="badge fail">assertion failed<\/span>/);
  const data = dataOf(html);
  assert.equal(data.focus, 11_250 * STORY_KHZ / 1000);
  assert.equal(data.khz, STORY_KHZ);
  // the markup is in the data too, as JSON, never as markup
  assert.ok(data.parts[0][1].includes("<b onmouseover"));
  assert.ok(data.marks.some((m) => m[3].includes("<script>alert(1)</script>")));
});

Deno.test("story: the chart data matches the trace", () => {
  const events = story();
  const data = dataOf(toHtmlReport(events));
  assert.equal(data.start, 0);
  assert.equal(data.end, 900_000);
  assert.deepEqual(data.parts.map((p) => p[0]), [0, 1]);
  assert.deepEqual(data.parts.map((p) => p[2]), [partitionColour(0), partitionColour(1)]);
  assert.deepEqual(data.frames, [[0, 800_000, 0, 0, false], [800_000, 900_000, 1, 1, true]]);
  // slots: [partition index, start, end, plan, slot, frame, flags, startDelta, endDelta]
  assert.deepEqual(data.slots, [
    [0, 0, 400_000, 0, 0, 0, 0, 0, 0],
    [1, 400_000, 800_000, 0, 1, 0, 0, 0, 0],
    [1, 800_000, 900_000, 1, 0, 1, 1, null, null],
  ]);
  // plan 0 inferred from frame 0; plan 1's only frame is open, so nothing is planned there
  assert.deepEqual(data.planned, [[0, 0, 400_000, 0, 0, false], [
    1,
    400_000,
    800_000,
    0,
    1,
    false,
  ]]);
  // runs: [partition index, start, end, flags (1 outside, 2 open), index of its slot]
  assert.deepEqual(data.runs, [
    [0, 0, 80_000, 0, 0],
    [1, 400_000, 700_000, 0, 1],
    [1, 800_000, 900_000, 2, 2],
  ]);
  assert.deepEqual(data.idle, [[80_000, 400_000]]);
  const types = data.marks.map((m) => m[2]);
  assert.deepEqual(
    types.filter((t) => t !== "state" && t !== "console"),
    ["fault", "hm", "inject", "hm", "inject", "plan", "system"],
  );
  assert.equal(types.filter((t) => t === "state").length, 3);
  assert.equal(types.filter((t) => t === "console").length, 1); // the kernel's lines are not marked
  const hv = data.marks.find((m) => m[2] === "hm" && m[1] === -1)!;
  assert.match(hv[3], /XM_HM_EV_WATCHDOG_TIMER/);
  assert.equal(hv[4], false); // ignored: not severe
  // the first view: the whole story (two frames)
  assert.deepEqual(data.initial, [0, 900_000]);
});

Deno.test("story: the tables list the HM events, ports, states, consoles and rejected calls", () => {
  const html = toHtmlReport(story());
  assert.match(html, /<code>XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION<\/code> \(27\)/);
  assert.match(html, /data_access_exception \(tt 0x9\) write 0x40200000 at pc 0x40100124/);
  assert.match(html, /virtual trap 224 delivered|–/);
  assert.match(html, /<code>XM_HM_EV_WATCHDOG_TIMER<\/code>/);
  assert.match(html, /<code>&quot;SPEED&quot;<\/code>|<code>SPEED<\/code>/);
  assert.match(html, /write ×1/);
  assert.match(html, /ready → idle/);
  assert.match(html, /hypercall #40\(1, 2\) = XM_UNKNOWN_HYPERCALL -- no such hypercall/);
  assert.match(html, /hello &quot;world&quot;/);
  assert.match(html, /XM Hypervisor \(1\.0 r8\)/);
  assert.match(html, /plan 0 -&gt; 1, requested at 5\.625 ms by P0/);
  assert.match(html, /Inferred from the trace/);
});

Deno.test("model: overruns, missed slots and runs outside slots against the configuration", () => {
  const config = configOf("hello.xml"); // 50 MHz, 20 ms frame, P0 0-5 ms, P1 10-15 ms
  const khz = 50_000;
  const c = (ms: number) => ms * khz;
  const ev = (kind: string, cycle: number, f: Record<string, unknown>) =>
    ({ kind, cycle, us: Math.floor(cycle * 1000 / khz), ...f }) as unknown as KernelEvent;
  const events: KernelEvent[] = [
    ev("boot", 0, { version: "1.0.8", board: "leon3-grlib", frequencyKhz: khz }),
    ev("major-frame-start", 0, { processor: 0, plan: 0, frame: 0 }),
    ev("slot-start", 0, { processor: 0, plan: 0, slot: 0, partition: 0 }),
    ev("context-switch", 0, { processor: 0, from: "idle", to: 0 }),
    ev("slot-end", c(5) + 64, { processor: 0, plan: 0, slot: 0, partition: 0 }), // within tolerance
    ev("context-switch", c(5) + 64, { processor: 0, from: 0, to: "idle" }),
    ev("slot-start", c(10), { processor: 0, plan: 0, slot: 1, partition: 1 }),
    ev("context-switch", c(10), { processor: 0, from: "idle", to: 1 }),
    ev("slot-end", c(16), { processor: 0, plan: 0, slot: 1, partition: 1 }), // 1 ms late
    ev("context-switch", c(16) + 1000, { processor: 0, from: 1, to: "idle" }), // runs on after it
    ev("major-frame-start", c(20), { processor: 0, plan: 0, frame: 1 }),
    ev("slot-start", c(20), { processor: 0, plan: 0, slot: 0, partition: 0 }),
    ev("slot-end", c(25), { processor: 0, plan: 0, slot: 0, partition: 0 }),
    // P1's slot of frame 1 never starts
    ev("major-frame-start", c(40), { processor: 0, plan: 0, frame: 2 }),
  ];
  const m = reportModel(events, { config });
  assert.equal(m.planSource, "config");
  assert.deepEqual(m.slots.map((s) => [s.partition, s.endDelta, s.overrun]), [
    [0, 64, false],
    [1, c(1), true],
    [0, 0, false],
  ]);
  assert.deepEqual(m.planned.map((p) => [p.frame, p.partition, p.missed]), [
    [0, 0, false],
    [0, 1, false],
    [1, 0, false],
    [1, 1, true],
  ]);
  assert.deepEqual(
    m.runs.map((r) => [r.partition, r.start, r.end, r.outside]),
    [[0, 0, c(5) + 64, false], [1, c(10), c(16), false], [1, c(16), c(16) + 1000, true]],
  );
  const p1 = m.totals.get(1)!;
  assert.equal(p1.overruns, 2);
  assert.equal(p1.missed, 1);
  assert.equal(p1.plannedCycles, c(10));
  assert.equal(p1.slotCycles, c(6));
  assert.equal(p1.runCycles, c(6) + 1000);
  assert.equal(m.totals.get(0)!.overruns, 0);
  const html = toHtmlReport(events, { config });
  assert.match(html, /<div class="v">2<\/div><div class="k">overruns<\/div>/);
  assert.match(html, /<div class="v">1<\/div><div class="k">missed slots<\/div>/);
  assert.match(
    html,
    /The plan as configured comes from the run&#39;s configuration|comes from the run's configuration/,
  );
});

Deno.test("model: helpers (merged intervals, console lines)", () => {
  assert.deepEqual(
    mergeIntervals([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 3, end: 4 }, {
      start: 8,
      end: 12,
    }, { start: 20, end: 20 }]),
    [{ start: 0, end: 4 }, { start: 5, end: 12 }],
  );
  const ev = (cycle: number, source: number | "hypervisor", text: string): KernelEvent => ({
    kind: "console",
    cycle,
    us: cycle,
    source,
    text,
  });
  const lines = consoleLines(
    [ev(1, 0, "a"), ev(2, 1, "x\n"), ev(3, 0, "b\nc\n\nd"), ev(4, 0, "e")],
    0,
  );
  assert.deepEqual(lines, [
    { cycle: 1, text: "ab" },
    { cycle: 3, text: "c" },
    { cycle: 3, text: "" },
    { cycle: 3, text: "de" },
  ]);
});

Deno.test("real traces: chart data and tables match the trace, with and without the configuration", () => {
  for (const system of REAL_SYSTEMS) {
    const trace = realTrace(system);
    const events = trace.events();
    for (const config of [configOf(system.xml), undefined]) {
      const html = toHtmlReport(trace, { title: system.xml, config });
      assertWellFormed(html);
      const data = dataOf(html);
      const where = `${system.xml}${config ? " with config" : ""}`;
      assert.equal(data.slots.length, events.filter((e) => e.kind === "slot-start").length, where);
      assert.equal(
        data.frames.length,
        events.filter((e) => e.kind === "major-frame-start").length,
        where,
      );
      assert.equal(data.marks.filter((m) => m[2] === "hm").length, trace.ofKind("hm-event").length);
      assert.equal(data.marks.filter((m) => m[2] === "fault").length, trace.ofKind("fault").length);
      // every executed slot matches a planned one, at most a preemption late
      for (const s of data.slots) {
        if (s[6] & 1) continue;
        assert.notEqual(s[7], null, `${where}: slot ${JSON.stringify(s)} has a planned slot`);
        assert.ok(Math.abs(s[7]!) <= 64 || config === undefined, `${where}: start ${s[7]}`);
      }
      // the configured plan: every frame the trace closes holds each configured slot
      if (config !== undefined) {
        const closed = data.frames.filter((f) => !f[4]).length;
        const slotsPerPlan = config.hardware.processors[0].plans[0].slots.length;
        assert.ok(data.planned.length >= closed * slotsPerPlan, where);
      }
      // consoles: every partition line is in its panel, escaped
      for (const e of trace.ofKind("console")) {
        for (const line of e.text.split("\n").filter((l) => l !== "")) {
          assert.ok(html.includes(escapeConsole(line)), `${where}: ${line}`);
        }
      }
      // HM events: one row each
      const hmRows = (html.match(/<table class="hm">[\s\S]*?<\/table>/)?.[0] ?? "").split("<tr>")
        .length - 2;
      assert.equal(Math.max(0, hmRows), trace.ofKind("hm-event").length, where);
      if (config !== undefined) {
        for (const p of config.partitions) if (p.name) assert.ok(html.includes(escapeHtml(p.name)));
      }
    }
  }
});

Deno.test("isolation: the attacker's console write past its slot's end is an overrun", () => {
  const system = REAL_SYSTEMS.find((s) => s.xml === "isolation.xml")!;
  const m = reportModel(realTrace(system).events(), { config: configOf(system.xml) });
  const late = m.slots.filter((s) => s.overrun);
  assert.ok(late.length > 0);
  assert.ok(late.every((s) => s.partition === 1));
});

Deno.test("deterministic: the same trace gives the same bytes, from a Trace or from its events", () => {
  const system = REAL_SYSTEMS[1];
  const trace = realTrace(system);
  const config = configOf(system.xml);
  const a = toHtmlReport(trace, { config, title: "t" });
  const b = toHtmlReport(Trace.fromJsonLines(trace.toJsonLines()), { config, title: "t" });
  const c = toHtmlReport(trace.events(), { config, title: "t" });
  assert.equal(a, b);
  assert.equal(a, c);
  assert.equal(toHtmlReport(story()), toHtmlReport(story()));
});

Deno.test("caps: tables, consoles and the chart of a long run say what they leave out", () => {
  const events: KernelEvent[] = [
    { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 1000 },
  ];
  for (let f = 0; f < 30; f++) {
    const c = f * 100;
    events.push(
      { kind: "major-frame-start", cycle: c, us: c, processor: 0, plan: 0, frame: f },
      { kind: "slot-start", cycle: c, us: c, processor: 0, plan: 0, slot: 0, partition: 0 },
      { kind: "console", cycle: c + 1, us: c + 1, source: 0, text: `line ${f}\n` },
      {
        kind: "port",
        cycle: c + 2,
        us: c + 2,
        partition: 0,
        port: "P",
        operation: "write",
        size: 4,
        valid: true,
        result: 0,
        resultName: "XM_OK",
      },
      { kind: "slot-end", cycle: c + 50, us: c + 50, processor: 0, plan: 0, slot: 0, partition: 0 },
    );
  }
  const html = toHtmlReport(events, { limits: { rows: 10, frames: 5, marks: 3 } });
  assertWellFormed(html);
  assert.match(html, /Showing the first 10 of 30 major frames; 20 more are in the trace/);
  assert.match(html, /Showing the first 10 of 30 port operations/);
  assert.match(html, /… 20 more lines/);
  assert.match(html, /The chart holds the first 5 of 30 major frames \(to 0\.500 ms\)/);
  assert.match(html, /The chart marks the first 3 of 30 events/);
  const data = dataOf(html);
  assert.equal(data.frames.length, 5);
  assert.equal(data.slots.length, 5);
  assert.equal(data.marks.length, 3);
  assert.equal(data.end, 500);
  assert.ok(REPORT_ROW_LIMIT >= 1000);
  // uncapped, nothing is said
  const full = toHtmlReport(events);
  assert.doesNotMatch(full, /class="capped"/);
  assert.equal(ganttData(reportModel(events), {}).data.slots.length, 30);
});

Deno.test("an empty trace still gives a page", () => {
  const html = toHtmlReport([]);
  assertWellFormed(html);
  assert.match(html, /The trace holds no major frame/);
  assert.match(html, /Nothing was written to a console/);
  assert.deepEqual(dataOf(html).slots, []);
});

Deno.test("a trace whose limit dropped its start: the page says so, the first slot has no frame", () => {
  const trace = Trace.of(story(), { limit: story().length - 8 }); // drops up to the first slot's start
  assert.ok(trace.dropped > 0);
  const html = toHtmlReport(trace);
  assertWellFormed(html);
  assert.match(html, new RegExp(`${trace.dropped} earlier events dropped by the trace limit`));
  assert.match(html, new RegExp(`the trace limit dropped the first ${trace.dropped} events`));
  const data = dataOf(html);
  const first = data.slots[0];
  assert.equal(first[1], trace.at(0)!.cycle); // starts with the trace
  assert.equal(first[5], -1); // in no frame the trace holds
});

Deno.test("endCycle: the model (and the page) cover the run up to its end, not its last event", () => {
  const events = story();
  const last = events[events.length - 1]!.cycle;
  assert.equal(reportModel(events).end, last);
  assert.equal(reportModel(events, { endCycle: last + 1000 }).end, last + 1000);
  assert.equal(reportModel(events, { endCycle: last - 1 }).end, last);
  assert.notEqual(toHtmlReport(events, { endCycle: last + 1000 }), toHtmlReport(events));
});
