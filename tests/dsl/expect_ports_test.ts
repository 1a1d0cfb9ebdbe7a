/**
 * dsl/expect/ports.ts: a port's traffic (operations, partition, size,
 * valid flag, result, counts) on a sampling and a queuing channel —
 * passing and failing, with its report.
 */
import assert from "node:assert/strict";
import { DslError } from "../../dsl/errors.ts";
import { runImage } from "../../dsl/run.ts";
import { expect } from "../../dsl/expect/expect.ts";
import { partitionProgram } from "../../src/xal/program.ts";
import { failureOf, twoPartitions } from "./run_fixtures.ts";

const sender = partitionProgram().buffer("s", 4).buffer("q", 4)
  .createSamplingPort("s", "SpeedOut", 16, "XM_SOURCE_PORT")
  .createQueuingPort("q", "CmdOut", 2, 8, "XM_SOURCE_PORT")
  .forever((b) => b.writeSamplingMessage("s", "v=42").sendQueuingMessage("q", "go").idle());
const receiver = partitionProgram().buffer("s", 4).buffer("q", 4).buffer("m", 16)
  .createSamplingPort("s", "SpeedIn", 16, "XM_DESTINATION_PORT")
  .createQueuingPort("q", "CmdIn", 2, 8, "XM_DESTINATION_PORT")
  .forever((b) => b.readSamplingMessage("s", "m", 16).idle());
const run = runImage(
  twoPartitions(sender, receiver, {
    p0Extra: `<PortTable><Port name="SpeedOut" type="sampling" direction="source" />
      <Port name="CmdOut" type="queuing" direction="source" /></PortTable>`,
    p1Extra: `<PortTable><Port name="SpeedIn" type="sampling" direction="destination" />
      <Port name="CmdIn" type="queuing" direction="destination" /></PortTable>`,
    channels: `<SamplingChannel maxMessageLength="16B">
        <Source partitionId="0" portName="SpeedOut" /><Destination partitionId="1" portName="SpeedIn" />
      </SamplingChannel>
      <QueuingChannel maxNoMessages="2" maxMessageLength="8B">
        <Source partitionId="0" portName="CmdOut" /><Destination partitionId="1" portName="CmdIn" />
      </QueuingChannel>`,
  }),
  { for: "60ms" },
);

Deno.test("toHaveTraffic: writes, reads, sizes, the valid flag and counts", () => {
  expect(run).port("SpeedOut").toHaveTraffic();
  expect(run).port("SpeedOut").toHaveTraffic({ operation: "write", partition: 0, size: 4 }, 3);
  expect(run).port("SpeedIn").toHaveTraffic({ operation: "read", size: 4, valid: true }, 3);
  expect(run).port("CmdOut").toHaveTraffic({ operation: "send", resultName: "XM_OK" }, 2);
  // the queue holds 2: the third send is refused
  expect(run).port("CmdOut").toHaveTraffic(
    { operation: "send", resultName: "XM_NOT_AVAILABLE" },
    1,
  );
  expect(run).port("CmdOut").toHaveTraffic({ operation: "send" }, { atLeast: 2, atMost: 3 });
  expect(run).port("CmdIn").not.toHaveTraffic({ operation: "receive" });
  assert.equal(run.portTraffic("SpeedOut").length, 4); // create + 3 writes
});

Deno.test("toHaveTraffic: fails with the port's operations listed", () => {
  const report = failureOf(() =>
    expect(run).port("SpeedIn").toHaveTraffic({ operation: "read", valid: false })
  );
  assert.match(
    report,
    /^expect\(run\)\.port\("SpeedIn"\)\.toHaveTraffic\(\{ operation: "read", valid: false \}\) failed\n\nExpected: port "SpeedIn" to carry at least one read, invalid\nReceived: 0 matching operations of 4 \(1 create, 3 read\)\nOperations on "SpeedIn":\n {2}- P1 create 0 B = 2 at 10\.742 ms\n {2}- P1 read 4 B = 4 at 10\.770 ms\n[^]*\n> {4}50\.202 ms {2}P1 {3}port {15}read "SpeedIn" 4 bytes = 4\n/,
  );
  assert.match(
    failureOf(() => expect(run).port("SpeedOut").toHaveTraffic({ operation: "write" }, 5)),
    /Expected: port "SpeedOut" to carry exactly 5 writes\nReceived: 3 matching operations of 4 \(1 create, 3 write\)\n/,
  );
  // a port that saw nothing: the excerpt-free "saw no traffic"
  const quiet = runImage(
    twoPartitions(partitionProgram().forever((b) => b.idle()), receiver, {
      p0Extra: `<PortTable><Port name="SpeedOut" type="sampling" direction="source" /></PortTable>`,
      p1Extra:
        `<PortTable><Port name="SpeedIn" type="sampling" direction="destination" /></PortTable>`,
      channels: `<SamplingChannel maxMessageLength="16B">
        <Source partitionId="0" portName="SpeedOut" /><Destination partitionId="1" portName="SpeedIn" />
      </SamplingChannel>`,
    }),
    { for: "20ms" },
  );
  assert.match(
    failureOf(() => expect(quiet).port("SpeedOut").toHaveTraffic()),
    /Received: 0 matching operations; the port saw no traffic$/,
  );
});

Deno.test("toHaveTraffic: the excerpt is at the port's last event when too few, the first surplus when too many", () => {
  assert.match(
    failureOf(() => expect(run).port("SpeedOut").toHaveTraffic({ operation: "write" }, 5)),
    /\nTrace around 40\.202 ms:\n[^]*\n> +40\.202 ms {2}P0 {3}port {15}write "SpeedOut"/,
  );
  assert.match(
    failureOf(() => expect(run).port("SpeedOut").toHaveTraffic({ operation: "write" }, 1)),
    /\nTrace around 20\.202 ms:\n[^]*\n> +20\.202 ms {2}P0 {3}port {15}write "SpeedOut"/,
  );
});

Deno.test("a port or a partition that does not exist is an error, negated or not, listing what exists", () => {
  const ports = `the system's ports are: "SpeedOut", "CmdOut", "SpeedIn", "CmdIn"`;
  for (
    const assertion of [
      () => expect(run).port("SPEEDOUT").toHaveTraffic(),
      () => expect(run).port("SPEEDOUT").not.toHaveTraffic(),
      () => expect(run).not.port("SPEEDOUT").toHaveTraffic(),
    ]
  ) {
    assert.throws(
      assertion,
      (e: unknown) =>
        e instanceof DslError &&
        e.message.startsWith(`expect(run).`) &&
        e.message.endsWith(
          `port("SPEEDOUT"): there is no port "SPEEDOUT" (did you mean "SpeedOut"?): ${ports}`,
        ),
    );
  }
  assert.throws(
    () => expect(run).port("SpeedOut").not.toHaveTraffic({ partition: 7 }),
    (e: unknown) =>
      e instanceof DslError &&
      e.message ===
        `expect(run).port("SpeedOut").not.toHaveTraffic({ partition: 7 }): partition: there is no partition 7: the system's partitions are: 0 (P0), 1 (P1)`,
  );
});
