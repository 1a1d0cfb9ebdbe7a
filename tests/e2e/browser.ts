/**
 * A real headless browser for the tests of HTML views: Debian's `chromium`
 * driven by npm `playwright-core` (pinned in deno.json), under Deno.
 * Playwright launches it without its sandbox (as root in CI it would not
 * start otherwise) and downloads nothing: the executable is the system's.
 *
 * The chromium used is `$XMBENCH_CHROMIUM`, else the first of `chromium`,
 * `chromium-browser` found on the PATH's usual places; tests skip with
 * {@linkcode skipNote} when there is none.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { hasCommand } from "./tools.ts";

/** The chromium executable, or undefined when none is installed. */
export const CHROMIUM: string | undefined = (() => {
  const given = Deno.env.get("XMBENCH_CHROMIUM");
  const candidates = given !== undefined && given !== ""
    ? [given]
    : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c) => hasCommand(c, ["--headless", "--version"]));
})();

/** What went wrong while a page loaded and ran: console errors, uncaught errors, network requests. */
export interface PageProblems {
  /** `console.error` messages and uncaught exceptions. */
  readonly errors: string[];
  /** Requests for anything but the page itself (a self-contained page makes none). */
  readonly requests: string[];
}

/**
 * Starts chromium headless.
 *
 * @returns The browser (close it).
 * @throws {Error} When no chromium is installed.
 */
export function launchBrowser(): Promise<Browser> {
  if (CHROMIUM === undefined) throw new Error("no chromium: apt-get install -y chromium");
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/**
 * Opens an HTML file in a new page, recording its problems; every request
 * other than for the file itself is aborted and recorded.
 *
 * @param browser The browser.
 * @param path An absolute path to the HTML file.
 * @param viewport The viewport size (default 1400 × 900).
 * @returns The page and its problems so far (the lists keep filling).
 */
export async function openFile(
  browser: Browser,
  path: string,
  viewport = { width: 1400, height: 900 },
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport });
  const problems: PageProblems = { errors: [], requests: [] };
  const url = `file://${path}`;
  page.on("console", (m) => {
    if (m.type() === "error") problems.errors.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.errors.push(`uncaught: ${e.message}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    problems.requests.push(u);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}
