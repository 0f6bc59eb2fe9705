import type { ScopedStore } from "@tawkster/core/store";
import { CliError } from "./cli-error";

/** The ids of departments named on the command line (names compare case-insensitively). */
export async function findDepartmentIds(scope: ScopedStore, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const departments = await scope.departments.list();
  return names.map((name) => {
    const wanted = name.trim().toLowerCase();
    const found = departments.find((d) => d.name.toLowerCase() === wanted);
    if (!found) {
      const known = departments.map((d) => d.name).join(", ");
      throw new CliError(`no department named "${name.trim()}" (there are: ${known})`);
    }
    return found.id;
  });
}
