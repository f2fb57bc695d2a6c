// How the e2e tests and the editor benchmark launch Chromium: the system's binary (CHROMIUM_PATH
// or /usr/bin/chromium), without a sandbox, GPU or background traffic that would add noise.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};
