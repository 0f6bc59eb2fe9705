import type { TDepartment } from "@tawkster/core/schemas";

type TProps = {
  departments: readonly TDepartment[];
  selected: string | undefined;
  /** Other query parameters to keep (e.g. the tab). */
  keep?: Readonly<Record<string, string>>;
  action: string;
};

/** A department filter as a plain GET form: works without JavaScript and with the keyboard. */
export function DepartmentFilter({ departments, selected, keep = {}, action }: TProps) {
  return (
    <form method="get" action={action} className="c-filter">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="department-filter">Department</label>
      <select id="department-filter" name="department" defaultValue={selected ?? ""}>
        <option value="">All my departments</option>
        {departments.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <button type="submit" className="c-button">
        Filter
      </button>
    </form>
  );
}
