import type { Metadata } from "next";
import { ActionForm } from "../../../../components/console/action-form";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";
import { addDepartmentAction, renameDepartmentAction } from "../../../../lib/console/settings-actions";

export const metadata: Metadata = { title: "Departments · Tawkster" };

/** Admins: add and rename departments. */
export default async function DepartmentsPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "departments");
  const { departments } = await loadDirectory(actor);
  return (
    <>
      <div className="c-page-head">
        <h1>Departments</h1>
      </div>
      <section className="c-section" aria-labelledby="add-department-heading">
        <h2 id="add-department-heading">Add a department</h2>
        <ActionForm action={addDepartmentAction} submitLabel="Add" className="c-form c-form--inline">
          <div className="c-field">
            <label htmlFor="department-name">Name</label>
            <input id="department-name" name="name" type="text" required maxLength={120} />
          </div>
        </ActionForm>
      </section>
      <section className="c-section" aria-labelledby="departments-heading">
        <h2 id="departments-heading">Departments</h2>
        <ul className="c-nav__list">
          {departments.map((d) => (
            <li key={d.id} className="c-card">
              <ActionForm
                action={renameDepartmentAction}
                submitLabel="Rename"
                className="c-form c-form--inline"
                submitClassName="c-button"
                label={`Rename ${d.name}`}
              >
                <input type="hidden" name="departmentId" value={d.id} />
                <div className="c-field">
                  <label htmlFor={`rename-${d.id}`}>Name of {d.name}</label>
                  <input
                    id={`rename-${d.id}`}
                    name="name"
                    type="text"
                    defaultValue={d.name}
                    required
                    maxLength={120}
                  />
                </div>
              </ActionForm>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
