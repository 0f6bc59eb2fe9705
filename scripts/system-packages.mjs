// Installs the Debian packages the test suites drive for real (Chromium for Playwright), only when
// missing, so `npm test` works on a fresh machine and costs nothing on a prepared one.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const BROWSER = [{ bin: "/usr/bin/chromium", pkg: "chromium" }];

let updated = false;

function aptInstall(pkgs) {
  if (pkgs.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages: ${pkgs.join(", ")}. Install them with apt-get (needs root).`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!updated) {
    execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
    updated = true;
  }
  console.log(`Installing system packages: ${pkgs.join(" ")}`);
  const r = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (r.status !== 0) throw new Error(`apt-get install ${pkgs.join(" ")} failed`);
}

/** Installs whatever of the wanted groups is missing. */
export function ensureSystemPackages({ browser = false, extra = [] } = {}) {
  const wanted = [...(browser ? BROWSER : []), ...extra];
  aptInstall(wanted.filter((w) => !existsSync(w.bin)).map((w) => w.pkg));
}
