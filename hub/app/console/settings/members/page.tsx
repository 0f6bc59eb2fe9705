import type { TDepartment, TMember } from "@tawkster/core/schemas";
import { listMembers } from "@tawkster/core/workspace";
import type { Metadata } from "next";
import { ActionForm } from "../../../../components/console/action-form";
import { ConfirmAction } from "../../../../components/console/confirm-action";
import { requireArea } from "../../../../lib/console/guard";
import { loadDirectory } from "../../../../lib/console/inbox";
import { getConsoleSession } from "../../../../lib/console/session";
import {
  deactivateMemberAction,
  inviteMemberAction,
  revokeMemberSessionsAction,
  updateMemberAction,
} from "../../../../lib/console/settings-actions";
import { getHub } from "../../../../lib/runtime";

export const metadata: Metadata = { title: "Members · Tawkster" };

const ROLES = ["agent", "manager", "admin"] as const;

/** Admins: invite members, change their role and departments, deactivate them; 2FA status shown. */
export default async function MembersPage() {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "members");
  const [members, directory] = await Promise.all([listMembers(getHub(), actor), loadDirectory(actor)]);
  const { departments } = directory;
  return (
    <>
      <div className="c-page-head">
        <h1>Members</h1>
      </div>
      <section className="c-section" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite a member</h2>
        <ActionForm action={inviteMemberAction} submitLabel="Invite">
          <div className="c-field">
            <label htmlFor="invite-email">Email</label>
            <input id="invite-email" name="email" type="email" required autoComplete="off" />
          </div>
          <div className="c-field">
            <label htmlFor="invite-name">Name</label>
            <input id="invite-name" name="name" type="text" required autoComplete="off" />
          </div>
          <RoleSelect id="invite-role" defaultValue="agent" />
          <DepartmentChecks legend="Departments" idPrefix="invite" departments={departments} selected={[]} />
        </ActionForm>
      </section>
      <section className="c-section" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <div className="c-table-wrap">
          <table className="c-table">
            <caption className="c-sr-only">Members of the workspace</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Departments</th>
                <th scope="col">Status</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Manage</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow
                  key={m.id}
                  member={m}
                  departments={departments}
                  departmentNames={m.departmentIds.map(directory.departmentName)}
                  isSelf={m.id === actor.memberId}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function MemberRow(props: {
  member: TMember;
  departments: TDepartment[];
  departmentNames: string[];
  isSelf: boolean;
}) {
  const { member } = props;
  return (
    <tr>
      <th scope="row">{member.name}</th>
      <td>{member.email}</td>
      <td>{member.role}</td>
      <td>{props.departmentNames.join(", ") || <span className="c-muted">None</span>}</td>
      <td>{member.status}</td>
      <td>
        {member.twoFactorEnabled ? (
          <span className="c-badge c-badge--verified">On</span>
        ) : (
          <span className="c-badge c-badge--unverified">Not set up</span>
        )}
      </td>
      <td>
        {member.status !== "deactivated" && (
          <details className="c-details">
            <summary>
              Change<span className="c-sr-only"> {member.name}</span>
            </summary>
            <ActionForm action={updateMemberAction} submitLabel="Save" label={`Change ${member.name}`}>
              <input type="hidden" name="memberId" value={member.id} />
              <RoleSelect id={`role-${member.id}`} defaultValue={member.role} />
              <DepartmentChecks
                legend="Departments"
                idPrefix={member.id}
                departments={props.departments}
                selected={member.departmentIds}
              />
            </ActionForm>
            {!props.isSelf && (
              <ConfirmAction
                action={revokeMemberSessionsAction}
                fields={{ memberId: member.id }}
                label={`Sign ${member.name} out everywhere…`}
                question={`End every session of ${member.name} now? Each of their devices is signed out at its next request.`}
                confirmLabel="Sign out everywhere"
                isDanger
              />
            )}
            {!props.isSelf && (
              <ConfirmAction
                action={deactivateMemberAction}
                fields={{ memberId: member.id }}
                label={`Deactivate ${member.name}…`}
                question={`Deactivate ${member.name}? Their sessions end now and their conversations go back to the queue.`}
                confirmLabel="Deactivate"
                isDanger
              />
            )}
          </details>
        )}
      </td>
    </tr>
  );
}

function RoleSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  return (
    <div className="c-field">
      <label htmlFor={id}>Role</label>
      <select id={id} name="role" defaultValue={defaultValue}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </div>
  );
}

function DepartmentChecks(props: {
  legend: string;
  idPrefix: string;
  departments: TDepartment[];
  selected: string[];
}) {
  return (
    <fieldset className="c-fieldset">
      <legend>{props.legend}</legend>
      <div className="c-checks">
        {props.departments.map((d) => (
          <label key={d.id} className="c-check" htmlFor={`${props.idPrefix}-dept-${d.id}`}>
            <input
              id={`${props.idPrefix}-dept-${d.id}`}
              type="checkbox"
              name="departmentIds"
              value={d.id}
              defaultChecked={props.selected.includes(d.id)}
            />
            {d.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
