/** Chromium flags for a headless run in a container. */
export declare const chromiumArgs: readonly string[];
/** Finds a Chromium executable: CHROMIUM_PATH, /usr/bin/chromium, PATH, then a Playwright-installed browser. */
export declare function findChromium(env?: NodeJS.ProcessEnv): { path: string | undefined; source: string };
/** Playwright `launch()` options for the Chromium found. */
export declare function chromiumLaunchOptions(env?: NodeJS.ProcessEnv): {
  executablePath?: string;
  args: string[];
};
