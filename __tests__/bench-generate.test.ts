import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeGeneratedTraeger } from "../bench/generate";
import { loadVerbund } from "../lib/verbund";

describe("the benchmark's generated Träger", () => {
  it("are valid declarations, each with network, directory, backup and a desktop pool", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-gen-"));
    try {
      expect(writeGeneratedTraeger(dir, 40)).toHaveLength(40);
      const { verbund, problems } = loadVerbund({ env: { TENANTS_DIR: dir } });
      expect(problems).toEqual([]);
      const t = verbund!.model.traeger[39]!;
      expect([t.network.addressSpace, t.directory.extraGroups.length, t.backup.retention.vm.daily, t.pools[0]!.sessionHostCount]).toEqual(["10.64.156.0/22", 1, 30, 3]);
      // Half adopt a declared subscription, half have theirs vended: both kinds of subscription stack are measured.
      const traeger = verbund!.model.traeger;
      expect(traeger.filter((x) => x.subscriptionId === undefined)).toHaveLength(20);
      expect(traeger.filter((x) => x.subscriptionId !== undefined)).toHaveLength(20);
      expect(() => writeGeneratedTraeger(dir, 1025)).toThrow("at most 1,024");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
