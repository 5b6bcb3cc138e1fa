/**
 * The README's examples marked `js runnable` run as written, importing the package by its own name
 * (the self-reference through package.json "exports" after the build), so the README stays true.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js runnable\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('has runnable examples', () => assert.ok(blocks.length >= 3, `found ${blocks.length}`));

  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs (${code.split('\n')[0]})`, () => {
      // Inside the package directory so `stratus/...` resolves to this package's own exports.
      const dir = mkdtempSync(join(root, 'dist', '.readme-'));
      const file = join(dir, `example-${i + 1}.mjs`);
      writeFileSync(file, code);
      try {
        const out = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000, cwd: root });
        assert.ok(out.trim().length > 0, 'example printed nothing');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
