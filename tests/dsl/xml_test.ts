/**
 * DSL → XML → DSL: `toXml()` writes XM_CF with the xmbench extension,
 * `system.fromXml` reads it back into a builder whose configuration deep-
 * equals the original (and whose XML is the same bytes), for systems using
 * every configuration feature and every kind of program; the XtratuM
 * fixtures read with `fromXml` and written back; `saveXml` and
 * `system.fromXmlFile` with programs from `xmb:Programs` (ELF bytes written
 * beside the XML) or given separately.
 */
import assert from "node:assert/strict";
import {
  assembly,
  cSources,
  elf,
  ipvi,
  partitionProgram,
  queuing,
  raw,
  sampling,
  system,
  type SystemBuilder,
  XmlConfigError,
} from "../../dsl/mod.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { writeConfigXml } from "../../src/image/xml/write.ts";
import { Kernel } from "../../src/kernel/kernel.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url);

/** Every configuration feature at once. */
function everything(): SystemBuilder {
  return system("everything")
    .version("3.2.1")
    .board(
      "qemu-leon3-generic",
      (b) =>
        b.frequency("80MHz").rom(0, "4MB").ram(0x40000000, "16MB").uart("Uart", { baud: 38400 })
          .uart("Uart2", { id: 1 }).memoryBlock("Log", 0x40f00000, "4KB").nullDevice("Nul")
          .features("XM_CPU_LEON2_WA1").cpuConsole("Uart").timers(3).nwindows(8).fpu(true),
    )
    .hypervisor((h) =>
      h.memory("256KB").console("Uart")
        .hm("XM_HM_EV_WATCHDOG_TIMER", "XM_HM_AC_HYPERVISOR_WARM_RESET")
        .hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_IGNORE", { log: false })
        .watchdog("1s", "200ms")
    )
    .residentArea(0x0, "64KB", { flags: ["rom"], name: "rsw" })
    .partition(
      0,
      "Io",
      (p) =>
        p.system().fp().area(0x40100000, "128KB", { name: "code" }).area(0x40300000, "16KB", {
          flags: ["read-only", "uncacheable"],
          mappedAt: 0x50000000,
        }).console("Uart2").temporal("20ms", "5ms")
          .hm("XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION", "XM_HM_AC_PROPAGATE")
          .hm("XM_HM_EV_PARTITION_ERROR", "XM_HM_AC_PARTITION_COLD_RESET", { log: false })
          .ioRange(0x80000100, 4).ioRestricted(0x80000200, 0xff).ioRestricted(0x80000210)
          .interrupts(4, 5)
          .port("Cmd", "queuing", "destination", { discipline: "PRIORITY" })
          .program((x) => x.print("[P0] io\n").halt()),
    )
    .partition(
      1,
      "Ctl",
      (p) =>
        p.boot(false).area(0x40200000, "64KB").area(0x40300000, "16KB").console("Log")
          .program(cSources("ctl/main.c", "ctl/util.S")),
    )
    .partition(
      2,
      "Mon",
      (p) =>
        p.area(0x40400000, "64KB").console(null).entryPoint(0x40400100).program(elf("bin/mon.elf")),
    )
    .partition(3, undefined, (p) => p.area(0x40500000, "64KB").program(raw("bin/blob.bin")))
    .partition(4, "Asm", (p) => p.area(0x40600000, "64KB").program(assembly("\tta 0\n")))
    .plan(
      0,
      "100ms",
      (pl) =>
        pl.name("nominal").slot("0ms", "20ms", "Io", { flags: ["periodStart"] })
          .slot("20ms", "30ms", "Ctl").slot("50ms", "500us", 2).slot("60ms", "10ms", 3)
          .slot("70ms", "10ms", "Asm"),
    )
    .plan(1, "1s", (pl) => pl.name("maintenance").slot("0ms", "1s", 0))
    .plan(2, "50ms", (pl) => pl.slot("0ms", "25ms", 0).slot("25ms", "25ms", 1, { id: 9 }))
    .channel(
      sampling("64B", { refresh: "100ms" }).from("Io", "State").to("Ctl", "State").to(2, "State"),
    )
    .channel(queuing("128B", 16, { expiration: "10ms" }).from("Ctl", "Cmd").to("Io", "Cmd"))
    .channel(ipvi(0, 0, 1, 2))
    .cost("hypercall", 700)
    .cost("contextSwitch", 300);
}

function roundTrip(s: SystemBuilder): SystemBuilder {
  const xml = s.toXml();
  const back = system.fromXml(xml, "x.xml");
  assert.deepEqual(back.config(), s.config());
  assert.equal(back.toXml(), xml);
  return back;
}

Deno.test("xml: a system with every feature, DSL → XML → DSL", () => {
  const s = everything();
  const back = roundTrip(s);
  const xml = s.toXml();
  assert.match(
    xml,
    /<xmb:Board name="qemu-leon3-generic" nwindows="8" fpu="yes" timers="3" memoryFromLayout="yes"\/>/,
  );
  assert.match(xml, /<xmb:CSources files="ctl\/main.c ctl\/util.S"\/>/);
  assert.match(xml, /<xmb:Program partitionId="2" file="bin\/mon.elf" format="elf"\/>/);
  assert.match(xml, /<xmb:Program partitionId="3" file="bin\/blob.bin" format="raw"\/>/);
  assert.match(xml, /<xmb:Assembly text="&#9;ta 0&#10;"\/>/);
  assert.match(xml, /<SamplingChannel maxMessageLength="64B" refreshPeriod="100ms">/);
  assert.match(xml, /<Watchdog initialValue="1s" hwReloadValue="200ms"\/>/);
  // the builder read back can be changed further and round-trips again
  back.partition(5, "New", (p) => p.area(0x40700000, "4KB"));
  roundTrip(back);
  // only the warnings XtratuM itself gives (shared areas, unmet requirements)
  assert.deepEqual(s.check().filter((d) => d.severity === "error"), []);
});

Deno.test("xml: small systems round-trip too", () => {
  roundTrip(
    system("hello").partition(0, "P0", (p) => p.area(0x40100000, "64KB"))
      .plan(0, "10ms", (pl) => pl.slot(0, "10ms", 0)),
  );
  roundTrip(
    system("two").board((b) => b.fpu(false)).partition(
      0,
      "A",
      (p) => p.area(0x40100000, "64KB").program(partitionProgram<"user">().print("a\n")),
    )
      .partition(1, "B", (p) => p.system().area(0x40200000, "64KB"))
      .plan(0, "10ms", (pl) => pl.slot(0, "5ms", "A").slot("5ms", "5ms", "B"))
      .channel(queuing("8B", 1).from("A", "q").to("B", "q")),
  );
  roundTrip(system("empty"));
});

Deno.test("xml: the XtratuM fixtures read with fromXml and written back", async () => {
  let n = 0;
  for await (const e of Deno.readDir(new URL("xmcf/", FIXTURES))) {
    if (!e.name.endsWith(".xml")) continue;
    const text = await Deno.readTextFile(new URL(`xmcf/${e.name}`, FIXTURES));
    const read = readConfigXml(text, e.name);
    const s = system.fromXml(text, e.name);
    assert.deepEqual(s.config(), read.config, e.name);
    assert.equal(s.toXml(), writeConfigXml(read.config!), e.name);
    roundTrip(s);
    assert.deepEqual(s.check().filter((d) => d.severity === "error"), [], e.name);
    n++;
  }
  assert.ok(n >= 12);
});

Deno.test("xml: fromXml errors list every reader diagnostic with its position", () => {
  const text = everything().toXml().replace('majorFrame="100ms"', 'majorFrame="100"')
    .replace('baudRate="38400"', 'baudRate="fast"');
  assert.throws(() => system.fromXml(text, "bad.xml"), (e: unknown) => {
    assert.ok(e instanceof XmlConfigError);
    assert.equal(e.diagnostics.filter((d) => d.severity === "error").length, 2);
    const lines = e.message.split("\n");
    assert.equal(lines[0], "bad.xml: 2 errors in the XM_CF document:");
    assert.match(lines[1], /^ {2}bad\.xml:\d+:\d+: error: Plan@majorFrame: bad time "100"/);
    assert.match(lines[2], /^ {2}bad\.xml:\d+:\d+: error: Uart@baudRate: bad /);
    return true;
  });
});

Deno.test("xml: saveXml writes ELF bytes beside the XML; fromXmlFile rebuilds the same image", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xmbench-dsl-xml-" });
  try {
    const bytes =
      partitionProgram<"user">().print("[P1] bytes\n").halt().build({ origin: 0x40200000 })
        .elf;
    const s = system("saved")
      .partition(
        0,
        "P0",
        (p) => p.area(0x40100000, "64KB").program((x) => x.print("[P0] builder\n")),
      )
      .partition(1, "P1", (p) => p.area(0x40200000, "64KB").program(elf(bytes)))
      .plan(0, "4ms", (pl) => pl.slot(0, "2ms", 0).slot("2ms", "2ms", 1));
    await s.saveXml(`${dir}/system.xml`);
    assert.deepEqual(await Deno.readFile(`${dir}/P1.elf`), bytes);
    const back = await system.fromXmlFile(`${dir}/system.xml`);
    assert.deepEqual(back.config(), s.config());
    const [a, b] = [await s.compile(), await back.compile()];
    assert.deepEqual(b.payloads, a.payloads);
    let out = "";
    Kernel.boot(b, { uart: (c) => (out += String.fromCharCode(c)) }).run(6000);
    assert.match(out, /\[P0\] builder\n/);
    assert.match(out, /\[P1\] bytes\n/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xml: fromXmlFile of an XtratuM file with the programs given separately", async () => {
  const s = await system.fromXmlFile(new URL("kernel_e2e/hello.xml", FIXTURES).pathname, {
    0: elf(new URL("kernel_e2e/hello_p0.elf", FIXTURES).pathname),
    1: (p) => p.print("[P1] from TypeScript\n"),
  });
  const image = await s.compile();
  let out = "";
  Kernel.boot(image, { uart: (c) => (out += String.fromCharCode(c)) }).run(20_000);
  assert.match(out, /\[P0\] Hello World!\n/);
  assert.match(out, /\[P1\] from TypeScript\n/);
  await assert.rejects(
    () => system.fromXmlFile(new URL("kernel_e2e/hello.xml", FIXTURES).pathname, { 7: elf("x") }),
    /expected a partition of the configuration, found id 7/,
  );
});

Deno.test("xml: fromXmlFile reads xmb:Programs relative to the XML file", async () => {
  const s = await system.fromXmlFile(new URL("xmcf/xmbench_extension.xml", FIXTURES).pathname);
  const read = readConfigXml(
    await Deno.readTextFile(new URL("xmcf/xmbench_extension.xml", FIXTURES)),
    "x",
  );
  assert.deepEqual(s.config(), read.config);
});
