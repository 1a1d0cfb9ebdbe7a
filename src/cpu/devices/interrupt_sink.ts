/**
 * The AMBA interrupt lines as a device sees them. GRLIB cores drive
 * `apbo.pirq`, one line per interrupt number, into the interrupt controller,
 * which ORs every line into its pending register on every clock
 * (irqmp.vhd). Most cores pulse a line for one clock when something happens
 * ({@linkcode InterruptSink.raise}); a few hold it high while a condition
 * lasts ({@linkcode InterruptSink.drive}), which is the same as a pulse on
 * every clock: the pending bit cannot stay cleared while the line is high.
 *
 * @module
 */

/** Where devices send interrupts (`Irqmp` implements it). */
export interface InterruptSink {
  /**
   * A one-clock pulse on line `irq`: sets its pending bit.
   *
   * @param irq The interrupt number (1-15, or 16-31 with extended interrupts).
   */
  raise(irq: number): void;
  /**
   * Holds line `irq` high or releases it. Each source calls it only when its
   * own output changes, so the sink can count the sources holding a line.
   *
   * @param irq The interrupt number.
   * @param high True to hold the line, false to release it.
   */
  drive(irq: number, high: boolean): void;
}

/** A sink that drops every interrupt, for devices wired to nothing. */
export const NO_INTERRUPTS: InterruptSink = {
  raise() {},
  drive() {},
};
