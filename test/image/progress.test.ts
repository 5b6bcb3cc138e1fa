import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, progressBar } from '../../src/util/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { out: string } {
  const s = { isTTY, columns: 80, out: '', write(chunk: string) { s.out += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { out: string };
}

describe('progress bar', () => {
  it('draws on a TTY, throttled, and ends with the final state and a newline', () => {
    const s = fakeStream(true);
    const bar = progressBar('import', s);
    for (let i = 1; i <= 1000; i++) bar.update(i * 1024 * 1024, 1000 * 1024 * 1024);
    bar.finish();
    const frames = s.out.split('\r').filter(Boolean);
    assert.ok(frames.length >= 2 && frames.length < 20, `frames: ${frames.length}`);
    assert.match(frames.at(-1) ?? '', /100% 1000\.0 MiB\/1000\.0 MiB\n$/);
  });

  it('stays silent when not a TTY', () => {
    const s = fakeStream(false);
    const bar = progressBar('import', s);
    bar.update(1, 2);
    bar.finish();
    assert.equal(s.out, '');
  });

  it('formats bytes', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(10 * 1024 ** 3), '10.0 GiB');
  });
});
