/**
 * The XM_CF corpus (`tests/fixtures/xmcf`, one good file per feature; its
 * README says what each covers): every file reads without errors, passes the
 * validator without errors, gives exactly the warnings listed in
 * {@linkcode EXPECTED}, reads the same with CR LF line ends, and round-trips
 * through the writer (write → read gives the same configuration and no
 * diagnostics, write → read → write the same bytes, and the validator says
 * the same of the written file).
 */
import assert from "node:assert/strict";
import { check } from "../../src/image/check.ts";
import type { SystemConfig } from "../../src/image/config.ts";
import { type Diagnostic, formatDiagnostic } from "../../src/image/diagnostic.ts";
import { readConfigXml } from "../../src/image/xml/read.ts";
import { writeConfigXml } from "../../src/image/xml/write.ts";

const CORPUS = new URL("../fixtures/xmcf/", import.meta.url);

/**
 * The diagnostics each file gives, as {@linkcode formatDiagnostic} writes them
 * (the file named by its base name): those of the reader, then those of the
 * validator. Only warnings: a good file has no errors.
 */
const EXPECTED: Readonly<Record<string, { readonly read: string[]; readonly check: string[] }>> = {
  "hello_world.xml": { read: [], check: [] },
  "timers.xml": { read: [], check: [] },
  "health_monitor.xml": { read: [], check: [] },
  "ports.xml": { read: [], check: [] },
  "plans.xml": { read: [], check: [] },
  "shared_memory.xml": {
    read: [],
    check: [
      'shared_memory.xml:47:17: warning: memory area 1 of partition 1 "Reader" overlaps memory area 1 of partition 0 "Supervisor": expected disjoint areas unless the memory is meant to be shared, found [0x40300000, 0x40303FFF] and [0x40300000, 0x40303FFF] [area-overlap]',
    ],
  },
  "devices.xml": { read: [], check: [] },
  "hw_resources.xml": { read: [], check: [] },
  "resident_sw.xml": { read: [], check: [] },
  "xtratum_3_2.xml": {
    read: [
      "xtratum_3_2.xml:22:17: warning: Processor: XtratuM 3.2 spelling <Sched><CyclicPlan> read as XM-Q's <CyclicPlanTable> [xm3-spelling]",
      "xtratum_3_2.xml:38:9: warning: XMHypervisor: XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's <PhysicalMemoryArea> (its size and flags; its start is ignored: XM-Q places the hypervisor where its build says) [xm3-spelling]",
      `xtratum_3_2.xml:42:20: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_WRITE_ERROR" read as XM-Q's XM_HM_EV_SPARCV8_WRITE_ERROR [xm3-spelling]`,
      `xtratum_3_2.xml:42:48: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_COLD_RESET" read as XM-Q's XM_HM_AC_HYPERVISOR_COLD_RESET (in the hypervisor's table) [xm3-spelling]`,
      `xtratum_3_2.xml:52:24: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_DIVIDE_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION [xm3-spelling]`,
      `xtratum_3_2.xml:60:24: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_DATA_ACCESS_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DATA_ACCESS_EXCEPTION [xm3-spelling]`,
      `xtratum_3_2.xml:60:62: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_WARM_RESET" read as XM-Q's XM_HM_AC_PARTITION_WARM_RESET (in a partition's table) [xm3-spelling]`,
    ],
    check: [],
  },
  "xtratum_3_7.xml": {
    read: [
      `xtratum_3_7.xml:15:21: warning: Region@type: XtratuM 3.7 region type "ram" read as XM-Q's sdram [xm3-spelling]`,
      `xtratum_3_7.xml:35:20: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_DATA_ACCESS_ERROR" read as XM-Q's XM_HM_EV_SPARCV8_DATA_ACCESS_ERROR [xm3-spelling]`,
      `xtratum_3_7.xml:45:24: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_DIVIDE_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION [xm3-spelling]`,
      `xtratum_3_7.xml:46:24: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_PRIVILEGED_INSTR" read as XM-Q's XM_HM_EV_SPARCV8_PRIVILEGED_INSTR [xm3-spelling]`,
      `xtratum_3_7.xml:55:24: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_MEM_ADDR_NOT_ALIGNED" read as XM-Q's XM_HM_EV_SPARCV8_MEM_ADDR_NOT_ALIGNED [xm3-spelling]`,
      `xtratum_3_7.xml:55:67: warning: Event@action: XtratuM 3.7 spelling "XM_HM_AC_PARTITION_HALT" read as XM-Q's XM_HM_AC_HALT (in a partition's table) [xm3-spelling]`,
    ],
    check: [],
  },
  "xmbench_extension.xml": { read: [], check: [] },
};

/** The lines of the errors among some diagnostics. */
function errors(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
}

/** Reads a corpus file, which must give a configuration without errors. */
function readGood(name: string): { config: SystemConfig; diagnostics: readonly Diagnostic[] } {
  const text = Deno.readTextFileSync(new URL(name, CORPUS));
  const read = readConfigXml(text, name);
  assert.deepEqual(errors(read.diagnostics), [], `${name}: the reader's errors`);
  assert.ok(read.config, `${name}: no errors, so the reader must give a configuration`);
  const checked = check(read.config, read.sources);
  assert.deepEqual(errors(checked), [], `${name}: the validator's errors`);
  return { config: read.config, diagnostics: [...read.diagnostics, ...checked] };
}

Deno.test("corpus: the table lists every file of tests/fixtures/xmcf, and its README each", () => {
  const files = [...Deno.readDirSync(CORPUS)]
    .map((e) => e.name)
    .filter((n) => n.endsWith(".xml"))
    .sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
  const readme = Deno.readTextFileSync(new URL("README.md", CORPUS));
  for (const f of files) assert.ok(readme.includes(`\`${f}\``), `README.md does not describe ${f}`);
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  Deno.test(`corpus ${name}: reads and checks without errors, with exactly the listed warnings`, () => {
    const text = Deno.readTextFileSync(new URL(name, CORPUS));
    const read = readConfigXml(text, name);
    assert.deepEqual(read.diagnostics.map(formatDiagnostic), expected.read, "the reader's");
    assert.ok(read.config, "no errors, so the reader must give a configuration");
    const checked = check(read.config, read.sources);
    assert.deepEqual(checked.map(formatDiagnostic), expected.check, "the validator's");
  });

  Deno.test(`corpus ${name}: CR LF line ends read the same as LF`, () => {
    const text = Deno.readTextFileSync(new URL(name, CORPUS));
    const lf = readConfigXml(text, name);
    const crlf = readConfigXml(text.replaceAll("\n", "\r\n"), name);
    assert.deepEqual(crlf.diagnostics.map(formatDiagnostic), lf.diagnostics.map(formatDiagnostic));
    assert.deepEqual(crlf.config, lf.config);
    assert.deepEqual([...crlf.sources], [...lf.sources]);
  });

  Deno.test(`corpus ${name}: write → read gives the same config, and write again the same bytes`, () => {
    const { config } = readGood(name);
    const xml = writeConfigXml(config);
    const written = `${name} (written)`;
    const again = readConfigXml(xml, written);
    assert.deepEqual(
      again.diagnostics.map(formatDiagnostic),
      [],
      `the writer's XM-Q form reads without diagnostics:\n${xml}`,
    );
    assert.ok(again.config);
    assert.deepEqual(again.config, config);
    assert.equal(writeConfigXml(again.config), xml);
    // The validator judges the written file as it judged the original, positions aside.
    const messages = (ds: readonly Diagnostic[]) =>
      ds.map((d) => `${d.severity} ${d.code} ${d.message}`);
    assert.deepEqual(
      messages(check(again.config, again.sources)),
      messages(check(config)),
    );
  });
}
