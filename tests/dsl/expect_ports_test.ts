/**
 * dsl/expect/ports.ts: a port's traffic (operations, partition, size,
 * valid flag, result, counts) on a sampling and a queuing channel —
 * passing and failing, with its report.
 */
import assert from "node:assert/strict";
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
    /^expect\(run\)\.port\("SpeedIn"\)\.toHaveTraffic\(\{ operation: "read", valid: false \}\) failed\n\nExpected: port "SpeedIn" to carry at least one read, invalid\nReceived: 0 matching operations of 4 \(1 create, 3 read\)\nOperations on "SpeedIn":\n {2}- P1 create 0 B = 2 at 10\.742 ms\n {2}- P1 read 4 B = 4 at 10\.770 ms\n[^]*\n> {4}10\.742 ms {2}P1 {3}port {15}create "SpeedIn" = 2\n/,
  );
  assert.match(
    failureOf(() => expect(run).port("SpeedOut").toHaveTraffic({ operation: "write" }, 5)),
    /Expected: port "SpeedOut" to carry exactly 5 writes\nReceived: 3 matching operations of 4 \(1 create, 3 write\)\n/,
  );
  assert.match(
    failureOf(() => expect(run).port("Nope").toHaveTraffic()),
    /Received: 0 matching operations; the port saw no traffic$/,
  );
});
