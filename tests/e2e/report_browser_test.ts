/**
 * The HTML report (`dsl/views/report.ts`) in a real browser: Debian's
 * `chromium`, headless, driven by npm `playwright-core` under Deno (see
 * `browser.ts`). Skipped, with a message saying what to install, where
 * chromium is absent.
 *
 * For each real system of `tests/fixtures/kernel_e2e/` (booted from its
 * committed ELFs for 100 ms, with its configuration) and for the synthetic
 * story (with a failed assertion and console text holding `<script>`), the
 * page loads from a file with no console error, no uncaught error and no
 * network request; shown whole, its chart has one slot rectangle per slot
 * of the trace, one planned rectangle per configured slot of each frame
 * the trace reaches, one run rectangle per run; each console line, each HM
 * event and each state change is on the page; hover, scroll and zoom work;
 * injected markup does not run. A long run (1000 frames) is capped and
 * says so.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { toHtmlReport } from "../../dsl/views/report.ts";
import { reportModel } from "../../dsl/views/report_model.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import type { KernelEvent } from "../../src/kernel/trace.ts";
import { REAL_SYSTEMS, realTrace, story } from "../dsl/views_traces.ts";
import { CHROMIUM, launchBrowser, openFile } from "./browser.ts";
import { skipNote } from "./tools.ts";

const E2E = decodeURIComponent(new URL("../fixtures/kernel_e2e/", import.meta.url).pathname);

if (CHROMIUM === undefined) skipNote("the HTML report's browser tests", "chromium");

function configOf(xml: string): SystemConfig {
  const r = readConfigXml(Deno.readTextFileSync(`${E2E}${xml}`), xml);
  assert.ok(r.config !== undefined, xml);
  return r.config;
}

/** The planned slots a frame-by-frame reading of the configuration gives within the trace. */
function plannedCount(events: readonly KernelEvent[], config: SystemConfig): number {
  const khz = events.find((e) => e.kind === "boot")!;
  assert.ok(khz.kind === "boot");
  const end = events[events.length - 1].cycle;
  let n = 0;
  for (const e of events) {
    if (e.kind !== "major-frame-start") continue;
    const plan = config.hardware.processors[e.processor].plans.find((p) => p.id === e.plan)!;
    n += plan.slots.filter((s) => e.cycle + Math.round(s.start * khz.frequencyKhz / 1000) < end)
      .length;
  }
  return n;
}

async function withPage(
  html: string,
  fn: (page: Page, errors: () => void) => Promise<void>,
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "xmbench-report-" });
  const path = `${dir}/report.html`;
  Deno.writeTextFileSync(path, html);
  const browser: Browser = await launchBrowser();
  try {
    const { page, problems } = await openFile(browser, path);
    const noProblems = () => {
      assert.deepEqual(problems.errors, [], "console or uncaught errors");
      assert.deepEqual(problems.requests, [], "network requests");
    };
    await fn(page, noProblems);
    noProblems();
  } finally {
    await browser.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

async function showAll(page: Page): Promise<void> {
  await page.click('#gantt-controls button[data-act="all"]');
}

async function view(page: Page): Promise<{ t0: number; span: number }> {
  return await page.evaluate(() =>
    (globalThis as unknown as { xmbenchReport: { view: { t0: number; span: number } } })
      .xmbenchReport.view
  );
}

Deno.test({
  name: "report in chromium: real systems show every slot, run, console line and HM event",
  ignore: CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    for (const system of REAL_SYSTEMS) {
      await t.step(system.xml, async () => {
        const trace = realTrace(system);
        const events = trace.events();
        const config = configOf(system.xml);
        const model = reportModel(events, { config });
        await withPage(toHtmlReport(trace, { title: system.xml, config }), async (page, ok) => {
          ok();
          await showAll(page);
          const slots = events.filter((e) => e.kind === "slot-start").length;
          assert.ok(slots > 0);
          assert.equal(await page.locator("#gantt rect.slot").count(), slots);
          assert.equal(
            await page.locator("#gantt rect.plan").count(),
            plannedCount(events, config),
          );
          assert.equal(await page.locator("#gantt rect.run").count(), model.runs.length);
          assert.equal(
            await page.locator("#gantt .mark.fault").count(),
            events.filter((e) => e.kind === "fault").length,
          );
          assert.equal(
            await page.locator("#gantt .mark.hm").count(),
            events.filter((e) => e.kind === "hm-event").length,
          );
          // consoles: every line written is shown, in its partition's panel
          for (const p of model.partitions) {
            const written = events.filter((e) => e.kind === "console" && e.source === p.id)
              .map((e) => e.kind === "console" ? e.text : "").join("");
            const lines = written.split("\n").filter((l) => l !== "");
            if (lines.length === 0) continue;
            const shown = await page.locator(`.console[data-source="${p.id}"] pre`).innerText();
            for (const line of lines) assert.ok(shown.includes(line), `${line} in ${shown}`);
          }
          const kernelShown = await page.locator('.console[data-source="hypervisor"] pre')
            .innerText();
          assert.match(kernelShown, /XM Hypervisor/);
          // HM events and state changes
          const hm = events.filter((e) => e.kind === "hm-event");
          if (hm.length > 0) {
            assert.equal(await page.locator("table.hm tbody tr").count(), hm.length);
            const text = await page.locator("table.hm").innerText();
            for (const e of hm) if (e.kind === "hm-event") assert.ok(text.includes(e.action));
          } else assert.match(await page.locator("#hm").innerText(), /No HM event/);
          const states = events.filter((e) => e.kind === "partition-state").length;
          assert.equal(
            await page.locator("#states table").first().locator("tbody tr").count(),
            states,
          );
        });
      });
    }
  },
});

Deno.test({
  name: "report in chromium: hover, scroll and zoom the chart",
  ignore: CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const system = REAL_SYSTEMS[1]; // isolation: faults and HM events
    const config = configOf(system.xml);
    await withPage(toHtmlReport(realTrace(system), { config }), async (page) => {
      const model = reportModel(realTrace(system).events(), { config });
      const frame = model.frames[0].end - model.frames[0].start;
      // the first view: three frames
      let v = await view(page);
      assert.equal(v.t0, model.frames[0].start);
      assert.equal(v.span, model.frames[2].end - model.frames[0].start);
      assert.match(await page.locator("#gantt-range").innerText(), /frames 0–2 of 5/);
      // hover a slot: the tooltip says which
      await page.locator("#gantt rect.slot").first().hover();
      const tip = page.locator("#tip");
      assert.ok(await tip.isVisible());
      assert.match(await tip.innerText(), /slot 0 of plan 0, frame 0/);
      // hover a fault mark
      await page.locator("#gantt .mark.fault").first().hover();
      assert.match(await tip.innerText(), /data_access_exception/);
      // one frame, then the next one
      await page.click('#gantt-controls button[data-act="frames-1"]');
      v = await view(page);
      assert.deepEqual(v, { t0: model.frames[0].start, span: frame });
      await page.click('#gantt-controls button[data-act="next"]');
      v = await view(page);
      assert.deepEqual(v, { t0: model.frames[1].start, span: frame });
      assert.match(await page.locator("#gantt-range").innerText(), /frame 1 of 5/);
      // keyboard: → moves on, + zooms in around the centre
      await page.focus("#gantt");
      await page.keyboard.press("ArrowRight");
      v = await view(page);
      assert.equal(v.t0, model.frames[2].start);
      await page.keyboard.press("+");
      const zoomed = await view(page);
      assert.equal(zoomed.span, frame / 2);
      assert.equal(zoomed.t0, model.frames[2].start + frame / 4);
      await page.click('#gantt-controls button[data-act="zoom-out"]');
      assert.equal((await view(page)).span, frame);
      // the whole run, and a time link in a table shows that frame
      await showAll(page);
      v = await view(page);
      assert.deepEqual(v, { t0: model.start, span: model.end - model.start });
      await page.locator("table.hm a[data-goto]").first().click();
      v = await view(page);
      assert.equal(v.t0, model.frames[0].start);
      assert.equal(v.span, frame);
      const png = await page.screenshot({ fullPage: true });
      assert.ok(png.length > 10_000);
    });
  },
});

Deno.test({
  name: "report in chromium: a failed assertion and markup in console text",
  ignore: CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const events = story().map((e) =>
      e.kind === "console" && e.source === 0
        ? { ...e, text: '<script>globalThis.pwned = 1</script><img src=x onerror="pwned=2">\n' }
        : e
    );
    const html = toHtmlReport(events, {
      title: "</title><script>globalThis.pwned = 3</script>",
      failure: {
        title: 'expect(run).console(0).toContain("<b>done</b>")',
        expected: 'partition 0 to print "<b>done</b>"',
        actual: "it printed nothing like it",
        excerpt: "> 11.250 ms  XM   system             halt by P0\n",
        us: 11_250,
      },
    });
    await withPage(html, async (page) => {
      assert.equal(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), undefined);
      assert.equal(await page.locator("img").count(), 0);
      assert.match(await page.locator("#failure h2").innerText(), /toContain\("<b>done<\/b>"\)/);
      assert.match(
        await page.locator("#failure").innerText(),
        /partition 0 to print "<b>done<\/b>"/,
      );
      assert.match(
        await page.locator('.console[data-source="0"] pre').innerText(),
        /<script>globalThis\.pwned = 1<\/script>/,
      );
      assert.equal(await page.locator("#gantt line.focus").count(), 1);
      assert.equal(
        await page.title(),
        "</title><script>globalThis.pwned = 3</script> · xmbench report",
      );
      await showAll(page);
      assert.equal(await page.locator("#gantt rect.slot").count(), 3);
      assert.equal(await page.locator("#gantt .mark.inject").count(), 2);
      assert.equal(await page.locator("#gantt line.mark.plan").count(), 1);
      assert.equal(await page.locator("#gantt line.mark.system").count(), 1);
    });
  },
});

/** A long synthetic run: `frames` major frames of 1 ms with two 400 µs slots, at 50 MHz. */
function longRun(frames: number): KernelEvent[] {
  const out: KernelEvent[] = [
    { kind: "boot", cycle: 0, us: 0, version: "1.0.8", board: "leon3-grlib", frequencyKhz: 50_000 },
  ];
  for (let f = 0; f < frames; f++) {
    const c = f * 50_000;
    const us = f * 1000;
    out.push({ kind: "major-frame-start", cycle: c, us, processor: 0, plan: 0, frame: f });
    for (const [slot, off] of [[0, 0], [1, 25_000]]) {
      const a = c + off, b = a + 20_000;
      out.push(
        { kind: "slot-start", cycle: a, us: a / 50, processor: 0, plan: 0, slot, partition: slot },
        { kind: "context-switch", cycle: a, us: a / 50, processor: 0, from: "idle", to: slot },
        {
          kind: "console",
          cycle: a + 100,
          us: Math.floor((a + 100) / 50),
          source: slot,
          text: `tick ${f}\n`,
        },
        { kind: "context-switch", cycle: b, us: b / 50, processor: 0, from: slot, to: "idle" },
        { kind: "slot-end", cycle: b, us: b / 50, processor: 0, plan: 0, slot, partition: slot },
      );
    }
  }
  return out;
}

Deno.test({
  name: "report in chromium: a long run is capped and says so",
  ignore: CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const html = toHtmlReport(longRun(1000), { limits: { frames: 100, rows: 50 } });
    await withPage(html, async (page) => {
      assert.match(await page.locator("#timeline").innerText(), /first 100 of 1000 major frames/);
      assert.match(
        await page.locator("#frames").innerText(),
        /Showing the first 50 of 1000 major frames/,
      );
      assert.match(await page.locator('.console[data-source="0"]').innerText(), /… 950 more lines/);
      await showAll(page);
      assert.equal(await page.locator("#gantt rect.slot").count(), 200);
      assert.match(await page.locator("#gantt-range").innerText(), /frames 0–99 of 100/);
    });
  },
});

Deno.test({
  name: "report in chromium: an empty trace and a trace without frames load cleanly",
  ignore: CHROMIUM === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await withPage(toHtmlReport([]), async (page, ok) => {
      ok();
      await showAll(page);
      for (const act of ["next", "prev", "zoom-in", "zoom-out", "frames-1", "frames-3", "last"]) {
        await page.click(`#gantt-controls button[data-act="${act}"]`);
      }
      assert.equal(await page.locator("#gantt svg").count(), 1);
    });
    const noFrames = story().filter((e) => e.kind !== "major-frame-start" && e.kind !== "boot");
    await withPage(toHtmlReport(noFrames), async (page) => {
      await page.click('#gantt-controls button[data-act="frames-1"]');
      assert.equal(await page.locator("#gantt rect.slot").count(), 3);
      assert.equal(await page.locator("#gantt rect.plan").count(), 0);
      await page.click('#gantt-controls button[data-act="zoom-in"]');
      await page.click('#gantt-controls button[data-act="next"]');
      assert.match(await page.locator("#gantt-range").innerText(), / ms – /);
    });
  },
});
