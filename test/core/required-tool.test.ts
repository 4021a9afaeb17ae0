/** The tool gate: skip with a warning on a laptop, fail the run under CI=true, never skip when the tool is there. */
import { describe, expect, it, vi } from 'vitest';
import { isCi, skipWithout } from '../helpers/required-tool.js';

describe('skipWithout', () => {
  it('never skips when the tool is there', () => {
    expect(skipWithout('exiftool', null, 'apt-get install -y libimage-exiftool-perl', { CI: 'true' })).toBe(false);
  });

  it('fails under CI=true when the tool is missing, saying how to install it', () => {
    expect(() => skipWithout('PIL (python3-pil)', 'python3 cannot import PIL', 'apt-get install -y python3-pil', { CI: 'true' })).toThrow(
      'CI=true: PIL (python3-pil) is needed by these tests but python3 cannot import PIL. Install it: apt-get install -y python3-pil',
    );
    expect(isCi({ CI: '1' })).toBe(true);
  });

  it('skips with a warning outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(skipWithout('unshare', 'it is not installed', 'apt-get install -y util-linux', {})).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPED (not allowed under CI=true): unshare is needed'));
    warn.mockRestore();
  });
});
