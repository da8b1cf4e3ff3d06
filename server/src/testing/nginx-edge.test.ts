import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGE_CONFIG, renderEdgeConfig } from './nginx-edge';

const values = { origin: '127.0.0.1:9999', listen: '127.0.0.1:7777', cacheDir: '/tmp/x/cache' };

describe('renderEdgeConfig', () => {
  const example = readFileSync(EDGE_CONFIG, 'utf8');
  const rendered = renderEdgeConfig(example, values);

  it('replaces the three marked values of the shipped example', () => {
    expect(rendered).toContain('server 127.0.0.1:9999;');
    expect(rendered).toContain('listen 127.0.0.1:7777;');
    expect(rendered).toContain('proxy_cache_path /tmp/x/cache-media ');
    expect(rendered).toContain('proxy_cache_path /tmp/x/cache-playlists ');
    expect(rendered).not.toContain('/var/cache/nginx');
  });

  it('keeps the rules the relay relies on: full-URL keys (token included) and collapsed requests', () => {
    expect(rendered).toMatch(/^\s*proxy_cache_key \$scheme\$proxy_host\$request_uri;/m);
    expect(rendered).toMatch(/^\s*proxy_cache_lock on;/m);
    expect(rendered).toMatch(/^\s*proxy_cache_use_stale updating;/m);
  });

  it('refuses an example whose marked lines are gone', () => {
    expect(() => renderEdgeConfig(example.replace('# the port viewers use', ''), values)).toThrow(
      /marked line/,
    );
  });
});
