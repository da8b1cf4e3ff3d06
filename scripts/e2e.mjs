// Runs the Playwright suite. As root (CI, this machine) it runs inside a fresh network namespace
// holding only loopback and one veth test address, so WebRTC media between Chromium and the server
// never touches a real interface: Chromium gathers no loopback candidates, and it gathers none at all
// without a routed interface, hence the veth pair with a default route inside the namespace.
// Elsewhere (a developer's laptop) it runs directly.
import { spawnSync } from 'node:child_process';

const TEST_ADDRESS = '198.18.0.1'; // RFC 2544 benchmarking range, private to the namespace
const given = process.argv.slice(2);
const args = given.some((a) => a === '-c' || a.startsWith('--config'))
  ? given
  : ['-c', 'e2e/playwright.config.ts', ...given];

function canIsolate() {
  if (process.env.BRUME_IN_NETNS || process.env.BRUME_E2E_NETNS === '0') return false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  return spawnSync('unshare', ['-n', 'true']).status === 0 && spawnSync('ip', ['-V']).status === 0;
}

let result;
if (canIsolate()) {
  const setup = [
    'ip link set lo up',
    'ip link add brume0 type veth peer name brume1',
    `ip addr add ${TEST_ADDRESS}/24 dev brume0`,
    'ip link set brume0 up',
    'ip link set brume1 up',
    'ip route add default via 198.18.0.2 dev brume0',
  ].join(' && ');
  const inner = ['node', 'scripts/e2e.mjs', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  console.log(`e2e: isolated network namespace, WebRTC on ${TEST_ADDRESS}`);
  result = spawnSync('unshare', ['-n', 'sh', '-c', `${setup} && exec ${inner}`], {
    stdio: 'inherit',
    env: { ...process.env, BRUME_IN_NETNS: '1', BRUME_ICE_HOSTS: TEST_ADDRESS },
  });
} else {
  result = spawnSync('npx', ['playwright', 'test', ...args], {
    stdio: 'inherit',
  });
}
process.exit(result.status ?? 1);
