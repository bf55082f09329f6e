/// <reference types="jest-file-snapshot" />
// toMatchFile, with its types from jest-file-snapshot; the module itself is loaded by the first test
// that compares a file, not by each of the ~70 test files (it costs about 20 ms of every file's start).
expect.extend({
  toMatchFile(this: jest.MatcherContext, received: unknown, ...rest: unknown[]) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toMatchFile } = require("jest-file-snapshot") as { toMatchFile: (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult };
    return toMatchFile.call(this, received, ...rest);
  },
});
