// The embed's size budget: what a page downloads before any engine is chosen — /player.js and
// player/embed.js with every chunk it imports statically — must stay within BUDGET gzip bytes.
// Engine chunks (dynamic imports) load only when chosen and are listed, not counted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = 40 * 1024;
const dist = path.resolve('dist/embed');

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function reportEmbedSize() {
  const manifest = JSON.parse(readFileSync(path.join(dist, 'player/.vite/manifest.json'), 'utf8'));
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const initial = new Set();
  const walk = (key) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const dep of manifest[key].imports ?? []) walk(dep);
  };
  walk(entryKey);

  const rows = [['player.js (loader)', gz(path.join(dist, 'player.js')), true]];
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.file.endsWith('.js')) continue;
    rows.push([`player/${chunk.file}`, gz(path.join(dist, 'player', chunk.file)), initial.has(key)]);
  }
  const total = rows.filter(([, , counted]) => counted).reduce((sum, [, size]) => sum + size, 0);
  console.log('\nembed sizes (gzip -9):');
  for (const [file, size, counted] of rows.sort((a, b) => Number(b[2]) - Number(a[2]) || b[1] - a[1])) {
    console.log(`  ${counted ? '*' : ' '} ${kb(size).padStart(9)}  ${file}`);
  }
  console.log(`  * = loaded up front: ${kb(total)} of the ${kb(BUDGET)} budget\n`);
  if (total > BUDGET) {
    console.error(`embed size check failed: ${kb(total)} > ${kb(BUDGET)} (core + skin, gzip)`);
    return false;
  }
  return true;
}
