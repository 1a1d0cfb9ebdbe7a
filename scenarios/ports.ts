/**
 * Ports: a producer and a consumer talk through a sampling channel (the
 * latest speed, overwritten each frame) and a queuing channel (commands, in
 * order, each read once). The traffic is asserted from the kernel's trace.
 *
 * ```sh
 * deno run -A scenarios/ports.ts
 * ```
 *
 * @module
 */
import {
  defineScenario,
  expect,
  partitionProgram,
  queuing,
  sampling,
  system,
} from "@xmbench/xmbench";

// the producer: opens both ports, then in each slot writes the speed and queues a command
const producer = partitionProgram<"user">()
  .buffer("speed", 4).buffer("cmd", 4) // the ports' descriptors
  .createSamplingPort("speed", "SPEED", 16, "XM_SOURCE_PORT")
  .createQueuingPort("cmd", "CMD", 4, 16, "XM_SOURCE_PORT")
  .forever((s) =>
    s.writeSamplingMessage("speed", "v=42").expectResult("XM_OK")
      .sendQueuingMessage("cmd", "go").expectResult("XM_OK")
      .idle()
  );
// the consumer: in each slot reads the speed and one command, and prints them
const consumer = partitionProgram<"user">()
  .buffer("speed", 4).buffer("cmd", 4).buffer("msg", 17).buffer("order", 17)
  .createSamplingPort("speed", "SPEED", 16, "XM_DESTINATION_PORT")
  .createQueuingPort("cmd", "CMD", 4, 16, "XM_DESTINATION_PORT")
  .forever((s) =>
    s.readSamplingMessage("speed", "msg", 16)
      .receiveQueuingMessage("cmd", "order", 16)
      .print("speed ").printString("msg").print(", command ").printString("order").print("\n")
      .idle()
  );

const ports = defineScenario({
  name: "ports",
  system: system("ports")
    .partition(0, "Producer", (p) => p.area(0x40100000, "64KB").program(producer))
    .partition(1, "Consumer", (p) => p.area(0x40200000, "64KB").program(consumer))
    .plan(0, "20ms", (pl) => pl.slot("0ms", "5ms", "Producer").slot("10ms", "5ms", "Consumer"))
    // 16-byte messages: the latest speed (sampling), up to 4 commands in order (queuing)
    .channel(sampling("16B").from("Producer", "SPEED").to("Consumer", "SPEED"))
    .channel(queuing("16B", 4).from("Producer", "CMD").to("Consumer", "CMD")),
  for: "70ms",
  check: (run) => {
    // four frames started (0, 20, 40, 60 ms): four writes and sends, three reads and receives
    expect(run).port("SPEED").toHaveTraffic({ operation: "write", partition: 0, size: 4 }, 4);
    expect(run).port("SPEED").toHaveTraffic({ operation: "read", partition: 1, valid: true }, 3);
    expect(run).port("CMD").toHaveTraffic({ operation: "send", size: 2, resultName: "XM_OK" }, 4);
    expect(run).port("CMD").toHaveTraffic({ operation: "receive", size: 2 }, 3);
    expect(run).console(1).toHaveLinesInOrder([
      "speed v=42, command go",
      "speed v=42, command go",
      "speed v=42, command go",
    ]);
  },
});

export default ports;
if (import.meta.main) await ports.main();
