// `npm test` runs the page tests in the system Chromium (playwright-core drives it; nothing is downloaded by npm).
// Before the suite: when Chromium or the Chinese fonts are missing and this machine can install Debian packages
// (root with apt-get, as in CI and the dev containers), install them as `.ci/run` does; otherwise say what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const has = (cmd) => {
  try {
    execSync(cmd, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const fonts = () => has('fc-list | grep -q "Noto Sans CJK"');

if (!existsSync(chromium) || !fonts()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('command -v apt-get')) {
    console.log('installing chromium and fonts-noto-cjk for the page tests (apt-get, about a minute)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // another install in progress (e.g. a second `npm test` started at the same time) is waited for, not failed on
    const apt = 'apt-get -o DPkg::Lock::Timeout=600';
    try {
      execSync(`${apt} install -y -qq chromium fonts-noto-cjk`, { stdio: 'inherit', env });
    } catch {
      execSync(`${apt} update -qq && ${apt} install -y -qq chromium fonts-noto-cjk`, { stdio: 'inherit', env });
    }
  } else {
    console.warn(
      `the page tests need Chromium at ${chromium} and the Noto CJK fonts: ` +
        'sudo apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)',
    );
  }
}
